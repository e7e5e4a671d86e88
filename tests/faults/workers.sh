#!/bin/bash
# The -j worker processes of report_write.c: more jobs than reports, and a worker killed
# mid-run (the OOM killer, an operator's kill -9): the run fails (exit 4) and says so,
# no temporary is left, every visible PDF is whole, and the next run writes the tree.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
ok() { echo "ok - workers: $1"; }
no() { echo "not ok - workers: $1"; }
temps() { find "$1" -name '.*.psreport.tmp*' | wc -l; }

# -j 64 for the programme and 3 region reports: 4 workers, the same tree as -j 1
"$bin" -q -j 1 --scope program,region --format pdf,html,json -o "$tmp/j1" input/ 2>/dev/null; r1=$?
"$bin" -q -j 64 --scope program,region --format pdf,html,json -o "$tmp/j64" input/ 2>"$tmp/err"; r64=$?
if [ $r1 -eq 3 ] && [ $r64 -eq 3 ] && [ ! -s "$tmp/err" ] && diff -r "$tmp/j1" "$tmp/j64" >/dev/null; then
  ok "-j 64 with 4 reports: the same tree as -j 1 (exit 3, the samples' rejected records)"
else no "-j 64 with 4 reports: exits $r1/$r64, trees differ or stderr ($(head -c 200 "$tmp/err"))"; fi

# a worker killed mid-run
mkdir -p "$tmp/big"
"$root/build/bench-gen" -s 3 -p 400 -v 20000 input/program.xml "$tmp/big" >/dev/null || { no "bench-gen"; exit 1; }
"$bin" -q -j 2 --format pdf -o "$tmp/k" "$tmp/big" 2>"$tmp/err" & pid=$!
victim=""
for i in $(seq 400); do
  if [ -n "$(find "$tmp/k/partners" -name '*.pdf' 2>/dev/null | head -1)" ]; then
    victim=$(pgrep -P $pid | head -1); [ -n "$victim" ] && break
  fi
  sleep 0.05
done
[ -n "$victim" ] && kill -KILL "$victim"
wait $pid; rc=$?
bad=0; for f in $(find "$tmp/k" -name '*.pdf'); do qpdf --check "$f" >/dev/null 2>&1 || bad=$((bad + 1)); done
if [ -z "$victim" ]; then no "a worker killed: no worker found to kill"
elif [ $rc -eq 4 ] && grep -q "^psreport: error: a worker process was killed by signal 9" "$tmp/err"; then
  ok "a worker killed by SIGKILL: exit 4, said on stderr"
else no "a worker killed by SIGKILL: exit $rc ($(head -c 300 "$tmp/err"))"; fi
if [ "$(temps "$tmp/k")" -eq 0 ] && [ $bad -eq 0 ]; then ok "a worker killed: no temporary left, every visible PDF passes qpdf --check"
else no "a worker killed: $(temps "$tmp/k") temporaries ($(find "$tmp/k" -name ".*" | head -3 | tr "\n" " ")), $bad damaged PDFs"; fi
"$bin" -q -j 2 --format pdf -o "$tmp/k" "$tmp/big" 2>/dev/null; rc=$?
n=$(find "$tmp/k/partners" -name '*.pdf' | wc -l)
if [ $rc -eq 0 ] && [ "$n" -eq 400 ]; then ok "the next run writes the whole tree (400 partner PDFs)"
else no "the next run: exit $rc, $n partner PDFs"; fi
