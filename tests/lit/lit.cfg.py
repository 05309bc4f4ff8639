# lit configuration for cutover's CLI and diagnostics tests.
import os
import lit.formats

config.name = "cutover"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cut", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)

site = lit_config.params.get("cutover_site_config")
if site:
    lit_config.load_config(config, site)
# Temporary files (%t) go to the build tree, never into the sources.
config.test_exec_root = config.cutover_obj_dir

config.environment["PATH"] = os.pathsep.join(
    [config.cutover_bin_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
# Findings must not depend on the day the tests run, nor on the terminal.
config.environment["TZ"] = "UTC"
config.substitutions.append(("%cutover", os.path.join(config.cutover_bin_dir, "cutover")))
config.substitutions.append(("%src", config.cutover_src_dir))
config.substitutions.append(("%python", config.python))

# JSON Schema validation needs the `jsonschema` module: `make` installs
# Debian's python3-jsonschema for the system python, and the python that runs
# lit may be another one.
import subprocess
for candidate in [config.python, "/usr/bin/python3"]:
    try:
        if subprocess.run([candidate, "-c", "import jsonschema"], capture_output=True).returncode == 0:
            config.substitutions.append(("%schema_python", candidate))
            config.available_features.add("jsonschema")
            break
    except OSError:
        pass

# Under the sanitizers (make test-asan), no LeakSanitizer here: its check at
# each exit took as long as the run of a small plan, and lit starts the tool
# thousands of times. A run's leak is gone when the run ends; the leaks that
# last (the libraries', the language server's) are checked with it on by the
# unit tests, the fuzz replays and the language server's protocol tests.
if config.cutover_sanitize in ("ON", "TRUE", "1"):
    config.environment["ASAN_OPTIONS"] = "detect_leaks=0"

# The executable's allocator: jemalloc where the build found it.
if config.cutover_allocator == "jemalloc":
    config.available_features.add("jemalloc")
import shutil
if shutil.which("strace"):
    config.available_features.add("strace")

# The real pre-commit (Debian's package), for tests/lit/cli/pre-commit-real.test.
import shutil
if shutil.which("pre-commit"):
    config.available_features.add("pre-commit")
