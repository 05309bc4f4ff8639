#!/usr/bin/env python3
"""Every diagnostic text of the compiler has a lit test that checks it.

As Carbon's toolchain does for its diagnostic kinds: the rows of
compiler/diag/messages.def (messages, notes, hints, pieces) and of
compiler/parse/syntax_errors.def must each be matched by a CHECK line of
tests/lit/**, unless listed in UNTESTED below with the reason; a listed row
that a test checks fails too (the list must stay true). Every finding ID of
compiler/diag/findings.def must appear in a CHECK line as ": ID:".

A row matches a CHECK line when its format string, with each `{...}` read as
"some text", is found in the CHECK text, FileCheck's {{regex}} and [[VAR]]
standing for any text. A CHECK may stop early (FileCheck matches a part of
the line): it counts when it reaches past the row's first argument and its
first 8 literal characters.

Usage: messages_coverage.py ROOT [--list]   (--list prints each row and the test that checks it)
"""
import re
import sys
from pathlib import Path

# Rows no lit test checks yet, with the reason. Printed by the test; keep it true.
UNTESTED = {
    'UnexpectedLiteral': 'unreachable: the grammar\'s `literal` is never a name or a list (those parse as paths and '
                         'list expressions); kept so that a grammar change cannot compile a policy silently',
    'g::comment_end': 'replaced: a comment refuses only NUL and invalid UTF-8, which the parser reports as the bad '
                      'byte ("unexpected NUL byte", "invalid UTF-8 byte 0x..")',
}

ROW = re.compile(r'\bCUTOVER_(MESSAGE|NOTE|HINT|PIECE|SYNTAX_ERROR)\(')
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
ANY = '\x00'  # FileCheck's {{regex}} or [[VAR]] in a CHECK text


def unescape(s):
    return s.encode().decode('unicode_escape')


def rows_of(path, kind_filter=None):
    """(name, text) of each row of a .def file; adjacent string literals join."""
    text = path.read_text()
    # Drop comments so that documentation of the macros is not read as rows.
    text = re.sub(r'//[^\n]*', '', text)
    rows = []
    for m in ROW.finditer(text):
        depth, i, in_str = 1, m.end(), False
        while depth:
            c = text[i]
            if in_str:
                if c == '\\':
                    i += 1
                elif c == '"':
                    in_str = False
            elif c == '"':
                in_str = True
            elif c == '(':
                depth += 1
            elif c == ')':
                depth -= 1
            i += 1
        args = text[m.end():i - 1]
        name = args.split(',')[0].strip()
        fmt = ''.join(unescape(s) for s in STRING.findall(args))
        if m.group(1) == 'SYNTAX_ERROR':
            fmt = fmt.replace('{verbs}', '{}')
        else:
            fmt = fmt.replace('{{', '\x01').replace('}}', '\x02')
        rows.append((m.group(1), name, fmt))
    return rows


def row_regex(fmt):
    """The regex a CHECK text must contain for the row (see the docstring)."""
    hole = '[^\n]+?'
    tokens = []  # a literal character, or None for a hole
    for i, piece in enumerate(re.split(r'\{[^{}]*\}', fmt)):
        if i:
            tokens.append(None)
        tokens += piece.replace('\x01', '{').replace('\x02', '}')
    regex = lambda ts: ''.join(hole if t is None else re.escape(t) for t in ts)
    # Required: past the first hole and at least 8 literal characters; the rest may be cut short.
    required, literals, seen_hole = len(tokens), 0, None not in tokens
    for i, t in enumerate(tokens):
        seen_hole = seen_hole or t is None
        literals += t is not None
        if seen_hole and literals >= 8:
            required = i + 1
            break
    tail = ''
    for t in reversed(tokens[required:]):
        tail = regex([t]) + ('(?:' + tail + ')?' if tail else '')
    if not tail:
        return re.compile(regex(tokens))
    return re.compile('(?:' + regex(tokens) + ')|(?:' + regex(tokens[:required]) + '(?:' + tail + r')?\s*$)')


def check_texts(root):
    """(file:line, text) of every CHECK line of tests/lit, with the prefixes each file declares."""
    out = []
    for path in sorted((root / 'tests' / 'lit').rglob('*')):
        if not path.is_file() or path.suffix in ('.py', '.golden', '.json', '.in'):
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        prefixes = {'CHECK'}
        for m in re.finditer(r'--check-prefix(?:es)?[= ]([\w,-]+)', text):
            prefixes.update(m.group(1).split(','))
        directive = re.compile(r'\b(' + '|'.join(sorted(map(re.escape, prefixes), key=len, reverse=True)) +
                               r')(-NEXT|-SAME|-LABEL|-DAG|-EMPTY)?:(.*)$')
        for n, line in enumerate(text.split('\n'), 1):
            m = directive.search(line)
            if not m:
                continue
            body = re.sub(r'\{\{.*?\}\}|\[\[.*?\]\]', ANY, m.group(3).strip())
            out.append((f'{path.relative_to(root)}:{n}', body))
    return out


def main():
    root = Path(sys.argv[1])
    rows = (rows_of(root / 'compiler' / 'diag' / 'messages.def') +
            rows_of(root / 'compiler' / 'parse' / 'syntax_errors.def'))
    checks = check_texts(root)
    failures = []
    names = [name for _, name, _ in rows]
    for name in sorted({n for n in names if names.count(n) > 1}):
        failures.append(f'{name}: named twice')
    for name in sorted(set(UNTESTED) - set(names)):
        failures.append(f'{name}: listed as untested but no row has that name')
    tested = {}
    for kind, name, fmt in rows:
        regex = row_regex(fmt)
        # ANY in a CHECK text may stand for a hole's text.
        hit = next((where for where, body in checks if regex.search(body) or
                    (ANY in body and regex.search(body.replace(ANY, 'X')))), None)
        tested[name] = hit
        if hit and name in UNTESTED:
            failures.append(f'{name}: listed as untested, but {hit} checks it: remove it from UNTESTED')
        if not hit and name not in UNTESTED:
            failures.append(f'{name} ({kind.lower()} "{fmt}"): no lit test checks it; add one, or list it in UNTESTED')
    findings = re.sub(r'//[^\n]*', '', (root / 'compiler' / 'diag' / 'findings.def').read_text())
    ids = re.findall(r'CUTOVER_FINDING\(\w+, "([^"]+)"', findings)
    for finding in ids:
        if not any(f': {finding}:' in body for _, body in checks):
            failures.append(f'{finding}: no CHECK line contains ": {finding}:"')
    if '--list' in sys.argv:
        for kind, name, fmt in rows:
            print(f'{name:32} {tested[name] or "UNTESTED"}')
    print(f'{len(rows)} rows, {sum(1 for t in tested.values() if t)} checked by lit tests, '
          f'{len(UNTESTED)} listed as untested:')
    for name, reason in sorted(UNTESTED.items()):
        print(f'  {name}: {reason}')
    for f in failures:
        print('FAIL:', f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
