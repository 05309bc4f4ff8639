# The user's entry point: `make demo` and `make test` work on a fresh machine.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
CUTOVER := $(BUILD_DIR)/bin/cutover
DEB_PACKAGES := tao-pegtl-dev libfmt-dev llvm-14-dev llvm-14-tools libjemalloc-dev libgtest-dev \
  libgmock-dev libbenchmark-dev ninja-build cmake g++ python3 python3-jsonschema graphviz pre-commit \
  clang-format-14 clang-tidy-14
# Extra arguments for ctest (`make test CTEST_ARGS="-R lit"`).
CTEST_ARGS ?=
# The editor tests (tests/editors): Neovim, and Node.js with npm where the machine has none;
# npm installs the SARIF validator of tests/sarif into the build tree too.
DEB_PACKAGES += neovim $(if $(shell command -v npm),,nodejs npm)
# The install and package tests (tests/dist): man, the shells' completion, the Debian tools.
DEB_PACKAGES += man-db groff-base bash-completion zsh fish dpkg-dev lintian file
# The allocator's test (tests/lit/cli/allocator.test) watches its system calls.
DEB_PACKAGES += strace

.PHONY: all setup build demo test test-asan package lint-fix tidy-all same-output fuzz-build fuzz clean

all: build

# Installs the Debian packages that are missing (as root), or says how.
setup:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing packages; run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_EXTRA)

build: setup $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The clean example, then a common mistake with its findings and trace (that
# check must exit 1: finding the mistake is the point).
demo: build
	$(CUTOVER) check examples/contoso.cut
	@echo
	@echo "== a plan that decommissions legacy data before backing it up:"
	$(CUTOVER) check examples/mistakes/decommission-before-backup.cut; test $$? -eq 1

# Also the lint checks (ctest format and tidy, label lint): a pass of
# clang-tidy is remembered in tests/tidy-passed.txt, which this run updates
# (commit it with the change that made it differ).
test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

# The Debian package, build/cutover_X.Y.Z_ARCH.deb (docs/install.md).
package: build
	cmake --build $(BUILD_DIR) --target package

# Debug keeps the assertions (LLVM's containers check their indexes); -O1
# makes the suite about three times faster than -O0 under the sanitizers;
# -g is line tables only unless -DCUTOVER_FULL_DEBUG_INFO=ON (CMakeLists.txt).
# The lint checks read the sources only, the install and package tests
# (label dist) check files and layout, and the SARIF validator (label client)
# the format, not memory: `make test` ran them.
# A unity build (one TU per library) halves the compile time; `make test`
# keeps one TU per file, which clang-tidy's compilation database needs.
test-asan:
	$(MAKE) test BUILD_DIR=build-asan BUILD_TYPE=Debug CTEST_ARGS="-LE 'lint|dist|client'" \
	  CMAKE_EXTRA="-DCUTOVER_SANITIZE=ON -DCUTOVER_BENCH=OFF -DCMAKE_UNITY_BUILD=ON '-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g' '-DCMAKE_C_FLAGS_DEBUG=-O1 -g'"

# clang-format-14 -i on every tracked C++ file (what ctest format checks).
lint-fix: setup
	python3 tests/lint.py format --fix

# clang-tidy-14 on every translation unit, the tests' too, without the cache.
tidy-all: build
	python3 tests/lint.py tidy --build $(BUILD_DIR) --all --no-cache --jobs $(JOBS)

# A refactor changes no output: every run of tests/same_output.py gives the
# same bytes with this build as with OLD, a cutover built before the change
# (docs/architecture.md#proving-a-refactor-changed-nothing).
same-output: build
	@test -n "$(OLD)" || { echo "usage: make same-output OLD=path/to/old/cutover"; exit 2; }
	python3 tests/same_output.py $(OLD) $(CUTOVER) --jobs $(JOBS)

# libFuzzer + ASan/UBSan builds of tests/fuzz (clang), each run for
# FUZZ_SECONDS on a scratch copy of the seed corpus; a crash stops with the
# reproducer in build-fuzz/ (see docs/reliability.md). No -DNDEBUG: the
# assertions of LLVM's containers are worth as much as the sanitizers.
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := parse fmt check names
CLANG ?= clang
fuzz-build:
	@test -f $(FUZZ_DIR)/build.ninja || cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_C_COMPILER=$(CLANG) -DCMAKE_CXX_COMPILER=$(CLANG)++ -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link \
	  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" -DCUTOVER_SANITIZE=ON -DCUTOVER_FUZZ=ON -DCUTOVER_BENCH=OFF
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus-$$t && cp -n tests/fuzz/corpus/* $(FUZZ_DIR)/corpus-$$t/ && \
	  echo "fuzz_$$t: $(FUZZ_SECONDS)s" && \
	  (cd $(FUZZ_DIR) && ./bin/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=30 \
	    -rss_limit_mb=4096 -print_final_stats=1 corpus-$$t) || exit 1; \
	done

clean:
	rm -rf $(BUILD_DIR)
