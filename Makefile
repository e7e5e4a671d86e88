# psreport - build, run on the samples, test, install.
#
#   make run     installs missing Debian packages, builds, reports on input/ into output/
#   make test    builds normal and ASan+UBSan binaries and runs the whole suite
#   make install PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
DATADIR ?= $(PREFIX)/share/psreport
CC      ?= cc
PKGS     = libxml-2.0 libxslt cairo freetype2

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

all: build/psreport build/fonts/DejaVuSans.ttf

# The PDF font: DejaVu Sans cut down at build time to Latin, Greek and Cyrillic (libharu
# embeds the whole font file it is given; the subset keeps partner PDFs small). Without
# fontTools the whole font is used: correct, only bigger.
DEJAVU  = /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
# Latin-1, Latin Extended-A, Romanian comma letters, Greek, Cyrillic (Russian, Ukrainian,
# Bulgarian, Serbian), typographic punctuation: 34 KB instead of 66 KB for Extended-B too
SUBSET  = U+0020-007E,U+00A0-017F,U+0218-021B,U+0370-03CE,U+0400-045F,U+0490-0491,U+2013-2014,U+2018-201E,U+2020-2022,U+2026,U+2030,U+2039-203A,U+20AC,U+2116,U+2122,U+2212,U+2264,U+2265
build/fonts/DejaVuSans.ttf: $(DEJAVU) Makefile
	@mkdir -p $(dir $@)
	@if /usr/bin/python3 -c 'import fontTools' 2>/dev/null; then \
	  /usr/bin/python3 -m fontTools.subset $< --unicodes='$(SUBSET)' --layout-features='' \
	    --no-hinting --drop-tables+=GPOS,GSUB,GDEF,kern,FFTM --output-file=$@; \
	else echo "fontTools missing: the PDFs embed the whole DejaVu Sans" >&2; cp $< $@; fi

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
	@$(MAKE) --no-print-directory build/psreport build/fonts/DejaVuSans.ttf
	build/psreport -o output input/ ; rc=$$?; \
	  echo "psreport exit status $$rc (3 = the samples hold deliberately rejected records); reports in output/"; \
	  [ $$rc -le 3 ]

test: 
	@.ci/install-deps test
	@$(MAKE) --no-print-directory build/psreport build/psreport-asan build/bench-gen build/fuzz-ingest build/fonts/DejaVuSans.ttf $(UNIT_BIN) $(UNIT_BIN_SAN)
	@tests/run.sh

test-fast: build/psreport build/fonts/DejaVuSans.ttf $(UNIT_BIN)
	@PSREPORT_NO_ASAN=1 tests/run.sh

install: build/psreport build/fonts/DejaVuSans.ttf
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/templates/i18n $(DESTDIR)$(DATADIR)/fonts \
	  $(DESTDIR)$(DATADIR)/input/schema $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 build/psreport $(DESTDIR)$(PREFIX)/bin/psreport
	install -m 644 templates/*.xsl templates/*.css templates/*.js $(DESTDIR)$(DATADIR)/templates/
	install -m 644 templates/i18n/*.xml $(DESTDIR)$(DATADIR)/templates/i18n/
	install -m 644 input/program.xml $(DESTDIR)$(DATADIR)/input/
	install -m 644 input/schema/*.xsd $(DESTDIR)$(DATADIR)/input/schema/
	install -m 644 psreport.1 $(DESTDIR)$(PREFIX)/share/man/man1/psreport.1
	install -m 644 build/fonts/DejaVuSans.ttf $(DESTDIR)$(DATADIR)/fonts/

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
