#!/bin/sh
# The fonts of the PDFs, against three faults found on the bench data:
# - libharu 2.3.0 refused to save a PDF (error 0x1033, exit 4) whose re-written main font
#   came out a whole number of 4,096-byte blocks long: bench partners P000409 and P001000
#   of `bench-gen -s 7 -p 3000 -v 60000` once a label held "—" (pdf_font.c, 'prep');
# - the subset tags (HPDFAA+, HPDFAB+ ...) followed the order in which a worker process
#   had met the fonts, so a label holding "⌕" made CJK partner PDFs differ between -j
#   runs: every PDF must be byte-identical for -j1, -j2 and a second run;
# - a stale build/fonts/DejaVuSans.ttf in the data directory silently became the main
#   font: the PDFs must not change when one is there.
# The catalogue labels with "—" and "⌕" live in a copy of the data directory
# (PSREPORT_DATADIR), so the test does not depend on what the shipped catalogues hold.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
gen=build/bench-gen
[ -x "$gen" ] || make -s "$gen" >/dev/null 2>&1

ok() { if [ "$1" = 0 ]; then echo "ok - pdf_fonts: $2"; else echo "not ok - pdf_fonts: $2${3:+ ($3)}"; fi; }

# a data directory whose English catalogue draws on "—" and "⌕" in labels no PDF draws
dd="$tmp/data"
mkdir -p "$dd"
cp -r input templates "$dd/"
sed -i 's|<label key="filter-all">[^<]*</label>|<label key="filter-all">— all —</label>|;
        s|<label key="filter-text">[^<]*</label>|<label key="filter-text">⌕ text</label>|' \
  "$dd/templates/i18n/en.xml"
grep -q '— all —' "$dd/templates/i18n/en.xml" && grep -q '⌕ text' "$dd/templates/i18n/en.xml"
ok $? "the copied catalogue holds the labels with U+2014 and U+2315"

# 1. the bench partners that met libharu's 0x1033
mkdir -p "$tmp/bench"
"$gen" -s 7 -p 3000 -v 60000 input/program.xml "$tmp/bench" >/dev/null
bench_partners="--partner P000409 --partner P001000"
# and a CJK and a mixed-script partner of the same data, for the determinism check below
for id in $(python3 - "$tmp/bench/partners.xml" <<'EOF'
import re, sys
cjk = mixed = None
pid = None
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r'<partner id="([^"]+)"', line)
    if m:
        pid = m.group(1)
    m = re.search(r"<name>([^<]*)</name>", line)
    if m and pid:
        name = m.group(1)
        if not cjk and any(0x3040 <= ord(c) <= 0xD7A3 for c in name):
            cjk = pid
        if not mixed and any(c.isascii() and c.isalpha() for c in name) and \
                any(0x0370 <= ord(c) <= 0x06FF for c in name):
            mixed = pid
        pid = None
print(cjk or "", mixed or "")
EOF
); do
  bench_partners="$bench_partners --partner $id"
done
PSREPORT_DATADIR="$dd" "$bin" -q -j1 --format pdf --scope partner $bench_partners \
  -o "$tmp/b1" "$tmp/bench" 2>"$tmp/b1.err"
rc=$?
[ $rc -eq 0 ] && [ -s "$tmp/b1/partners/P000409.pdf" ] && [ -s "$tmp/b1/partners/P001000.pdf" ]
ok $? "bench partners P000409 and P001000 are written, exit 0" "exit $rc: $(head -2 "$tmp/b1.err")"

# 2. the same bytes whatever -j and however many runs before
PSREPORT_DATADIR="$dd" "$bin" -q -j2 --format pdf --scope partner $bench_partners \
  -o "$tmp/b2" "$tmp/bench" 2>/dev/null
diff -r "$tmp/b1" "$tmp/b2" >"$tmp/d" 2>&1
ok $? "bench partners: -j1 and -j2 give the same bytes ($(echo $bench_partners | wc -w) args)" "$(head -2 "$tmp/d")"
for run in j1 j2 again; do
  case $run in j1) j=1 ;; *) j=2 ;; esac
  PSREPORT_DATADIR="$dd" "$bin" -q -j$j --format pdf -o "$tmp/s-$run" input/ 2>/dev/null
done
n=$(ls "$tmp/s-j1/partners" | wc -l)
[ "$n" -gt 5 ]
ok $? "samples: $n partner PDFs written"
diff -r "$tmp/s-j1" "$tmp/s-j2" >"$tmp/d" 2>&1
ok $? "samples: every PDF the same for -j1 and -j2 (CJK, Thai, Arabic, mixed scripts)" "$(head -2 "$tmp/d")"
diff -r "$tmp/s-j2" "$tmp/s-again" >"$tmp/d" 2>&1
ok $? "samples: every PDF the same in a second -j2 run" "$(head -2 "$tmp/d")"
# a process that drew a CJK partner before a Latin one, and one that did not
PSREPORT_DATADIR="$dd" "$bin" -q -j1 --format pdf --partner 6620007 -o "$tmp/one" input/ 2>/dev/null
cmp -s "$tmp/one/partners/6620007.pdf" "$tmp/s-j1/partners/6620007.pdf"
ok $? "partner 6620007 alone and within the whole run: the same bytes"

# 3. a stale main font in the data directory changes nothing
mkdir -p "$dd/build/fonts" "$dd/fonts"
cp /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf "$dd/build/fonts/DejaVuSans.ttf"
cp /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf "$dd/fonts/DejaVuSans.ttf"
PSREPORT_DATADIR="$dd" "$bin" -q -j2 --format pdf -o "$tmp/stale" input/ 2>/dev/null
diff -r "$tmp/s-j2" "$tmp/stale" >"$tmp/d" 2>&1
ok $? "a DejaVuSans.ttf left in build/fonts/ or fonts/ of the data directory changes no PDF" "$(head -2 "$tmp/d")"

# 4. fonts as fontconfig lists them (FONTCONFIG_FILE): only DejaVu installed, then none.
# With DejaVu only, a Thai partner's name has no font: '?' in its place, one warning
# that counts them and names the first; with no font at all the PDF cannot be made and
# the error says that fontconfig found no DejaVu Sans.
mkdir -p "$tmp/nofonts"
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
  /usr/share/fonts/truetype/dejavu "$tmp/fc-cache" >"$tmp/dejavu.conf"
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
  "$tmp/nofonts" "$tmp/fc-cache" >"$tmp/nofonts.conf"
FONTCONFIG_FILE="$tmp/dejavu.conf" "$bin" -j1 --format pdf --partner 6620007 -o "$tmp/fc1" input/ \
  2>"$tmp/fc1.err"
rc=$?
pdftotext "$tmp/fc1/partners/6620007.pdf" "$tmp/fc1.txt" 2>/dev/null
w=$(grep -c "^$tmp/fc1/partners/6620007.pdf: warning: [0-9]* character(s) have no glyph in any installed font (first U+0E[0-9A-F][0-9A-F]) and are shown as '?'$" "$tmp/fc1.err")
[ $rc -eq 3 ] && [ "$w" -eq 1 ] && grep -q "Partner report: ?* ?* .*(6620007)" "$tmp/fc1.txt" &&
  ! grep -q "$(printf '\xe0\xb8')" "$tmp/fc1.txt"
ok $? "only DejaVu Sans installed: a Thai name drawn as '?', one warning with the count and the first (U+0E..)" \
  "exit $rc, warnings $w: $(grep -v '^input/' "$tmp/fc1.err" | head -2 | tr '\n' '|')"
FONTCONFIG_FILE="$tmp/nofonts.conf" "$bin" -q -j1 --format pdf,json --partner 6620007 -o "$tmp/fc2" input/ \
  2>"$tmp/fc2.err"
rc=$?
[ $rc -eq 4 ] && [ ! -e "$tmp/fc2/partners/6620007.pdf" ] && [ -s "$tmp/fc2/findings.json" ] &&
  grep -q "^$tmp/fc2/partners/6620007.pdf: error: cannot read the font DejaVu Sans (fontconfig)$" "$tmp/fc2.err"
ok $? "no font installed at all: exit 4, 'cannot read the font DejaVu Sans (fontconfig)', no PDF, the JSON written" \
  "exit $rc: $(head -2 "$tmp/fc2.err" | tr '\n' '|')"
