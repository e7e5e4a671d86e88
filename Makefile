# psreport - build, run on the samples, test, install.
#
#   make run     installs missing Debian packages, builds, reports on input/ into output/
#                (May 2021 first, then the current month with it as --baseline)
#   make test    builds normal and ASan+UBSan binaries and runs the whole suite
#   make install PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
DATADIR ?= $(PREFIX)/share/psreport
CC      ?= cc
PKGS     = libxml-2.0 libxslt cairo freetype2 fontconfig harfbuzz harfbuzz-subset fribidi jansson nettle libdeflate

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN     = -std=c11 -Wall -Wextra -Werror
CPPFLAGS = -Igenerator $(PKG_CFLAGS) -DPSREPORT_DATADIR='"$(DATADIR)"'
CFLAGS  ?= -O2 -g
# mimalloc first: its malloc replaces the C library's for every library too (alloc.h)
LDLIBS   = -lmimalloc $(PKG_LIBS) -lhpdf -lm -pthread
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC      = $(sort $(wildcard generator/*.c generator/util/*.c))
OBJ      = $(SRC:%.c=build/obj/%.o)
OBJ_SAN  = $(SRC:%.c=build/asan/%.o)
LIB_OBJ  = $(filter-out build/obj/generator/main.o,$(OBJ))

.PHONY: all deps run test test-fast install clean bench fuzz fuzz-merge coverage

all: build/psreport

deps:
	@.ci/install-deps build

build/psreport: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDLIBS)

build/psreport-asan: $(OBJ_SAN)
	$(CC) $(CFLAGS) $(SAN) -o $@ $(OBJ_SAN) $(LDLIBS)

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) $(SAN) -MMD -MP -c -o $@ $<

-include $(OBJ:.o=.d) $(OBJ_SAN:.o=.d)

# unit tests: one program per stage, linked with the generator's objects
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=build/tests/%)
UNIT_BIN_SAN = $(UNIT_SRC:tests/unit/%.c=build/tests-asan/%)

build/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS)

build/tests-asan/%: tests/unit/%.c $(filter-out build/asan/generator/main.o,$(OBJ_SAN))
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) $(SAN) -o $@ $< $(filter-out build/asan/generator/main.o,$(OBJ_SAN)) $(LDLIBS)

run: deps
	@$(MAKE) --no-print-directory build/psreport
	@# the monthly cycle: last month's report first, then this month's against it
	build/psreport -q --as-of 2021-05-31 -o output/2021-05-31 input/ ; [ $$? -le 3 ]
	build/psreport --baseline output/2021-05-31/findings.json -o output input/ ; rc=$$?; \
	  echo "psreport exit status $$rc (3 = the samples hold deliberately rejected records); reports in output/"; \
	  echo "(changes since the report of 2021-05-31, in output/2021-05-31/)"; \
	  [ $$rc -le 3 ]

test: 
	@.ci/install-deps test
	@$(MAKE) --no-print-directory build/psreport build/psreport-asan build/bench-gen build/fuzz-ingest build/fuzz-render $(UNIT_BIN) $(UNIT_BIN_SAN)
	@tests/run.sh

test-fast: build/psreport build/bench-gen $(UNIT_BIN)
	@PSREPORT_NO_ASAN=1 tests/run.sh

install: build/psreport
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/templates/i18n \
	  $(DESTDIR)$(DATADIR)/input/schema $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 build/psreport $(DESTDIR)$(PREFIX)/bin/psreport
	install -m 644 templates/*.xsl templates/*.css templates/*.js $(DESTDIR)$(DATADIR)/templates/
	install -m 644 templates/i18n/*.xml $(DESTDIR)$(DATADIR)/templates/i18n/
	install -m 644 input/program.xml $(DESTDIR)$(DATADIR)/input/
	install -m 644 input/schema/*.xsd $(DESTDIR)$(DATADIR)/input/schema/
	install -m 644 psreport.1 $(DESTDIR)$(PREFIX)/share/man/man1/psreport.1

build/bench-gen: bench/gen.c
	@mkdir -p build
	$(CC) $(WARN) $(CFLAGS) $(shell pkg-config --cflags libxml-2.0) -o $@ $< $(shell pkg-config --libs libxml-2.0)

bench: build/psreport build/bench-gen
	@bench/run.sh

# libFuzzer (clang, Debian libclang-rt-14-dev), two targets: fuzz-ingest reads one export
# of any kind into findings.json/.csv; fuzz-render sets the page reports of a partners and
# a vouchers export (a NUL byte between them) as PDF and HTML. Their arena blocks are
# 64 KB (ASan maps every allocation over 128 KB afresh: that was most of an input's time).
#   make fuzz [FUZZ_TARGET=ingest|render] [FUZZ_SECONDS=300]   new units: build/fuzz-corpus/
#   make fuzz-merge [FUZZ_TARGET=...]   folds them, minimised, into tests/fuzz/corpus/
FUZZ_SECONDS ?= 300
FUZZ_TARGET  ?= ingest
FUZZ_MAX_LEN_ingest = 4096
FUZZ_MAX_LEN_render = 20000
FUZZ_SRC = $(filter-out generator/main.c,$(SRC))
FUZZ_FLAGS = -max_len=$(FUZZ_MAX_LEN_$(FUZZ_TARGET)) -timeout=10 -rss_limit_mb=2048
build/fuzz-ingest build/fuzz-render: build/fuzz-%: tests/fuzz/fuzz_%.c $(FUZZ_SRC) $(wildcard generator/*.h generator/util/*.h)
	@mkdir -p build
	clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -Igenerator $(PKG_CFLAGS) \
	  -DARENA_BLOCK='(1u << 16)' -DPSREPORT_SRCDIR='"$(CURDIR)"' -DPSREPORT_DATADIR='"$(DATADIR)"' \
	  -o $@ $< $(FUZZ_SRC) $(LDLIBS)

fuzz: build/fuzz-$(FUZZ_TARGET)
	@mkdir -p build/fuzz-corpus/$(FUZZ_TARGET) tests/fuzz/corpus/$(FUZZ_TARGET)
	build/fuzz-$(FUZZ_TARGET) -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) -print_final_stats=1 \
	  -artifact_prefix=tests/fuzz/regressions/$(FUZZ_TARGET)/ build/fuzz-corpus/$(FUZZ_TARGET) \
	  tests/fuzz/corpus/$(FUZZ_TARGET) tests/fuzz/seeds/$(FUZZ_TARGET)

fuzz-merge: build/fuzz-$(FUZZ_TARGET)
	rm -rf build/fuzz-merged && mkdir -p build/fuzz-merged build/fuzz-corpus/$(FUZZ_TARGET) tests/fuzz/corpus/$(FUZZ_TARGET)
	build/fuzz-$(FUZZ_TARGET) -merge=1 $(FUZZ_FLAGS) build/fuzz-merged \
	  tests/fuzz/corpus/$(FUZZ_TARGET) build/fuzz-corpus/$(FUZZ_TARGET)
	rm -rf tests/fuzz/corpus/$(FUZZ_TARGET) && mv build/fuzz-merged tests/fuzz/corpus/$(FUZZ_TARGET)
	@du -sh tests/fuzz/corpus/$(FUZZ_TARGET); ls tests/fuzz/corpus/$(FUZZ_TARGET) | wc -l

# Coverage of generator/ by the test suite (gcovr): the binary and the unit tests built
# with --coverage (-O0, so branches are the source's; atomic counters, as ingest runs
# threads; counts written before _exit and before a re-raised signal too,
# tests/tools/gcov_exit.c), the plain suite run once with them (no ASan, fuzz or valgrind
# pass), then lines and branches per file: a table on stdout, HTML in
# build/coverage/index.html; tests/COVERAGE.md keeps the figures and what is left.
# The counts a process writes from a signal handler (gcov_exit.c) stop a function half
# way, so gcov can derive a negative count for a branch ("taken -1"): gcovr skips that
# line (--gcov-ignore-parse-errors) rather than failing the whole report.
OBJ_COV  = $(SRC:%.c=build/cov/%.o)
UNIT_BIN_COV = $(UNIT_SRC:tests/unit/%.c=build/tests-cov/%)
build/cov/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CPPFLAGS) -O0 -g --coverage -fprofile-update=atomic -MMD -MP -c -o $@ $<

build/psreport-cov: $(OBJ_COV) build/cov/gcov_exit.o
	$(CC) --coverage -Wl,--wrap=_exit -Wl,--wrap=raise -o $@ $(OBJ_COV) build/cov/gcov_exit.o $(LDLIBS)

build/cov/gcov_exit.o: tests/tools/gcov_exit.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O0 -c -o $@ $<

build/tests-cov/%: tests/unit/%.c $(filter-out build/cov/generator/main.o,$(OBJ_COV))
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CPPFLAGS) -O0 -g --coverage -fprofile-update=atomic -o $@ $< $(filter-out build/cov/generator/main.o,$(OBJ_COV)) $(LDLIBS)

-include $(OBJ_COV:.o=.d)

coverage: build/psreport-cov build/bench-gen $(UNIT_BIN_COV)
	@find build/cov build/tests-cov -name '*.gcda' -delete
	@PSREPORT_COVERAGE=1 tests/run.sh; echo "(test status $$?; coverage follows)"
	@mkdir -p build/coverage
	@gcovr -r . --object-directory build/cov -f generator/ --exclude-unreachable-branches --gcov-ignore-parse-errors \
	  --html-details build/coverage/index.html --json-summary build/coverage/summary.json
	@python3 tests/tools/coverage.py build/coverage/summary.json
	@echo "HTML: build/coverage/index.html"

clean:
	rm -rf build
