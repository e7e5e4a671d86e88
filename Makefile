# psreport - build, run on the samples, test, install.
#
#   make run     installs missing Debian packages, builds, reports on input/ into output/
#   make test    builds normal and ASan+UBSan binaries and runs the whole suite
#   make install PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
DATADIR ?= $(PREFIX)/share/psreport
CC      ?= cc
PKGS     = libxml-2.0 libxslt cairo freetype2 fontconfig harfbuzz harfbuzz-subset fribidi

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN     = -std=c11 -Wall -Wextra -Werror
CPPFLAGS = -Igenerator $(PKG_CFLAGS) -DPSREPORT_DATADIR='"$(DATADIR)"'
CFLAGS  ?= -O2 -g
LDLIBS   = $(PKG_LIBS) -lhpdf -lm -pthread
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC      = $(sort $(wildcard generator/*.c generator/util/*.c))
OBJ      = $(SRC:%.c=build/obj/%.o)
OBJ_SAN  = $(SRC:%.c=build/asan/%.o)
LIB_OBJ  = $(filter-out build/obj/generator/main.o,$(OBJ))

.PHONY: all deps run test test-fast install clean bench fuzz

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
	build/psreport -o output input/ ; rc=$$?; \
	  echo "psreport exit status $$rc (3 = the samples hold deliberately rejected records); reports in output/"; \
	  [ $$rc -le 3 ]

test: 
	@.ci/install-deps test
	@$(MAKE) --no-print-directory build/psreport build/psreport-asan build/bench-gen build/fuzz-ingest $(UNIT_BIN) $(UNIT_BIN_SAN)
	@tests/run.sh

test-fast: build/psreport $(UNIT_BIN)
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

# libFuzzer over the ingest of every file kind (clang, Debian libclang-rt-14-dev)
FUZZ_SECONDS ?= 300
FUZZ_SRC = $(filter-out generator/main.c,$(SRC))
build/fuzz-ingest: tests/fuzz/fuzz_ingest.c $(FUZZ_SRC)
	@mkdir -p build
	clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -Igenerator $(PKG_CFLAGS) \
	  -DPSREPORT_SRCDIR='"$(CURDIR)"' -DPSREPORT_DATADIR='"$(DATADIR)"' -o $@ tests/fuzz/fuzz_ingest.c $(FUZZ_SRC) $(LDLIBS)

fuzz: build/fuzz-ingest
	@mkdir -p build/fuzz-corpus
	build/fuzz-ingest -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	  -artifact_prefix=tests/fuzz/regressions/ build/fuzz-corpus tests/fuzz/corpus

clean:
	rm -rf build
