#!/bin/bash
# The output tree against a hostile or shared output directory (issue 15 items 3-6):
# planted symlinks, other files' temporaries, two runs at once, a FIFO input, a
# SIGKILLed parent of -j workers.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
ok() { echo "ok - tree: $1"; }
no() { echo "not ok - tree: $1"; }

# a symlinked partners/ or regions/ is never followed out of the output tree
for d in partners regions; do
  mkdir -p "$tmp/$d-out" "$tmp/$d-victim"
  ln -s "$tmp/$d-victim" "$tmp/$d-out/$d"
  "$bin" -q --format html,json -o "$tmp/$d-out" input/ 2>"$tmp/err"; rc=$?
  if [ $rc -eq 4 ] && [ -z "$(ls -A "$tmp/$d-victim")" ] && grep -q "$d: error: not a directory of the output tree" "$tmp/err"; then
    ok "a symlinked $d/: exit 4, said, nothing written through it"
  else no "a symlinked $d/: exit $rc, $(ls -A "$tmp/$d-victim" | wc -l) file(s) through it ($(head -1 "$tmp/err"))"; fi
  if [ -s "$tmp/$d-out/findings.json" ]; then ok "a symlinked $d/: the other files are still written"; else no "a symlinked $d/: findings.json missing"; fi
done

# a symlink planted at the old predictable temporary names (.NAME.tmpPID) is not used,
# and other hidden files survive; psreport's own stale temporaries are removed
mkdir -p "$tmp/o/partners"
echo keep >"$tmp/victim"
for pid in $(seq $(($$ + 1)) $(($$ + 60))); do ln -s "$tmp/victim" "$tmp/o/.findings.json.tmp$pid"; done
echo mine >"$tmp/o/.notes.tmp42"
echo mine >"$tmp/o/partners/.notes.psreport.tmp"
echo stale >"$tmp/o/.findings.json.psreport.tmp0123456789ab"
echo stale >"$tmp/o/partners/.x.pdf.psreport.tmpabcdef012345"
"$bin" -q --format html,json -o "$tmp/o" input/ 2>"$tmp/err"; rc=$?
if [ $rc -eq 3 ] && [ "$(cat "$tmp/victim")" = keep ] && python3 -m json.tool "$tmp/o/findings.json" >/dev/null; then
  ok "planted symlinks at temporary names: the target untouched, findings.json written"
else no "planted symlinks at temporary names: exit $rc, victim '$(head -c 20 "$tmp/victim")'"; fi
if [ -f "$tmp/o/.notes.tmp42" ] && [ -f "$tmp/o/partners/.notes.psreport.tmp" ]; then ok "a user's hidden .tmp files survive"
else no "a user's hidden .tmp files were deleted"; fi
if [ ! -e "$tmp/o/.findings.json.psreport.tmp0123456789ab" ] && [ ! -e "$tmp/o/partners/.x.pdf.psreport.tmpabcdef012345" ]; then
  ok "a killed run's psreport temporaries are removed"; else no "stale psreport temporaries remain"; fi

# two runs into one output directory: the second fails at once (exit 4), says why
mkdir -p "$tmp/l"
start=$(date +%s%N)
flock "$tmp/l" "$bin" -q --format json -o "$tmp/l" input/ 2>"$tmp/err"; rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
if [ $rc -eq 4 ] && grep -q "another psreport run is writing to this output directory" "$tmp/err" && [ ! -e "$tmp/l/findings.json" ]; then
  ok "a locked output directory: exit 4 in $ms ms, said, nothing written"
else no "a locked output directory: exit $rc ($(head -1 "$tmp/err"))"; fi
rm -rf "$tmp/l"
mkdir -p "$tmp/big"
"$root/build/bench-gen" -s 3 -p 400 -v 20000 input/program.xml "$tmp/big" >/dev/null || no "bench-gen"
"$bin" -q -j 2 --format pdf,json --as-of 2021-04-30 -o "$tmp/l" "$tmp/big" 2>"$tmp/err1" & a=$!
for i in $(seq 100); do [ -d "$tmp/l" ] && break; sleep 0.05; done
sleep 0.2
"$bin" -q -j 2 --format pdf,json -o "$tmp/l" "$tmp/big" 2>"$tmp/err2"; rb=$?
wait $a; ra=$?
if [ $ra -eq 0 ] && [ $rb -eq 4 ] && grep -q "another psreport run" "$tmp/err2"; then
  ok "two concurrent runs: the first completes (exit 0), the second exits 4"
else no "two concurrent runs: exits $ra and $rb ($(head -1 "$tmp/err1") / $(head -1 "$tmp/err2"))"; fi
if grep -q '"as_of": *"2021-04-30"' "$tmp/l/findings.json" 2>/dev/null || grep -q '2021-04-30' "$tmp/l/findings.json"; then
  ok "two concurrent runs: the tree is the first run's"; else no "two concurrent runs: the tree is not the first run's"; fi

# a FIFO input does not hang: it is refused as not a regular file (given, or in a directory)
mkdir -p "$tmp/fifo"; cp input/*.xml "$tmp/fifo/"; mkfifo "$tmp/fifo/f.xml"
timeout 20 "$bin" --format json -o "$tmp/fo1" "$tmp/fifo/f.xml" input/ 2>"$tmp/err"; rc=$?
if [ $rc -eq 3 ] && grep -q "f.xml.*not a regular file" "$tmp/err"; then ok "a FIFO given: exit 3 at once, 'not a regular file'"
else no "a FIFO given: exit $rc ($(grep f.xml "$tmp/err" | head -1))"; fi
timeout 20 "$bin" --format json -o "$tmp/fo2" "$tmp/fifo" 2>"$tmp/err"; rc=$?
if [ $rc -eq 3 ] && grep -q "f.xml.*not a regular file" "$tmp/err" && [ -s "$tmp/fo2/findings.json" ]; then ok "a FIFO in an input directory: refused, the other files read"
else no "a FIFO in an input directory: exit $rc"; fi

# -j workers do not outlive a SIGKILLed parent: nothing new appears after it died
rm -rf "$tmp/k"; touch "$tmp/stamp"
"$bin" -q -j 2 --format pdf,html -o "$tmp/k" "$tmp/big" 2>/dev/null & pid=$!
for i in $(seq 600); do [ -n "$(find "$tmp/k/partners" -name '*.pdf' 2>/dev/null | head -1)" ] && break; sleep 0.05; done
kill -KILL $pid; wait $pid 2>/dev/null
sleep 1
find "$tmp/k" ! -name '.*' -type f -printf '%p %T@\n' | sort >"$tmp/k1"
sleep 3
find "$tmp/k" ! -name '.*' -type f -printf '%p %T@\n' | sort >"$tmp/k2"
if cmp -s "$tmp/k1" "$tmp/k2"; then ok "SIGKILLed parent with -j 2: nothing renamed into place after it died ($(wc -l <"$tmp/k1") files)"
else no "SIGKILLed parent with -j 2: $(comm -13 "$tmp/k1" "$tmp/k2" | wc -l) file(s) appeared or changed after it died"; fi
if pgrep -f -- "-o $tmp/k" >/dev/null; then no "SIGKILLed parent with -j 2: workers still running"; pkill -KILL -f -- "-o $tmp/k"
else ok "SIGKILLed parent with -j 2: no worker left running"; fi
bad=0; for f in $(find "$tmp/k" -name '*.pdf'); do qpdf --check "$f" >/dev/null 2>&1 || bad=$((bad + 1)); done
if [ $bad -eq 0 ]; then ok "SIGKILLed parent with -j 2: every visible PDF passes qpdf --check"; else no "SIGKILLed parent: $bad damaged PDFs"; fi

# an -o path near PATH_MAX: the same tree as a short one, or exit 4 said; never collapsed
"$bin" -q --format html,json -o "$tmp/short" input/ 2>/dev/null
long=$tmp/$(python3 -c "print('/'.join(['d' * 200] * 19))")
"$bin" -q --format html,json -o "$long" input/ 2>"$tmp/err"; rc=$?
if [ $rc -eq 3 ] && diff -r -x '.*' "$tmp/short" "$long" >/dev/null; then ok "a ${#long}-byte -o: the same tree as a short one"
else no "a ${#long}-byte -o: exit $rc, trees differ ($(head -c 200 "$tmp/err"))"; fi
longer=$long/$(python3 -c "print('/'.join(['e' * 200] * 2))")
"$bin" -q --format html,json -o "$longer" input/ 2>"$tmp/err"; rc=$?
if [ $rc -eq 4 ] && grep -q "error: cannot create the output directory: File name too long" "$tmp/err"; then ok "a ${#longer}-byte -o: exit 4, 'File name too long'"
else no "a ${#longer}-byte -o: exit $rc ($(head -c 200 "$tmp/err"))"; fi
rm -rf "$tmp/d$(printf 'd%.0s' $(seq 199))"

# a --format list over 255 bytes is read whole (its last item counts)
list=$(python3 -c "print(','.join(['json'] * 70) + ',csv')")
"$bin" -q --format "$list" -o "$tmp/fl" input/ 2>/dev/null
if [ -s "$tmp/fl/findings.csv" ] && [ -s "$tmp/fl/findings.json" ]; then ok "a ${#list}-byte --format list is read whole"; else no "a ${#list}-byte --format list was cut"; fi

# past 65,535 input files, findings still name the right file (a 32-bit file index):
# 65,540 empty exports first, then the samples as zz-*.xml (file index 65,540 and on)
mkdir -p "$tmp/many"
python3 -c "
import sys
for i in range(65540): open(sys.argv[1] + '/z%05d.xml' % i, 'w').close()" "$tmp/many"
for f in input/*.xml; do cp "$f" "$tmp/many/zz-$(basename "$f")"; done
"$bin" -q --format json -o "$tmp/many-out" "$tmp/many" 2>/dev/null; rc=$?
blamed=$(python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
names = {f['file'].rsplit('/', 1)[-1][:3] for f in d['findings'] if f['file'] and f['rule'] != 'invalid-file'}
print(','.join(sorted(names)))" "$tmp/many-out/findings.json")
if [ $rc -eq 3 ] && [ "$blamed" = "zz-" ]; then ok "65,543 input files: record findings name the zz-*.xml they came from"
else no "65,543 input files: exit $rc, record findings name files starting '$blamed'"; fi
rm -rf "$tmp/many" "$tmp/many-out"
