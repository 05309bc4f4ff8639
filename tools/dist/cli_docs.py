#!/usr/bin/env python3
"""Man pages and shell completions for cutover, generated from the built
binary's own help, so that they follow whatever commands and options it has.

Usage: cli_docs.py --cutover BIN --out DIR [--findings compiler/diag/findings.def]
       cli_docs.py --cutover BIN --dump        (the parsed command line, as JSON)

Writes, in DIR laid out like an installed share/: man/man1/cutover.1.gz and
man/man1/cutover-COMMAND.1.gz (gzip without a timestamp: the same binary gives
the same bytes), bash-completion/completions/cutover,
zsh/vendor-completions/_cutover and fish/vendor_completions.d/cutover.fish.
Run by tools/dist/CMakeLists.txt after the cutover target is built; tests/dist
checks the results with man, bash, zsh and fish.

What it reads (docs/architecture.md, "Help text the generators read"):
- `cutover --help`: the overview (`OVERVIEW: text`, or the first line that is
  not a heading), the commands, each either a line `  NAME  - summary` /
  `  NAME  summary` under a heading `COMMANDS:` or `SUBCOMMANDS:`, or a usage
  line `cutover NAME ...`; and the top-level options.
- `cutover COMMAND --help`: its summary (`SUBCOMMAND 'NAME': summary`, else
  the top-level list, else its first paragraph), its usage lines (`USAGE: cutover NAME ...`, several
  allowed, continuation lines starting with `cutover`), free text (the
  description), and its options under headings (a line ending in `:`).
- An option line is indented and starts with `-`: the names (`-o, --output`),
  an optional value (`--format=<string>`, `--format FORMAT`, `--x[=WHEN]`),
  then the description after two spaces or ` - `, or on the following, deeper
  indented lines. The values an option takes come from LLVM's `=value` lines
  under it, from a value written `a|b|c` or `{a,b,c}`, or from a description
  that ends in a list after a colon: `Output format: text, json or sarif`
  (a parenthesised remark in it is ignored).
- A positional argument is what a usage line has after the command name that
  is not an option: `<ID>` or `ID` completes policy and finding IDs, `COMMAND`
  the commands; anything else (`<file or directory>...`, `FILE`, `OLD NEW`)
  `.cut` files and directories.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys

HEADING = re.compile(r"^(\S.*):\s*$")
USAGE = re.compile(r"^\s*usage:\s*(.*)$", re.I)
OPTION_NAME = re.compile(r"-{1,2}[A-Za-z0-9][\w-]*")
# The description of an option starts after two spaces, or after LLVM's " - ".
DESC_SPLIT = re.compile(r"\s{2,}|\s+-\s+(?=\S)")
VALUE_LINE = re.compile(r"^\s+=([\w.-]+)(?:\s+-\s+(.*))?$")
WORD = r"[a-z][\w.-]*"
LISTED = re.compile(rf":\s*({WORD}(?:,\s*{WORD})*,?\s+or\s+{WORD})\s*[.;]?\s*$")
PIPED = re.compile(rf"\b({WORD}(?:\|{WORD})+)\b")


class Option:
    def __init__(self, names, value, desc, section):
        self.names = names  # ["-o", "--output"]
        self.spec = " ".join(names)  # as the help writes it: "-o, --output=<file>"
        self.value = value  # the placeholder as printed ("string", "DIR"), or None for a flag
        self.desc = desc
        self.section = section
        self.values = []  # the words it accepts, when the help lists them
        self.value_help = {}  # value -> its description, from LLVM's `=value - text` lines
        self.joined = False  # the value written as --name=VALUE

    def kind(self):
        """How a value is completed: 'words', 'dirs', 'files' or 'none'."""
        if self.values:
            return "words"
        if self.value is None:
            return "none"
        if re.search(r"\bdir", self.value, re.I):
            return "dirs"
        if re.search(r"\b(file|out|path)", self.value, re.I):
            return "files"
        return "none"

    def dump(self):
        return {"names": self.names, "value": self.value, "values": self.values, "desc": self.desc,
                "section": self.section, "kind": self.kind()}


class Command:
    def __init__(self, name, summary=""):
        self.name = name
        self.summary = summary
        self.usage = []  # full usage lines, "cutover check [options] <file>..."
        self.text = []  # paragraphs of free text
        self.options = []

    def positional(self):
        """'ids', 'commands', 'files' or 'none': what the arguments after the options are."""
        args = []
        for line in self.usage:
            words = line.split()
            rest = words[2:] if len(words) > 1 and words[1] == self.name else words[1:]
            args += [w for w in rest if not w.lstrip("[").startswith("-") and w.lower() not in ("[options]", "[option]...")]
        text = " ".join(args)
        if not args:
            return "none"
        if re.search(r"\bID\b", text):
            return "ids"
        if re.search(r"\bCOMMAND\b", text, re.I) and not re.search(r"file|path|dir", text, re.I):
            return "commands"
        return "files"

    def dump(self):
        return {"name": self.name, "summary": self.summary, "usage": self.usage, "text": self.text,
                "positional": self.positional(), "options": [o.dump() for o in self.options]}


def help_text(cutover, args):
    # No stdin and a time limit: a command that ignored --help (a server reading stdin) must not hang the build.
    try:
        run = subprocess.run([cutover] + args, capture_output=True, text=True, env=dict(os.environ, NO_COLOR="1"),
                             stdin=subprocess.DEVNULL, timeout=60)
    except subprocess.TimeoutExpired:
        sys.exit(f"cli_docs.py: '{' '.join([cutover] + args)}' did not finish within 60 s")
    if run.returncode != 0:
        sys.exit(f"cli_docs.py: '{' '.join([cutover] + args)}' failed (exit {run.returncode}):\n{run.stderr}")
    return run.stdout


def parse_option_spec(spec):
    """'-o, --output=<file>' -> (['-o', '--output'], 'file', True)."""
    names, value, joined = [], None, False
    for part in re.split(r",\s*", spec.strip()):
        m = OPTION_NAME.match(part)
        if not m:
            continue
        names.append(m.group(0))
        rest = part[m.end():]
        if rest:
            joined = joined or rest.lstrip("[").startswith("=")
            value = rest.strip().strip("[]").lstrip("=").strip("<>") or value
    return names, value, joined


def parse_help(text):
    """(overview, usage lines, free text paragraphs, options, listed commands) of one help text."""
    overview, usage, paragraphs, options, commands = "", [], [], [], []
    section, in_usage, paragraph, last, indent = "", False, [], None, 0

    def end_paragraph():
        if paragraph:
            paragraphs.append(" ".join(paragraph))
            paragraph.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            end_paragraph()
            in_usage = False
            last = None
            continue
        if stripped.startswith("OVERVIEW:"):
            overview = stripped[len("OVERVIEW:"):].strip()
            continue
        m = USAGE.match(line)
        if m:
            end_paragraph()
            in_usage = True
            if m.group(1):
                usage.append(" ".join(m.group(1).split()))
            continue
        if in_usage and re.match(r"^(cutover|\S+/cutover)\b", stripped):
            usage.append(" ".join(stripped.split()))
            continue
        in_usage = False
        if re.match(r"^SUBCOMMAND '", stripped):
            paragraphs.append(stripped)
            continue
        m = HEADING.match(line)
        if m and not line.startswith(" "):
            end_paragraph()
            section = m.group(1).strip()
            in_usage = section.lower() == "usage"
            continue
        command_section = re.fullmatch(r"(sub)?commands", section, re.I) is not None
        if line.startswith(" ") and stripped.startswith("-") and not command_section:
            end_paragraph()
            parts = DESC_SPLIT.split(stripped, maxsplit=1)
            names, value, joined = parse_option_spec(parts[0])
            if names:
                desc = re.sub(r"^-\s+", "", parts[1].strip()) if len(parts) > 1 else ""
                last = Option(names, value, desc, section)
                last.spec = parts[0]
                last.joined = joined
                options.append(last)
                indent = len(line) - len(line.lstrip())
                continue
        if last is not None:
            m = VALUE_LINE.match(line)
            if m:
                last.values.append(m.group(1))
                last.value_help[m.group(1)] = (m.group(2) or "").strip()
                continue
            if len(line) - len(line.lstrip()) > indent:
                last.desc = (last.desc + " " + stripped).strip()
                continue
            last = None
        if command_section:
            m = re.match(r"^\s+([a-z][\w-]*)(?:\s+-\s+|\s{2,})(.*)$", line)
            if m:
                commands.append((m.group(1), m.group(2).strip()))
                continue
            if re.match(r"^\s+[a-z][\w-]*\s*$", line):
                commands.append((stripped, ""))
                continue
        if not overview and not paragraphs and not usage and not section:
            overview = stripped
            continue
        paragraph.append(stripped)
    end_paragraph()
    for o in options:
        o.values = o.values or listed_values(o)
    return overview, usage, paragraphs, options, commands


def listed_values(option):
    if option.value is None:
        return []
    for pattern in (r"^\{([\w.,-]+)\}$", r"^([\w.-]+(?:\|[\w.-]+)+)$"):
        m = re.match(pattern, option.value)
        if m:
            return re.split(r"[,|]", m.group(1))
    desc = re.sub(r"\s*\([^)]*\)", "", option.desc)
    m = LISTED.search(desc)
    if m:
        return [w for w in re.split(r",\s*|,?\s+or\s+", m.group(1)) if w]
    m = PIPED.search(desc)
    return m.group(1).split("|") if m else []


class Cli:
    def __init__(self, cutover):
        top = help_text(cutover, ["--help"])
        self.overview, self.usage, self.text, self.options, listed = parse_help(top)
        self.overview = re.sub(r"^cutover:\s*", "", self.overview)
        names = [name for name, _ in listed]
        for line in self.usage:
            m = re.match(r"^\S*cutover\s+([a-z][\w-]*)\b", line)
            if m and m.group(1) not in names:
                names.append(m.group(1))
        if not names:
            sys.exit("cli_docs.py: found no commands in 'cutover --help' (see the format this script expects)")
        summaries = dict(listed)
        self.commands = []
        for name in names:
            c = Command(name, summaries.get(name, ""))
            _, c.usage, paragraphs, c.options, _ = parse_help(help_text(cutover, [name, "--help"]))
            for p in paragraphs:
                m = re.match(r"^SUBCOMMAND '[^']*':\s*(.*)$", p)
                if m:
                    c.summary = c.summary or m.group(1)
                elif not p.startswith("Type "):
                    c.text.append(p)
            c.usage = [u for u in c.usage if re.match(rf"^\S*cutover\s+{re.escape(name)}\b", u)] or c.usage
            if not c.summary and c.text:  # the layout without a command list: the first paragraph
                c.summary = c.text.pop(0).rstrip(".")
            self.commands.append(c)
        version = help_text(cutover, ["--version"]).split()
        self.version = version[1] if len(version) > 1 else ""

    def command_names(self):
        return [c.name for c in self.commands]

    def dump(self):
        return {"overview": self.overview, "version": self.version, "usage": self.usage,
                "options": [o.dump() for o in self.options], "commands": [c.dump() for c in self.commands]}


# --- man pages ---------------------------------------------------------------

def roff(text):
    """Text for a roff line, printed as written: backslashes, minus signs and quotes escaped (groff would
    print typographic ones), no leading control character."""
    text = text.replace("\\", "\\e").replace("-", "\\-").replace("'", "\\(aq").replace("`", "\\(ga")
    return "\\&" + text if text.startswith(".") else text


def man_spec(spec):
    """The option as the help writes it (`--format=<string>`, `-o, --output FILE`): names bold, values italic."""
    out = []
    for n, part in enumerate(re.split(f"({OPTION_NAME.pattern})", spec)):
        if n % 2:
            out.append(f"\\fB{roff(part)}\\fR")
            continue
        m = re.match(r"^(\[?=?|,?\s*)(.*?)(\]?)$", part)
        lead, value, close = m.groups()
        out.append(roff(lead) + (f"\\fI{roff(value)}\\fR" if value else "") + close)
    return "".join(out)


def man_option(o):
    lines = [".TP", man_spec(o.spec), roff(o.desc) if o.desc else "\\&"]
    if any(o.value_help.values()):
        lines.append(".RS")
        for v in o.values:
            lines += [".TP", f"\\fB{roff(v)}\\fR", roff(o.value_help.get(v, "")) or "\\&"]
        lines.append(".RE")
    elif o.values and not re.search(r"\b" + r"\b.*\b".join(map(re.escape, o.values)) + r"\b", o.desc):
        lines.append(".br\nValues: " + roff(", ".join(o.values)) + ".")
    return lines


def man_options(options):
    out, section = [], None
    for o in options:
        if o.section != section:
            section = o.section
            if section and section.upper() != "OPTIONS":
                out.append(".SS " + roff(section))
        out += man_option(o)
    return out


EXIT_STATUS = [
    ".TP", "0", "Nothing at or above \\-\\-fail\\-on (fmt: every file formatted, or nothing would change).",
    ".TP", "1", "Findings at or above \\-\\-fail\\-on: syntax, semantic and policy errors alike "
    "(fmt: a file would change or does not parse; test: an expectation failed).",
    ".TP", "2", "The tool could not do its job: unknown command or option, bad option value, no input file, "
    "unreadable file, unwritable output.",
]
ENVIRONMENT = [
    ".TP", ".B CUTOVER_PATH", "Directories (separated by ':') searched for packs after the installed ones "
    "and before \\-\\-pack\\-path.",
    ".TP", ".B NO_COLOR", "When set and not empty, \\-\\-color=auto does not colour.",
]
FILES = [
    ".TP", ".I ../share/cutover/policies", "The installed policy packs (`use NAME` loads NAME.cut), found "
    "relative to the directory of the cutover binary: /usr/share/cutover/policies for /usr/bin/cutover.",
    ".TP", ".I /usr/share/doc/cutover", "The documentation: the language, the command line (cli.md), "
    "the policy catalogue (policies.md).",
]


def man_page(cli, title, name_line, synopsis, description, sections):
    head = [f'.TH {title} 1 "" "cutover {cli.version}" "User Commands"',
            ".\\\" Generated from the program's --help by tools/dist/cli_docs.py; do not edit.",
            ".nh", ".ad l", ".SH NAME", name_line, ".SH SYNOPSIS"]
    body = []
    for s in synopsis:
        body += [s, ".br"]
    if synopsis:
        body.pop()
    body += [".SH DESCRIPTION"] + description
    for heading, lines in sections:
        if lines:
            body += [".SH " + heading] + lines
    return "\n".join(head + body) + "\n"


def synopsis_line(usage):
    words = usage.split()
    words[0] = "cutover"
    bold = 2 if len(words) > 1 and not words[1].startswith(("[", "<", "-")) else 1
    rest = " ".join(words[bold:])
    return f".B {' '.join(words[:bold])}\n{roff(rest)}" if rest else f".B {' '.join(words[:bold])}"


def top_page(cli):
    commands = []
    for c in cli.commands:
        page = f" (\\fBcutover\\-{roff(c.name)}\\fR(1))" if c.name != "help" else ""
        commands += [".TP", f"\\fBcutover {roff(c.name)}\\fR", (roff(c.summary) or "\\&") + page]
    description = ([roff(cli.overview[:1].upper() + cli.overview[1:]) + "."] if cli.overview else []) + [
        ".PP",
        "A .cut file describes a deployment as it runs today and a migration plan made of phases. cutover "
        "parses it, checks it, compiles it into a verified phase graph, and reports every policy violation "
        "in every reachable intermediate state of the plan, with the phase trace that reaches it.",
        ".PP", "Each command prints its options with \\fBcutover\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR and has "
        "its own manual page, \\fBcutover\\-\\fR\\fICOMMAND\\fR(1).",
    ]
    see_also = ", ".join(f"\\fBcutover\\-{roff(c.name)}\\fR(1)" for c in cli.commands if c.name != "help")
    return man_page(cli, "CUTOVER", "cutover \\- " + roff(cli.overview or "policy checks"),
                    [".B cutover\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGS\\fR...]",
                     ".B cutover \\-\\-version", ".B cutover \\-\\-help"],
                    description, [("COMMANDS", commands), ("OPTIONS", man_options(cli.options)),
                                  ("EXIT STATUS", EXIT_STATUS), ("ENVIRONMENT", ENVIRONMENT),
                                  ("FILES", FILES), ("SEE ALSO", [see_also])])


def command_page(cli, c):
    summary = c.summary[:1].upper() + c.summary[1:]
    description = [roff(summary.rstrip(".") + ".")] if summary else []
    for p in c.text:
        description += [".PP", roff(p)]
    synopsis = [synopsis_line(u) for u in c.usage] or [f".B cutover {c.name}"]
    return man_page(cli, "CUTOVER\\-" + roff(c.name.upper()), f"cutover\\-{roff(c.name)} \\- {roff(c.summary)}",
                    synopsis, description or ["\\&"],
                    [("OPTIONS", man_options(c.options)), ("EXIT STATUS", EXIT_STATUS),
                     ("ENVIRONMENT", ENVIRONMENT), ("SEE ALSO", ["\\fBcutover\\fR(1)"])])


# --- completions -------------------------------------------------------------

def shell_words(words):
    return " ".join(words)


def finding_ids(path):
    if not path:
        return []
    text = open(path, encoding="utf-8").read()
    ids = re.findall(r'^CUTOVER_FINDING\(\w+,\s*"([A-Z][A-Z0-9-]*)"', text, re.M)
    if not ids:
        sys.exit(f"cli_docs.py: no CUTOVER_FINDING(...) IDs in {path}")
    return ids


def bash_completion(cli, ids):
    valued = sorted({n for c in cli.commands for o in c.options if o.value for n in o.names} |
                    {n for o in cli.options if o.value for n in o.names})
    out = [
        "# bash completion for cutover. Generated from `cutover --help` by tools/dist/cli_docs.py; do not edit.",
        "",
        "# Policy IDs of the packs the completed cutover finds, then the compiler's finding IDs.",
        "_cutover_ids() {",
        "    \"$1\" policies 2>/dev/null | awk '/^[A-Z][A-Z0-9]*-[A-Z0-9-]+ / {print $1}'",
        f"    printf '%s\\n' {shell_words(ids)}",
        "}",
        "",
        "_cutover() {",
        "    local cur prev words cword split",
        "    _init_completion -s || return",
        "    local i command='' dashdash=''",
        "    for ((i = 1; i < cword; i++)); do",
        "        case ${words[i]} in",
        "            --) [[ -n $command ]] && dashdash=1 ;;",
    ] + ([f"            {'|'.join(valued)}) ((i++)) ;;  # the option's value is the next word"] if valued else []) + [
        "            -*) ;;",
        "            *) [[ -z $command ]] && command=${words[i]} ;;",
        "        esac",
        "    done",
        "    if [[ -z $command ]]; then",
        "        if [[ $cur == -* ]]; then",
        f"            COMPREPLY=($(compgen -W '{shell_words(n for o in cli.options for n in o.names)}' -- \"$cur\"))",
        "        else",
        f"            COMPREPLY=($(compgen -W '{shell_words(cli.command_names())}' -- \"$cur\"))",
        "        fi",
        "        return",
        "    fi",
        "    case $command in",
    ]
    for c in cli.commands:
        out.append(f"        {c.name})")
        value_cases = []
        for o in c.options:
            kind = o.kind()
            if o.value is None:
                continue
            action = {"words": f"COMPREPLY=($(compgen -W '{shell_words(o.values)}' -- \"$cur\"))",
                      "dirs": "_filedir -d", "files": "_filedir", "none": ":"}[kind]
            value_cases.append(f"                {'|'.join(o.names)}) {action}; return ;;")
        if value_cases:
            out += ["            [[ -z $dashdash ]] && case $prev in"] + value_cases + ["            esac"]
        out += ["            if [[ -z $dashdash && $cur == -* ]]; then",
                f"                COMPREPLY=($(compgen -W '{shell_words(n for o in c.options for n in o.names)} --' "
                "-- \"$cur\"))",
                "                return",
                "            fi"]
        out.append({"ids": "            COMPREPLY=($(compgen -W \"$(_cutover_ids \"${words[0]}\")\" -- \"$cur\"))",
                    "commands": f"            COMPREPLY=($(compgen -W '{shell_words(cli.command_names())}' -- \"$cur\"))",
                    "files": "            _filedir cut",
                    "none": "            :"}[c.positional()])
        out.append("            ;;")
    out += ["    esac", "}", "complete -F _cutover cutover", ""]
    return "\n".join(out)


def zsh_quote(text):
    """Text inside a single-quoted _arguments spec's [description]."""
    text = text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:")
    return text.replace("'", "'\\''")


def zsh_spec(o):
    action = {"words": "(" + " ".join(o.values) + ")", "dirs": "_files -/", "files": "_files", "none": " "}[o.kind()]
    desc = zsh_quote(o.desc)
    specs = []
    exclusive = "(" + " ".join(o.names) + ")" if len(o.names) > 1 else ""
    for n in o.names:
        if o.value is None:
            specs.append(f"'{exclusive}{n}[{desc}]'")
        else:  # `--x=`: the value after '=' or as the next word; '*': may repeat (--pack-path)
            specs.append(f"'*{n}{'=' if o.joined else ''}[{desc}]:{zsh_quote(o.value)}:{action}'")
    return specs


def zsh_completion(cli, ids):
    commands = [f"'{c.name}:{zsh_quote(c.summary)}'" for c in cli.commands]
    out = [
        "#compdef cutover",
        "# zsh completion for cutover. Generated from `cutover --help` by tools/dist/cli_docs.py; do not edit.",
        "",
        "_cutover_ids() {",
        "  local -a ids",
        "  # $cutover: the command as typed, set by _cutover (after `*::`, $words holds the command's words only).",
        "  ids=(${${(M)${(f)\"$(_call_program policies ${(q)cutover:-cutover} policies 2>/dev/null)\"}:#[A-Z]*}%% *}",
        f"    {shell_words(ids)})",
        "  _describe -t ids 'policy or finding ID' ids",
        "}",
        "",
        "_cutover_commands() {",
        "  local -a commands",
        f"  commands=({' '.join(commands)})",
        "  _describe -t commands 'cutover command' commands",
        "}",
        "",
        "_cutover() {",
        "  local curcontext=$curcontext state line cutover=$words[1]",
        "  typeset -A opt_args",
        "  _arguments -C \\",
    ]
    out += [f"    {s} \\" for o in cli.options for s in zsh_spec(o)]
    out += ["    '1: :_cutover_commands' \\", "    '*:: :->args' && return", "",
            "  curcontext=${curcontext%:*}-$line[1]:", "  case $line[1] in"]
    for c in cli.commands:
        positional = {"ids": "'*: :_cutover_ids'", "commands": "'*: :_cutover_commands'",
                      "files": "'*:file:_files -g \"*.cut(-.)\"'", "none": ""}[c.positional()]
        specs = [s for o in c.options for s in zsh_spec(o)] + ([positional] if positional else [])
        out.append(f"    ({c.name})")
        out.append("      _arguments -S \\")
        out += [f"        {s} \\" for s in specs]
        out[-1] = out[-1][:-2]
        out.append("      ;;")
    out += ["  esac", "}", "", "_cutover \"$@\"", ""]
    return "\n".join(out)


def fish_quote(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fish_completion(cli, ids):
    names = shell_words(cli.command_names())
    out = [
        "# fish completion for cutover. Generated from `cutover --help` by tools/dist/cli_docs.py; do not edit.",
        "",
        "function __cutover_ids",
        "    set -l cutover (commandline -opc)[1]",
        "    command $cutover policies 2>/dev/null | string match -r '^[A-Z][A-Z0-9]*-[A-Z0-9-]+(?= )'",
        f"    printf '%s\\n' {shell_words(ids)}",
        "end",
        "",
        "complete -c cutover -f",
    ]
    for o in cli.options:
        out.append(fish_option("__fish_use_subcommand", o))
    for c in cli.commands:
        out.append(f"complete -c cutover -n '__fish_use_subcommand' -a {c.name} -d {fish_quote(c.summary)}")
    for c in cli.commands:
        cond = f"__fish_seen_subcommand_from {c.name}"
        for o in c.options:
            out.append(fish_option(cond, o))
        positional = {"ids": "-x -a '(__cutover_ids)'", "commands": f"-x -a '{names}'",
                      "files": "-k -a '(__fish_complete_suffix .cut)'", "none": ""}[c.positional()]
        if positional:
            out.append(f"complete -c cutover -n '{cond}' {positional}")
    return "\n".join(out) + "\n"


def fish_option(cond, o):
    flags = []
    for n in o.names:
        if n.startswith("--"):
            flags.append(f"-l {n[2:]}")
        elif len(n) == 2:
            flags.append(f"-s {n[1:]}")
        else:
            flags.append(f"-o {n[1:]}")
    kind = o.kind()
    value = {"words": "-x -a " + fish_quote(" ".join(o.values)), "dirs": "-r -a '(__fish_complete_directories)'",
             "files": "-r -F", "none": "-x" if o.value else ""}[kind]
    parts = [f"complete -c cutover -n '{cond}'"] + flags + ([value] if value else []) + ["-d " + fish_quote(o.desc)]
    return " ".join(parts)


# --- main ----------------------------------------------------------------------

def write(path, data, compress=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    raw = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(gzip.compress(raw, compresslevel=9, mtime=0) if compress else raw)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cutover", required=True, help="the built cutover binary")
    parser.add_argument("--out", help="the share/ directory to write into")
    parser.add_argument("--findings", help="compiler/diag/findings.def: the finding IDs `explain` completes")
    parser.add_argument("--dump", action="store_true", help="print the parsed command line as JSON")
    args = parser.parse_args()
    cli = Cli(args.cutover)
    if args.dump:
        json.dump(cli.dump(), sys.stdout, indent=2)
        print()
        return
    if not args.out:
        parser.error("--out or --dump")
    man = os.path.join(args.out, "man", "man1")
    shutil.rmtree(man, ignore_errors=True)  # pages of commands that are gone
    write(os.path.join(man, "cutover.1.gz"), top_page(cli), compress=True)
    for c in cli.commands:
        if c.name != "help":
            write(os.path.join(man, f"cutover-{c.name}.1.gz"), command_page(cli, c), compress=True)
    ids = finding_ids(args.findings)
    write(os.path.join(args.out, "bash-completion", "completions", "cutover"), bash_completion(cli, ids))
    write(os.path.join(args.out, "zsh", "vendor-completions", "_cutover"), zsh_completion(cli, ids))
    write(os.path.join(args.out, "fish", "vendor_completions.d", "cutover.fish"), fish_completion(cli, ids))


if __name__ == "__main__":
    main()
