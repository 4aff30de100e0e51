# oss-sim - build, test, benchmark, install.
#
#   make              build ./oss-sim
#   make test         unit tests (cmocka) and command-line tests, then the same
#                     under AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench        agent-months and reviews per second, memory per agent,
#                     the documented sweep (BENCH_SWEEP=N points)
#   make bench-compare  against a NumPy version of the demand side (scripts/)
#   make docs         docs/scenarios.md from runs of every scenario
#   make validation   docs/validation.md: out-of-sample check of the calibration
#   make tour         docs/img/*.png, the README's charts, from the baseline
#   make fuzz         libFuzzer run of the scenario loader and -s parsing
#                     (clang; FUZZ_SECONDS=60); make test runs its corpus
#   make install PREFIX=/usr/local    (and make uninstall PREFIX=...)

CC      ?= cc
PREFIX  ?= /usr/local
# fixed below PREFIX: the installed binary finds its chart scripts at ../share/oss-sim/plots
DATADIR  = $(PREFIX)/share/oss-sim
MANDIR  ?= $(PREFIX)/share/man
DOCDIR  ?= $(PREFIX)/share/doc/oss-sim
VERSION := 0.1.0
GITREV  := $(shell git rev-parse --short HEAD 2>/dev/null)
GITDIRTY := $(shell git diff --quiet HEAD -- sim scenarios 2>/dev/null || echo -dirty)
FULLVERSION := $(VERSION)$(if $(GITREV), ($(GITREV)$(GITDIRTY)))

WARN    := -std=c11 -Wall -Wextra -Wpedantic
CFLAGS  ?= -O2 -g
CFLAGS  += $(WARN) -fno-math-errno -fopenmp -DOSS_SIM_VERSION='"$(FULLVERSION)"'
LDLIBS  := -lconfig -lgsl -lgslcblas -lnettle -lm
# glibc's vector maths (libmvec) for the logit's exponentials on x86-64
ifeq ($(shell uname -m),x86_64)
CFLAGS  += -DOSS_LIBMVEC
LDLIBS  := -lconfig -lgsl -lgslcblas -lnettle -lmvec -lm
endif
SANFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

SRC      := $(filter-out sim/main.c,$(wildcard sim/*.c))
HDR      := $(wildcard sim/*.h)
UNIT     := $(wildcard tests/unit/test_*.c)
OBJ      := $(SRC:sim/%.c=build/release/%.o)
ASAN_OBJ := $(SRC:sim/%.c=build/asan/%.o)
UNIT_BIN := $(UNIT:tests/unit/%.c=build/release/%)
ASAN_UNIT_BIN := $(UNIT:tests/unit/%.c=build/asan/%)

# make MPI=1 also builds ./oss-sim-mpi (OpenMPI's mpicc), whose sweep
# spreads design points over the ranks of mpirun
MPICC    ?= mpicc
MPI_OBJ  := $(SRC:sim/%.c=build/mpi/%.o)
# the tests build and run it too when OpenMPI is installed (CI installs it)
HAVE_MPI := $(shell command -v $(MPICC) >/dev/null 2>&1 && command -v mpirun >/dev/null 2>&1 && echo yes)
TEST_MPI := $(if $(HAVE_MPI),oss-sim-mpi)

.PHONY: all test unit cli test-release test-asan bench bench-compare docs validation tour install uninstall clean distclean fuzz FORCE
all: oss-sim
ifeq ($(MPI),1)
all: oss-sim-mpi
endif

oss-sim: build/release/main.o $(OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# the version (git commit) compiled into main.o: rebuilt when it changes
build/version: FORCE | build/release
	@echo '$(FULLVERSION)' | cmp -s - $@ || echo '$(FULLVERSION)' > $@
build/release/cli.o build/asan/cli.o build/mpi/cli.o: build/version

build/release/%.o: sim/%.c $(HDR) | build/release
	$(CC) $(CFLAGS) -c -o $@ $<

oss-sim-mpi: build/mpi/main.o $(MPI_OBJ)
	$(MPICC) $(CFLAGS) -DOSS_MPI -o $@ $^ $(LDLIBS)

build/mpi/%.o: sim/%.c $(HDR) | build/mpi
	$(MPICC) $(CFLAGS) -DOSS_MPI -c -o $@ $<

build/asan/oss-sim: build/asan/main.o $(ASAN_OBJ)
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LDLIBS)

build/asan/%.o: sim/%.c $(HDR) | build/asan
	$(CC) $(CFLAGS) $(SANFLAGS) -c -o $@ $<

build/release/test_%: tests/unit/test_%.c tests/unit/helpers.h $(OBJ) $(HDR)
	$(CC) $(CFLAGS) -Isim -o $@ $< $(OBJ) $(LDLIBS) -lcmocka

build/asan/test_%: tests/unit/test_%.c tests/unit/helpers.h $(ASAN_OBJ) $(HDR)
	$(CC) $(CFLAGS) $(SANFLAGS) -Isim -o $@ $< $(ASAN_OBJ) $(LDLIBS) -lcmocka

build/release build/asan build/mpi:
	mkdir -p $@

# The whole suite: release build, then sanitizers (leak checking included).
# Every part runs even when an earlier one fails, so one run reports all
# failures; the exit status is non-zero if any part failed.
test:
	@st=0; \
	$(MAKE) --no-print-directory test-release || st=1; \
	$(MAKE) --no-print-directory test-asan || st=1; \
	if [ $$st = 0 ]; then echo "all tests passed (release and ASan/UBSan builds)"; \
	else echo "make test: FAILED (see the FAIL lines above)"; fi; \
	exit $$st

test-release: oss-sim $(UNIT_BIN) $(TEST_MPI) build/release/keys_doc build/release/columns_doc
	@st=0; for t in $(UNIT_BIN); do echo "== $$t"; (cd tests && ../$$t) || st=1; done; \
	echo "== docs/keys.md is generated from sim/schema.c"; \
	build/release/keys_doc | cmp -s - docs/keys.md || { echo "FAIL docs/keys.md is stale: run make docs (or build/release/keys_doc > docs/keys.md)"; st=1; }; \
	echo "== docs/columns.md is generated from the tables of metrics, every column documented"; \
	build/release/columns_doc | cmp -s - docs/columns.md || { echo "FAIL docs/columns.md is stale: run make docs (or build/release/columns_doc > docs/columns.md)"; st=1; }; \
	! grep -n 'undocumented' docs/columns.md || { echo "FAIL docs/columns.md: a column without a definition (scripts/columns_doc.c)"; st=1; }; \
	echo "== tests/cli/run.sh (release build)"; \
	OSS_SIM=$(CURDIR)/oss-sim tests/cli/run.sh || st=1; \
	echo "== tests/cli/golden.sh (release build)"; \
	OSS_SIM=$(CURDIR)/oss-sim tests/cli/golden.sh || st=1; \
	echo "== tests/cli/scenarios.sh (release build)"; \
	OSS_SIM=$(CURDIR)/oss-sim tests/cli/scenarios.sh || st=1; \
	echo "== tests/cli/plots.sh (release build)"; \
	OSS_SIM=$(CURDIR)/oss-sim tests/cli/plots.sh || st=1; \
	echo "== tests/cli/brief.sh (release build)"; \
	OSS_SIM=$(CURDIR)/oss-sim tests/cli/brief.sh || st=1; \
	echo "== tests/cli/sweep.sh (release build$(if $(HAVE_MPI), and MPI))"; \
	OSS_SIM=$(CURDIR)/oss-sim OSS_SIM_MPI=$(if $(HAVE_MPI),$(CURDIR)/oss-sim-mpi) tests/cli/sweep.sh || st=1; \
	echo "== tests/cli/faults.sh (release build)"; \
	OSS_SIM=$(CURDIR)/oss-sim tests/cli/faults.sh || st=1; \
	echo "== tests/cli/found.sh (release build)"; \
	OSS_SIM=$(CURDIR)/oss-sim tests/cli/found.sh || st=1; \
	echo "== tests/cli/oracles.sh (release build)"; \
	OSS_SIM=$(CURDIR)/oss-sim tests/cli/oracles.sh || st=1; \
	exit $$st

test-asan: build/asan/oss-sim $(ASAN_UNIT_BIN) build/asan/fuzz_driver
	@st=0; export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1; \
	echo "== the fuzz corpus through the scenario loader (ASan/UBSan build)"; \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp build/asan/fuzz_driver $(FUZZ_SEEDS) || { echo "FAIL fuzz corpus"; st=1; }; \
	for t in $(ASAN_UNIT_BIN); do echo "== $$t"; (cd tests && ../$$t) || st=1; done; \
	echo "== tests/cli/run.sh (ASan/UBSan build)"; \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 OSS_SIM=$(CURDIR)/build/asan/oss-sim OSS_SIM_SANITIZED=1 tests/cli/run.sh || st=1; \
	echo "== tests/cli/scenarios.sh (ASan/UBSan build)"; \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 OSS_SIM=$(CURDIR)/build/asan/oss-sim tests/cli/scenarios.sh || st=1; \
	echo "== tests/cli/plots.sh (ASan/UBSan build)"; \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 OSS_SIM=$(CURDIR)/build/asan/oss-sim OSS_SIM_SANITIZED=1 tests/cli/plots.sh || st=1; \
	echo "== tests/cli/brief.sh (ASan/UBSan build)"; \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 OSS_SIM=$(CURDIR)/build/asan/oss-sim tests/cli/brief.sh || st=1; \
	echo "== tests/cli/sweep.sh (ASan/UBSan build)"; \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 OSS_SIM=$(CURDIR)/build/asan/oss-sim OSS_SIM_SANITIZED=1 tests/cli/sweep.sh || st=1; \
	echo "== tests/cli/faults.sh (ASan/UBSan build)"; \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 OSS_SIM=$(CURDIR)/build/asan/oss-sim OSS_SIM_SANITIZED=1 tests/cli/faults.sh || st=1; \
	echo "== tests/cli/found.sh (ASan/UBSan build)"; \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 OSS_SIM=$(CURDIR)/build/asan/oss-sim OSS_SIM_SANITIZED=1 tests/cli/found.sh || st=1; \
	echo "== tests/cli/oracles.sh (ASan/UBSan build)"; \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 OSS_SIM=$(CURDIR)/build/asan/oss-sim OSS_SIM_SANITIZED=1 tests/cli/oracles.sh || st=1; \
	exit $$st

# The fuzz target: the scenario loader and -s parsing (tests/fuzz/).  Its
# seeds are the scenarios, the bad inputs and the inputs that once broke the
# loader (tests/fuzz/regress/); make test runs them all through a plain
# driver built with gcc and the sanitizers.
FUZZ_SRC   := tests/fuzz/fuzz_scenario.c sim/scenario.c sim/include.c sim/schema.c sim/metric_names.c sim/syntax.c
FUZZ_SEEDS  = $(wildcard scenarios/*.cfg tests/cli/bad/*.cfg tests/cli/good/*.cfg tests/fuzz/regress/*)
FUZZ_SECONDS ?= 60
CLANG ?= clang

build/asan/fuzz_driver: $(FUZZ_SRC) tests/fuzz/driver.c $(HDR) | build/asan
	$(CC) $(WARN) $(SANFLAGS) -Isim -DOSS_REPO='"$(CURDIR)"' -o $@ $(FUZZ_SRC) tests/fuzz/driver.c -lconfig -lnettle -lm

build/fuzz/fuzz_scenario: $(FUZZ_SRC) $(HDR)
	mkdir -p build/fuzz
	$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Isim \
	    -DOSS_REPO='"$(CURDIR)"' -o $@ $(FUZZ_SRC) -lconfig -lnettle -lm

fuzz: build/fuzz/fuzz_scenario
	mkdir -p build/fuzz/corpus build/fuzz/found
	cp $(FUZZ_SEEDS) build/fuzz/corpus/
	cd build/fuzz/found && LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp \
	    ../fuzz_scenario -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 ../corpus
	@echo "make fuzz: nothing found in $(FUZZ_SECONDS) s (a finding is saved in build/fuzz/found/: add it to tests/fuzz/regress/)"

# then the documented sweep (scripts/bench_sweep.sh): its first BENCH_SWEEP
# points (default 10; BENCH_SWEEP=1000 is the whole sweep, 0 skips it)
bench: oss-sim
	scripts/bench.sh ./oss-sim
	scripts/bench_sweep.sh ./oss-sim

# oss-sim against a vectorised NumPy version of its demand side: token
# shares within sampling noise, and the speed ratio (skipped without NumPy)
bench-compare: oss-sim build/release/scenario_params
	scripts/bench_compare.sh ./oss-sim

# docs/scenarios.md from real runs of every scenario against the baseline;
# docs/keys.md from the schema table (sim/schema.c)
docs: oss-sim build/release/keys_doc build/release/columns_doc
	build/release/keys_doc > docs/keys.md
	build/release/columns_doc > docs/columns.md
	scripts/scenarios_doc.sh ./oss-sim

build/release/keys_doc: scripts/keys_doc.c build/release/schema.o sim/schema.h
	$(CC) $(CFLAGS) -Isim -o $@ $< build/release/schema.o

# docs/columns.md from the tables of metrics (sim/metrics.c)
build/release/columns_doc: scripts/columns_doc.c $(OBJ) $(HDR)
	$(CC) $(CFLAGS) -Isim -o $@ $< $(OBJ) $(LDLIBS)

# the demand side of a scenario as JSON, for scripts/reference_numpy.py
build/release/scenario_params: scripts/scenario_params.c $(OBJ) $(HDR)
	$(CC) $(CFLAGS) -Isim -o $@ $< $(OBJ) $(LDLIBS)

# docs/validation.md: an out-of-sample check of the calibration (a fit to
# the targets dated up to 2025-06, run forward); several minutes
validation: oss-sim
	scripts/validation.sh ./oss-sim

# the README's charts: the baseline's, a comparison of the policy scenarios
# and sweeps (scripts/tour.sh)
tour: oss-sim
	scripts/tour.sh ./oss-sim

# PREFIX/bin/oss-sim, its man page, and in PREFIX/share/oss-sim the scenarios
# and the chart scripts (which the binary finds there: ../share/oss-sim/plots)
install: oss-sim
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/scenarios $(DESTDIR)$(DATADIR)/plots \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DOCDIR)
	install -m 755 oss-sim $(DESTDIR)$(PREFIX)/bin/oss-sim
	install -m 644 scenarios/*.cfg $(DESTDIR)$(DATADIR)/scenarios/
	install -m 644 plots/*.gp $(DESTDIR)$(DATADIR)/plots/
	install -m 644 docs/oss-sim.1 $(DESTDIR)$(MANDIR)/man1/oss-sim.1
	install -m 644 README.md docs/*.md $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/oss-sim $(DESTDIR)$(MANDIR)/man1/oss-sim.1
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

# clean leaves out/, where results live; distclean removes it too
clean:
	rm -rf build oss-sim oss-sim-mpi

distclean: clean
	rm -rf out
