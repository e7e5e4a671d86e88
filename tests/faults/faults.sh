#!/bin/bash
# Faults: a file size limit (disk full), SIGTERM, SIGINT and SIGKILL in the middle of a
# run. Never a half-written report visible, an earlier good report never damaged,
# exit 4 with a clear message when an output cannot be written.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
ok() { echo "ok - faults: $1"; }
no() { echo "not ok - faults: $1"; }
temps() { find "$1" -name '.*.tmp*' | wc -l; }
complete() { # every visible PDF is valid and every HTML page ends
  local bad=0
  for f in $(find "$1" -name '*.pdf'); do qpdf --check "$f" >/dev/null 2>&1 || bad=$((bad + 1)); done
  for f in $(find "$1" -name '*.html'); do tail -c 20 "$f" | grep -q '</html>' || bad=$((bad + 1)); done
  echo $bad
}

# a good run, kept for comparison
"$bin" -q -o "$tmp/out" input/
cp -r "$tmp/out" "$tmp/good"

# disk full: a 64 KB file size limit; program.pdf is bigger
(ulimit -f 64; "$bin" -q -j 1 -o "$tmp/out" input/ 2>"$tmp/err"); rc=$?
if [ $rc -eq 4 ] && grep -q "error: " "$tmp/err"; then ok "file size limit: exit 4 with an error message"; else no "file size limit: exit 4 ($rc: $(head -2 "$tmp/err"))"; fi
if [ "$(temps "$tmp/out")" -eq 0 ]; then ok "file size limit: no temporary file left"; else no "file size limit: temporary files left"; fi
if cmp -s "$tmp/good/program.html" "$tmp/out/program.html" && cmp -s "$tmp/good/program.pdf" "$tmp/out/program.pdf"; then
  ok "file size limit: the earlier good reports are intact"; else no "file size limit: the earlier good reports are intact"; fi

# a bigger input, so signals arrive mid-run
if [ ! -s "$tmp/big/vouchers.xml" ]; then mkdir -p "$tmp/big"; "$root/build/bench-gen" -s 7 -p 3000 -v 60000 input/program.xml "$tmp/big" ||
  { no "signals: build/bench-gen could not make the big input (make build/bench-gen)"; exit 1; }; fi
# waits until the run has written a partner report of its own (the run is mid-way)
midway() {
  n=0
  while [ $n -lt 600 ] && [ -z "$(find "$1/partners" -name 'P*' -newer "$tmp/stamp" 2>/dev/null | head -1)" ]; do
    sleep 0.05; n=$((n + 1))
  done
}
for sig in TERM INT; do
  rm -rf "$tmp/s"; cp -r "$tmp/good" "$tmp/s"; touch "$tmp/stamp"
  "$bin" -q -j 2 -o "$tmp/s" "$tmp/big" 2>/dev/null & pid=$!
  midway "$tmp/s"; kill -$sig $pid; wait $pid; rc=$?
  sleep 0.5
  if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then ok "SIG$sig mid-run stops the run (status $rc)"; else no "SIG$sig mid-run stops the run (status $rc)"; fi
  if [ "$(temps "$tmp/s")" -eq 0 ]; then ok "SIG$sig: no temporary file left"; else no "SIG$sig: $(temps "$tmp/s") temporary files left"; fi
  if [ "$(complete "$tmp/s")" -eq 0 ]; then ok "SIG$sig: every visible report is complete"; else no "SIG$sig: incomplete reports visible"; fi
  if pgrep -f "$tmp/s" >/dev/null; then no "SIG$sig: workers still running"; pkill -f "$tmp/s"; else ok "SIG$sig: no worker left running"; fi
done
rm -rf "$tmp/k"; cp -r "$tmp/good" "$tmp/k"; touch "$tmp/stamp"
"$bin" -q -j 2 -o "$tmp/k" "$tmp/big" 2>/dev/null & pid=$!
midway "$tmp/k"; kill -KILL $pid; pkill -KILL -f "$tmp/k"; wait $pid 2>/dev/null
if [ "$(complete "$tmp/k")" -eq 0 ]; then ok "SIGKILL: every visible report is complete (temporary names are hidden)"; else no "SIGKILL: incomplete reports visible"; fi
"$bin" -q -j 2 -o "$tmp/k" "$tmp/big"; rc=$?
if [ $rc -eq 0 ] || [ $rc -eq 3 ]; then ok "a run after SIGKILL succeeds"; else no "a run after SIGKILL succeeds ($rc)"; fi
if [ "$(temps "$tmp/k")" -eq 0 ]; then ok "the next run removes the temporary files SIGKILL left"; else no "stale temporary files remain"; fi
