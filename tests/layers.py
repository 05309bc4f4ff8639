#!/usr/bin/env python3
"""The include-layer test (ctest `layers`): the #include edges of the C++
sources must follow the CMake links, and the links the declared order of
layers (docs/architecture.md#layers).

Usage: tests/layers.py [SOURCE_DIR]   (default: this repository)

Reads every CMakeLists.txt reached by add_subdirectory from SOURCE_DIR, and
each target's explicit list of sources (headers included). Prints one line per
problem, `file:line: ...`, and exits 1 when
  (a) a file includes a header of a target, or a package header (<llvm/...>,
      <fmt/...>, ...), that its target does not link directly;
  (b) a target links a target or package that none of its files includes;
  (c) a link is PUBLIC (INTERFACE) though no header of the target needs it, or
      PRIVATE though one does;
  (d) a link goes against LAYERS: every library of grammar/, compiler/,
      runtime/ and tools/ has a rank, and links only libraries of lower rank;
  (e) modules (x.h and x.cpp together) include each other in a cycle;
  (f) a source file is listed by no target (or by two), an include cannot be
      found, or a CMakeLists.txt globs its sources;
  (g) a file of the verification engine (ENGINE_FOLDERS) includes a clock
      header or reads the environment.
"""

import os
import re
import sys

# The declared order, lowest first. A library may link only libraries of an
# earlier row; libraries of one row do not link each other. Test and bench
# targets are above every row. The coarse order grammar < compiler < runtime
# < tools follows from the folders (checked below).
LAYERS = [
    ["cutover_grammar"],
    ["cutover_diag", "cutover_io", "cutover_ast"],
    ["cutover_parse"],
    ["cutover_format", "cutover_sema"],
    ["cutover_policy", "cutover_graph"],
    ["cutover_state"],
    ["cutover_explore"],
    ["cutover_eval"],
    ["cutover_eval_full", "cutover_eval_reduced"],
    ["cutover_verify", "cutover_report"],
    ["cutover_session"],
    ["cutover_diff"],
    ["cutover_driver", "cutover_lsp"],
    ["cutover"],
]
COARSE = ["grammar", "compiler", "runtime", "tools"]

# The verification engine is a function of its inputs: it reads no clock and
# no environment variable (the session reads the date and the options, and
# passes them in).
ENGINE_FOLDERS = ("runtime/eval/", "runtime/verify/")
CLOCK_HEADERS = {"ctime", "chrono", "time.h", "sys/time.h"}
ENVIRONMENT = re.compile(r"\b(?:secure_)?getenv\b")

# Third-party packages: the CMake target and the include prefixes it provides.
PACKAGES = {
    "cutover_llvm": ("llvm/", "llvm-c/"),
    "fmt::fmt": ("fmt/",),
    "taocpp::pegtl": ("tao/pegtl",),
    "GTest::gtest": ("gtest/",),
    "GTest::gmock": ("gmock/",),
    "benchmark::benchmark": ("benchmark/",),
    "${CUTOVER_JEMALLOC_LIBRARY}": ("jemalloc/",),
}
# Linked for their main(), never included.
LINK_ONLY = {"GTest::gtest_main", "GTest::gmock_main", "benchmark::benchmark_main"}

SOURCE_EXTENSIONS = (".cpp", ".h", ".hpp", ".def")
HEADER_EXTENSIONS = (".h", ".hpp", ".def")
# Where every source file must belong to a target.
SOURCE_DIRS = ["grammar", "compiler", "runtime", "tools", "tests/unit", "tests/fuzz", "bench"]

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
COMMAND = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(")
VISIBILITY = {"PUBLIC", "PRIVATE", "INTERFACE"}


class Target:
    def __init__(self, name, kind, where):
        self.name = name
        self.kind = kind  # "library", "interface" or "executable"
        self.where = where  # "file:line" of its add_library/add_executable
        self.files = []
        self.links = {}  # name -> (visibility, "file:line")


class Checker:
    def __init__(self, root):
        self.root = root
        self.targets = {}
        self.problems = []

    def problem(self, where, text):
        self.problems.append(f"{where}: {text}")

    # --- CMake -------------------------------------------------------------

    def read_cmake(self, rel_dir):
        path = os.path.join(rel_dir, "CMakeLists.txt") if rel_dir else "CMakeLists.txt"
        try:
            text = open(os.path.join(self.root, path)).read()
        except OSError:
            self.problem(path, "cannot read")
            return
        text = "\n".join(strip_comment(line) for line in text.split("\n"))
        pos = 0
        while True:
            m = COMMAND.search(text, pos)
            if not m:
                break
            end = closing_paren(text, m.end())
            line = text.count("\n", 0, m.start()) + 1
            args = split_args(text[m.end():end])
            pos = end + 1
            self.command(m.group(1).lower(), args, rel_dir, f"{path}:{line}")

    def substitute(self, arg, rel_dir):
        arg = arg.replace("${CMAKE_CURRENT_SOURCE_DIR}", os.path.join(self.root, rel_dir))
        for var in ("${PROJECT_SOURCE_DIR}", "${CMAKE_SOURCE_DIR}"):
            arg = arg.replace(var, self.root)
        return arg

    def command(self, name, args, rel_dir, where):
        if name in ("file", "aux_source_directory") and (name != "file" or args[:1] in (["GLOB"], ["GLOB_RECURSE"])):
            self.problem(where, "sources must be listed, not globbed")
        elif name == "add_subdirectory" and args:
            sub = os.path.normpath(os.path.join(rel_dir, self.substitute(args[0], rel_dir)))
            self.read_cmake(os.path.relpath(os.path.join(self.root, sub), self.root))
        elif name in ("add_library", "add_executable") and args:
            self.add_target(name, args, rel_dir, where)
        elif name == "target_sources" and args and args[0] in self.targets:
            self.add_sources(self.targets[args[0]], [a for a in args[1:] if a not in VISIBILITY], rel_dir, where)
        elif name == "target_link_libraries" and args and args[0] in self.targets:
            target = self.targets[args[0]]
            visibility = None
            for arg in args[1:]:
                if arg in VISIBILITY:
                    visibility = arg
                elif visibility is None:
                    self.problem(where, f"{target.name}: say PUBLIC, PRIVATE or INTERFACE before {arg}")
                else:
                    target.links[arg] = (visibility, where)

    def add_target(self, command, args, rel_dir, where):
        name = args[0]
        if "${" in name or "ALIAS" in args or "IMPORTED" in args:
            return  # made by a function from a target listed elsewhere, or not ours
        kind = "executable" if command == "add_executable" else "library"
        rest = args[1:]
        if rest[:1] == ["INTERFACE"]:
            kind = "interface"
        rest = [a for a in rest if a not in ("STATIC", "SHARED", "OBJECT", "INTERFACE", "EXCLUDE_FROM_ALL")]
        target = Target(name, kind, where)
        self.targets[name] = target
        self.add_sources(target, rest, rel_dir, where)

    def add_sources(self, target, sources, rel_dir, where):
        for src in sources:
            src = self.substitute(src, rel_dir)
            if "${" in src or "$<" in src:
                self.problem(where, f"{target.name}: cannot read source '{src}': list files by name")
                continue
            full = os.path.normpath(os.path.join(self.root, rel_dir, src))
            rel = os.path.relpath(full, self.root)
            if not os.path.isfile(full):
                self.problem(where, f"{target.name}: no such source file {rel}")
            target.files.append(rel)

    # --- includes ----------------------------------------------------------

    def includes(self, rel):
        """(line, kind, what, name) per #include of `rel`: kind "file" (what: its repository path), "package"
        (what: its CMake target) or "missing"; name as written."""
        out = []
        try:
            lines = open(os.path.join(self.root, rel), encoding="utf-8", errors="replace").read().split("\n")
        except OSError:
            return out
        for n, line in enumerate(lines, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            quote, name = m.groups()
            if quote == '"':
                for base in (os.path.dirname(rel), ""):
                    candidate = os.path.normpath(os.path.join(base, name))
                    if os.path.isfile(os.path.join(self.root, candidate)):
                        out.append((n, "file", candidate, name))
                        break
                else:
                    out.append((n, "missing", name, name))
            else:
                for package, prefixes in PACKAGES.items():
                    if name.startswith(prefixes):
                        out.append((n, "package", package, name))
        return out

    # --- the checks --------------------------------------------------------

    def run(self):
        self.read_cmake("")
        rank, problems = ranks(self.targets)
        for p in problems:
            self.problem("tests/layers.py", p)

        owner = {}
        for t in self.targets.values():
            for f in t.files:
                if f in owner and owner[f] != t.name and f.endswith(HEADER_EXTENSIONS):
                    self.problem(t.where, f"{f} is listed by {owner[f]} and {t.name}: a header has one library")
                owner.setdefault(f, t.name)
        self.unlisted_files(owner)

        modules = {}  # module -> {module: "file:line"}
        for t in self.targets.values():
            if t.name in PACKAGES:
                continue
            used = {}  # link -> needed by a header?
            for f in t.files:
                header = f.endswith(HEADER_EXTENSIONS)
                for line, kind, what, name in self.includes(f):
                    where = f"{f}:{line}"
                    if kind == "missing":
                        self.problem(where, f"cannot find \"{what}\"")
                        continue
                    dep = what if kind == "package" else owner.get(what)
                    if kind == "file":
                        if module(what) != module(f):
                            modules.setdefault(module(f), {}).setdefault(module(what), where)
                        if dep is None:
                            self.problem(where, f"{what} is listed by no target")
                            continue
                    if dep == t.name:
                        continue
                    used[dep] = used.get(dep, False) or header
                    if dep not in t.links:
                        shown = what if kind == "file" else f"<{name}>"
                        self.problem(where, f"{t.name} includes {shown} of {dep} but does not link {dep}")
            self.check_links(t, used, rank)
        self.cycles(modules)
        for f in sorted(f for f in owner if f.startswith(ENGINE_FOLDERS)):
            self.engine_file(f)
        return self.problems

    def engine_file(self, rel):
        try:
            lines = open(os.path.join(self.root, rel), encoding="utf-8", errors="replace").read().split("\n")
        except OSError:
            return
        for n, line in enumerate(lines, 1):
            m = INCLUDE.match(line)
            if m and m.group(1) == "<" and m.group(2) in CLOCK_HEADERS:
                self.problem(f"{rel}:{n}", f"the verification engine includes <{m.group(2)}>: it reads no clock "
                                           "(the session passes today's date)")
            if ENVIRONMENT.search(line):
                self.problem(f"{rel}:{n}", "the verification engine reads the environment: options come from the "
                                           "session")

    def check_links(self, t, used, rank):
        for dep, (visibility, where) in sorted(t.links.items()):
            if dep in LINK_ONLY:
                if t.kind != "executable":
                    self.problem(where, f"{t.name} links {dep}, which only an executable needs")
                continue
            if dep not in used:
                self.problem(where, f"{t.name} links {dep} but none of its files includes it")
                continue
            want = {"executable": "PRIVATE", "interface": "INTERFACE"}.get(
                t.kind, "PUBLIC" if used[dep] else "PRIVATE")
            if visibility != want:
                why = "a header of it includes" if used[dep] else "only its .cpp files include"
                self.problem(where, f"{t.name} links {dep} {visibility}, but {why} it: {want}")
            if dep in PACKAGES or t.name not in rank:
                continue
            if dep not in rank:
                self.problem(where, f"{t.name} links {dep}, which is not a library of LAYERS")
            elif rank[dep] >= rank[t.name]:
                self.problem(where, f"{t.name} links {dep}, against the order of layers ({describe(t.name)} "
                                    f"may link only what comes before it)")

    def unlisted_files(self, owner):
        for d in SOURCE_DIRS:
            for dirpath, _, names in os.walk(os.path.join(self.root, d)):
                for name in sorted(names):
                    rel = os.path.relpath(os.path.join(dirpath, name), self.root)
                    if name.endswith(SOURCE_EXTENSIONS) and rel not in owner:
                        self.problem(rel, "listed by no target in a CMakeLists.txt")
        for t in self.targets.values():
            folder = t.where.split("/CMakeLists.txt")[0] if "/" in t.where else ""
            if folder.split("/")[0] in COARSE and t.name not in {n for row in LAYERS for n in row}:
                self.problem(t.where, f"{t.name} has no place in LAYERS (tests/layers.py)")

    def cycles(self, modules):
        for c in strongly_connected(modules):
            if len(c) < 2:
                continue
            members = sorted(c)
            edges = [f"{modules[a][b]} ({a} -> {b})" for a in members for b in sorted(modules.get(a, {}))
                     if b in c]
            self.problem(edges[0].split(" ")[0], "include cycle among modules " + ", ".join(members) +
                         ": " + "; ".join(edges))


def ranks(targets):
    """The rank of each library of LAYERS, and the problems of LAYERS itself."""
    rank, problems = {}, []
    last_coarse = 0
    for i, row in enumerate(LAYERS):
        for name in row:
            rank[name] = i
            t = targets.get(name)
            if t is None:
                continue
            folder = t.where.split("/")[0]
            if folder in COARSE:
                if COARSE.index(folder) < last_coarse:
                    problems.append(f"LAYERS puts {name} ({folder}/) after a library of {COARSE[last_coarse]}/")
                last_coarse = max(last_coarse, COARSE.index(folder))
    return rank, problems


def describe(name):
    for i, row in enumerate(LAYERS):
        if name in row:
            return f"{name}, row {i + 1} of LAYERS,"
    return name


def module(path):
    return os.path.splitext(path)[0]


def strongly_connected(graph):
    """Tarjan's algorithm, iterative; returns the components as lists."""
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    nodes = set(graph) | {b for edges in graph.values() for b in edges}
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, {}))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    out.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, {})))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return out


def strip_comment(line):
    quoted = False
    for i, c in enumerate(line):
        if c == '"':
            quoted = not quoted
        elif c == "#" and not quoted:
            return line[:i]
    return line


def closing_paren(text, pos):
    depth, quoted = 1, False
    while pos < len(text):
        c = text[pos]
        if c == '"':
            quoted = not quoted
        elif not quoted and c == "(":
            depth += 1
        elif not quoted and c == ")":
            depth -= 1
            if depth == 0:
                return pos
        pos += 1
    return pos


def split_args(text):
    return [a[1:-1] if a.startswith('"') else a for a in re.findall(r'"[^"]*"|[^\s()]+', text)]


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(__file__)))
    problems = Checker(root).run()
    for p in problems:
        print(p)
    if problems:
        print(f"layers: {len(problems)} problem{'s' if len(problems) != 1 else ''}", file=sys.stderr)
        return 1
    print("layers: every include follows the links, every link the order of layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
