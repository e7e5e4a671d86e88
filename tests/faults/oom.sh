#!/bin/bash
# Out of memory (util/alloc.h): under `ulimit -v`, a run on exports too big for the
# limit ends with exit 4 and one line saying so. Running out of memory is not a property
# of the input: no record is "rejected", no file "invalid", and no report that misses
# records is renamed into place (an earlier good tree stays as it was).
#
# AddressSanitizer reserves terabytes of address space for its shadow memory, so an
# ASan binary cannot even start under ulimit -v: only the plain binary is run here.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
if grep -q __asan_init "$bin"; then
  echo "# oom: $bin is an ASan binary; ulimit -v applies to the plain binary only"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
ok() { echo "ok - oom: $1"; }
no() { echo "not ok - oom: $1"; }
LIMIT=100000 # KB of address space: the samples run in about 60 MB, these exports need 250+
reports() { find "$1" -type f ! -name '.*' 2>/dev/null | wc -l; }

# the limit leaves room for a normal run: the samples are read and written under it
(ulimit -v $LIMIT; "$bin" -q -j 1 --format json,csv -o "$tmp/good" input/ 2>"$tmp/err"); rc=$?
if [ $rc -eq 3 ] && [ -s "$tmp/good/findings.json" ]; then ok "the samples run under the limit (exit 3, their rejected records)"
else no "the samples run under the limit (exit $rc: $(head -2 "$tmp/err"))"; fi

# 500,000 vouchers: about 230 MB of XML, more than the limit holds in the model
mkdir -p "$tmp/big"
"$root/build/bench-gen" -s 5 -p 2000 -v 500000 input/program.xml "$tmp/big" || exit 1
for j in 1 2; do # -j 2 reads the vouchers in two parts on two threads
  rm -rf "$tmp/out"
  (ulimit -v $LIMIT; "$bin" -q -j $j --format json,csv -o "$tmp/out" "$tmp/big" 2>"$tmp/err"); rc=$?
  if [ $rc -eq 4 ]; then ok "-j $j: exit 4"; else no "-j $j: exit 4 (got $rc)"; fi
  if [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^psreport: out of memory" "$tmp/err"; then
    ok "-j $j: one line on stderr, saying out of memory"
  else no "-j $j: one out-of-memory line on stderr (got: $(head -3 "$tmp/err" | tr '\n' '|'))"; fi
  if ! grep -Eqi "rejected|invalid|error:" "$tmp/err"; then ok "-j $j: nothing reported as bad input"
  else no "-j $j: out of memory reported as bad input"; fi
  if [ "$(reports "$tmp/out")" -eq 0 ]; then ok "-j $j: no report renamed into place"
  else no "-j $j: $(reports "$tmp/out") report(s) written"; fi
done

# into a tree holding the samples' good reports: they stay, byte for byte
cp -r "$tmp/good" "$tmp/keep"
(ulimit -v $LIMIT; "$bin" -q -j 2 --format json,csv -o "$tmp/good" "$tmp/big" 2>/dev/null); rc=$?
if [ $rc -eq 4 ] && diff -r -x '.*' "$tmp/keep" "$tmp/good" >/dev/null; then ok "an earlier good tree is left as it was"
else no "an earlier good tree is left as it was (exit $rc)"; fi

# fontconfig (chart text, PDF fonts) loads its configuration at its first use; loaded
# late, under memory pressure, fontconfig 2.14.1 crashes or never returns instead of
# failing. With pages to write it is loaded before the exports are read, at -j 1 as
# before forking -j workers: its configuration is opened before the first export, and
# not at all for findings files only.
if command -v strace >/dev/null; then
  rm -rf "$tmp/st"
  strace -f -e trace=openat -o "$tmp/trace" "$bin" -q -j 1 --format pdf --scope program \
    -o "$tmp/st" input/ 2>/dev/null
  conf=$(grep -n 'fonts\.conf"' "$tmp/trace" | head -1 | cut -d: -f1)
  first=$(grep -n '"input/[a-z_]*\.xml"' "$tmp/trace" | head -1 | cut -d: -f1)
  if [ -n "$conf" ] && [ -n "$first" ] && [ "$conf" -lt "$first" ]; then
    ok "-j 1 with a PDF to write: fontconfig's configuration is loaded before the first export is read"
  else no "-j 1 with a PDF: fonts.conf opened at trace line ${conf:-never}, the first export at ${first:-never}"; fi
  rm -rf "$tmp/st"
  strace -f -e trace=openat -o "$tmp/trace" "$bin" -q -j 1 --format json -o "$tmp/st" input/ 2>/dev/null
  if ! grep -q 'fonts\.conf"' "$tmp/trace"; then ok "findings files only: fontconfig is not loaded"
  else no "findings files only: fontconfig is loaded"; fi
else no "strace is not installed (.ci/install-deps test)"; fi

# out of memory in a -j worker while it writes reports (not while reading):
# tests/tools/failmem.c makes every allocation of a forked worker fail from its Nth on.
# Each worker that runs out stops quietly with its own status; the parent says it once
# and stops the run (exit 4). Temporaries are removed; what is visible is whole.
# (The coverage build's worker out of memory ends without writing its counts,
# tests/tools/gcov_exit.c: that would need memory.)
if ! cc -shared -fPIC -O1 -o "$tmp/failmem.so" tests/tools/failmem.c 2>"$tmp/cc"; then
  no "failmem.so builds ($(head -1 "$tmp/cc"))"; exit 1
fi
whole() { # visible PDFs failing qpdf --check, HTML without its end, JSON failing to parse
  local bad=0 f
  while IFS= read -r f; do qpdf --check "$f" >/dev/null 2>&1 || bad=$((bad + 1)); done < <(find "$1" -name '*.pdf')
  while IFS= read -r f; do tail -c 10 "$f" | grep -q '</html>' || bad=$((bad + 1)); done < <(find "$1" -name '*.html')
  while IFS= read -r f; do python3 -m json.tool "$f" >/dev/null 2>&1 || bad=$((bad + 1)); done < <(find "$1" -name '*.json')
  echo $bad
}
for n in 1 3000 30000 100000; do # at the start of a worker, in fontconfig/cairo/libxslt/libharu, later
  rm -rf "$tmp/w"
  FAILMEM_N=$n LD_PRELOAD="$tmp/failmem.so" timeout 300 "$bin" -q -j 2 --format pdf,html,json \
    -o "$tmp/w" input/ 2>"$tmp/err"; rc=$?
  hits=$(grep -c "^failmem: hit" "$tmp/err")
  grep -v "^failmem: hit" "$tmp/err" >"$tmp/said"
  temps=$(find "$tmp/w" -name '.*' ! -name .psreport.lock | wc -l)
  if [ "$hits" -eq 0 ]; then no "worker out of memory at allocation $n: no allocation failed (rc $rc)"
  elif [ $rc -eq 4 ] && [ "$(wc -l <"$tmp/said")" -eq 1 ] && grep -q "^psreport: out of memory" "$tmp/said"; then
    ok "-j 2, a worker out of memory at its allocation $n while writing: exit 4, one out-of-memory line"
  else no "-j 2, a worker out of memory at its allocation $n: exit $rc, said: $(head -3 "$tmp/said" | tr '\n' '|')"; fi
  bad=$(whole "$tmp/w")
  if [ "$temps" -eq 0 ] && [ "$bad" -eq 0 ]; then ok "... at $n: no temporary left, every visible report whole"
  else no "... at $n: $temps temporaries, $bad damaged visible files"; fi
done

# out of memory at -j 1, at points spread over the whole run (FAILMEM_SELF: the process
# that loaded failmem.so counts): reading, evaluating, the fonts (fontconfig, cairo's
# face, the PDF main font and fallbacks, loaded before reading), each report. fontconfig
# 2.14.1 crashed on a failed allocation when the PDF engine first asked it for the
# fallback list while writing (SIGSEGV at allocations 80,000 to 92,000 of this run), and
# libharu 2.3.0's UTF-8 encoder wrote through the NULL of a malloc it never checks
# (91,500 to 93,500; pdf_font.c's utf8_to_codes does that conversion now). Every run ends with exit 4 and the one out-of-memory line, never a signal or a hang.
# Not below 20,000: fontconfig also crashes or hangs when an allocation fails while it
# parses its configuration at start-up (allocations 1,000 to 10,000 here, before any
# export is read), a fault of the library that psreport cannot route around (README).
crashed=""
for n in $(seq 20000 1000 170000); do
  rm -rf "$tmp/s"
  FAILMEM_SELF=1 FAILMEM_N=$n LD_PRELOAD="$tmp/failmem.so" timeout 120 "$bin" -q -j 1 \
    --format pdf,html -o "$tmp/s" input/ 2>"$tmp/err"; rc=$?
  grep -v "^failmem: hit" "$tmp/err" >"$tmp/said"
  if ! grep -q "^failmem: hit" "$tmp/err"; then continue; fi # the run needed fewer
  if [ $rc -ne 4 ] || [ "$(wc -l <"$tmp/said")" -ne 1 ] || ! grep -q "^psreport: out of memory" "$tmp/said"; then
    crashed="$crashed $n:$rc:$(head -2 "$tmp/said" | tr '\n' '|')"
  fi
  bad=$(whole "$tmp/s")
  [ "$bad" -eq 0 ] || crashed="$crashed $n:damaged=$bad"
done
if [ -z "$crashed" ]; then ok "-j 1 out of memory at 151 points from reading to the last report: exit 4, one line, nothing damaged visible"
else no "-j 1 out of memory: not a clean exit 4 at (allocation:exit)$crashed"; fi
