#!/bin/bash
# The system calls of the write path that fail only for lack of resources, made to fail
# once by tests/tools/failio.c (LD_PRELOAD): fdopen of a temporary, the -j workers'
# shared page (mmap), fork, the committer thread (pthread_create), the stale-temporary sweep (dup, fdopendir), getrandom for
# the temporaries' names, mkdirat, flock, the workers' prctl, the open of the output
# directory, waitpid for a worker. Each run either writes the same tree as an undisturbed run,
# or exits 4 with a clear message; no temporary is left, nothing damaged is visible.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
ok() { echo "ok - syscalls: $1"; }
no() { echo "not ok - syscalls: $1"; }
FMT=pdf,html,json
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1623744000} # trees compared byte for byte
temps() { find "$1" -name '.*' ! -name .psreport.lock | wc -l; }
damaged() {
  local bad=0 f
  while IFS= read -r f; do qpdf --check "$f" >/dev/null 2>&1 || bad=$((bad + 1)); done < <(find "$1" -name '*.pdf')
  while IFS= read -r f; do python3 -m json.tool "$f" >/dev/null 2>&1 || bad=$((bad + 1)); done < <(find "$1" -name '*.json')
  echo $bad
}
if ! cc -shared -fPIC -O1 -o "$tmp/failio.so" tests/tools/failio.c -ldl 2>"$tmp/cc"; then
  no "failio.so builds ($(head -1 "$tmp/cc"))"; exit 1
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
# one run with call #n failing: exit status in $rc, stderr without failio's line in $tmp/err
fail() { # CALL N OUTDIR [psreport options...]
  local call=$1 n=$2 out=$3; shift 3
  FAILIO_CALL=$call FAILIO_N=$n LD_PRELOAD="$tmp/failio.so" "$bin" -q "$@" -o "$out" input/ 2>"$tmp/raw"; rc=$?
  hit=$(grep -c "^failio: hit" "$tmp/raw")
  grep -v "^failio: hit" "$tmp/raw" >"$tmp/err"
}
said() { head -c 300 "$tmp/err" | tr '\n' '|'; }

"$bin" -q -j 1 --format $FMT -o "$tmp/ref" input/ 2>/dev/null; ref=$?
[ $ref -eq 3 ] || no "the undisturbed run: exit $ref (want 3, the samples' rejected records)"

# fdopen of the first temporary (findings.json): ENOMEM
fail fdopen 1 "$tmp/a" -j 1 --format $FMT
if [ "$hit" -eq 1 ] && [ $rc -eq 4 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
   grep -q "^$tmp/a/findings.json: error: cannot write: Cannot allocate memory$" "$tmp/err" &&
   [ ! -e "$tmp/a/findings.json" ] && [ "$(temps "$tmp/a")" -eq 0 ]; then
  ok "fdopen fails: exit 4, findings.json named once, not published, no temporary"
else no "fdopen fails: exit $rc, hit $hit, said: $(said)"; fi

# mmap of the workers' shared page: the workers take every 2nd report instead
fail mmap 1 "$tmp/b" -j 2 --format $FMT
if [ "$hit" -eq 1 ] && [ $rc -eq 3 ] && [ ! -s "$tmp/err" ] && diff -r "$tmp/ref" "$tmp/b" >/dev/null; then
  ok "mmap of the workers' shared page fails: -j 2 still writes the -j 1 tree"
else no "mmap fails: exit $rc, hit $hit, said: $(said), trees differ: $(diff -rq "$tmp/ref" "$tmp/b" | head -2 | tr '\n' '|')"; fi

# fork: the first worker, then the second
for n in 1 2; do
  fail fork $n "$tmp/c$n" -j 2 --format $FMT
  if [ "$hit" -eq 1 ] && [ $rc -eq 4 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
     grep -q "^psreport: error: cannot start a worker: Resource temporarily unavailable$" "$tmp/err" &&
     [ "$(temps "$tmp/c$n")" -eq 0 ] && [ "$(damaged "$tmp/c$n")" -eq 0 ]; then
    ok "fork of worker $n fails: exit 4, 'cannot start a worker', no temporary, nothing damaged"
  else no "fork of worker $n fails: exit $rc, hit $hit, said: $(said)"; fi
done
# the one worker that started took every report (they take the next one when free)
if [ "$(find "$tmp/c2" -type f | wc -l)" -eq "$(find "$tmp/ref" -type f | wc -l)" ]; then
  ok "fork of worker 2 fails: worker 1 still writes every report"
else no "fork of worker 2 fails: $(find "$tmp/c2" -type f | wc -l) files, not $(find "$tmp/ref" -type f | wc -l)"; fi

# the committer thread of the page files (report_write.c) cannot start: the drawing
# thread commits them itself, a few files late, as before the thread; the same tree
fail pthread_create 1 "$tmp/t" -j 1 --format $FMT
if [ "$hit" -eq 1 ] && [ $rc -eq 3 ] && [ ! -s "$tmp/err" ] && [ "$(temps "$tmp/t")" -eq 0 ] &&
   diff -r "$tmp/ref" "$tmp/t" >/dev/null; then
  ok "the committer thread cannot start: every file committed all the same, the same tree"
else no "the committer thread cannot start: exit $rc, hit $hit, $(diff -rq "$tmp/ref" "$tmp/t" 2>&1 | wc -l) differ, said: $(said)"; fi

# the sweep of stale temporaries (a killed run's) cannot read the directory: the stale
# one stays this time, the run goes on, and the next run removes it
stale=.findings.json.psreport.tmp0123456789ab
for call in dup fdopendir; do
  rm -rf "$tmp/d"; mkdir -p "$tmp/d"; echo old >"$tmp/d/$stale"
  fail $call 1 "$tmp/d" -j 1 --format json
  if [ "$hit" -eq 1 ] && [ $rc -eq 3 ] && [ ! -s "$tmp/err" ] && [ -e "$tmp/d/$stale" ] &&
     [ -s "$tmp/d/findings.json" ]; then
    ok "$call fails in the stale-temporary sweep: the run writes its files (exit 3), the stale one stays"
  else no "$call fails in the sweep: exit $rc, hit $hit, said: $(said)"; fi
  "$bin" -q -j 1 --format json -o "$tmp/d" input/ 2>/dev/null
  if [ ! -e "$tmp/d/$stale" ]; then ok "... the next run removes it"; else no "... the next run left $stale"; fi
done

# getrandom failing: the temporaries' names come from the clock and the pid
fail getrandom 1 "$tmp/e" -j 1 --format $FMT
if [ "$hit" -eq 1 ] && [ $rc -eq 3 ] && [ ! -s "$tmp/err" ] && diff -r "$tmp/ref" "$tmp/e" >/dev/null; then
  ok "getrandom fails: the same tree (names from the clock and the pid)"
else no "getrandom fails: exit $rc, hit $hit, said: $(said)"; fi

# getrandom giving the same bytes every time while that name is taken (a directory of the
# temporary's name, which the sweep does not remove): out_begin_at tries 17 names, all
# taken, and says so; the file is not written, the others are
mkdir -p "$tmp/f/.findings.json.psreport.tmp000000000000"
fail getrandom-fixed 1 "$tmp/f" -j 1 --format json
if [ "$hit" -eq 1 ] && [ $rc -eq 4 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
   grep -q "^$tmp/f/findings.json: error: cannot write: File exists$" "$tmp/err" && [ ! -e "$tmp/f/findings.json" ]; then
  ok "every temporary name taken: exit 4, 'cannot write: File exists', not published"
else no "every temporary name taken: exit $rc, hit $hit, said: $(said)"; fi

# mkdirat of regions/ (the first report directory) fails: no inode left
fail mkdirat 1 "$tmp/g" -j 1 --format $FMT
if [ "$hit" -eq 1 ] && [ $rc -eq 4 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
   grep -q "^$tmp/g/regions: error: cannot create: No space left on device$" "$tmp/err" &&
   [ ! -e "$tmp/g/regions" ] && [ ! -e "$tmp/g/partners" ] && [ "$(temps "$tmp/g")" -eq 0 ]; then
  ok "mkdirat of regions/ fails: exit 4, 'cannot create', no page written"
else no "mkdirat fails: exit $rc, hit $hit, said: $(said)"; fi

# flock of the output directory fails otherwise than "another run holds it"
fail flock 1 "$tmp/h" -j 1 --format $FMT
if [ "$hit" -eq 1 ] && [ $rc -eq 4 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
   grep -q "^$tmp/h: error: cannot lock the output directory: No locks available$" "$tmp/err" &&
   [ -z "$(find "$tmp/h" -type f 2>/dev/null)" ]; then
  ok "flock fails (ENOLCK): exit 4, 'cannot lock the output directory', nothing written"
else no "flock fails: exit $rc, hit $hit, said: $(said)"; fi

# mmap failing with a progress bar: the bar has no count of reports done (it stays at 0)
# and the tree is still the -j 1 tree
fail mmap 1 "$tmp/i" -j 2 --progress --format $FMT
if [ "$hit" -eq 1 ] && [ $rc -eq 3 ] && grep -q "writing" "$tmp/err" && diff -r "$tmp/ref" "$tmp/i" >/dev/null; then
  ok "mmap fails with --progress: the bar is drawn, -j 2 still writes the -j 1 tree"
else no "mmap fails with --progress: exit $rc, hit $hit, trees differ: $(diff -rq "$tmp/ref" "$tmp/i" | head -2 | tr '\n' '|')"; fi

# prctl(PR_SET_PDEATHSIG) failing in the workers (each counts from its parent's count, so
# both fail): a worker that could outlive its parent writes nothing; it says why (it
# exited 4 without a word before)
fail prctl 1 "$tmp/j" -j 2 --format $FMT
if [ "$hit" -eq 2 ] && [ $rc -eq 4 ] && [ "$(wc -l <"$tmp/err")" -eq 2 ] &&
   [ "$(grep -c "^psreport: error: a worker cannot watch its parent process (prctl): Invalid argument; its reports are not written$" "$tmp/err")" -eq 2 ] &&
   [ -s "$tmp/j/findings.json" ] && [ -z "$(find "$tmp/j" -name '*.pdf')" ] && [ "$(temps "$tmp/j")" -eq 0 ]; then
  ok "prctl fails in both workers: exit 4, each says why, no page written, no temporary"
else no "prctl fails: exit $rc, hit $hit, said: $(said)"; fi

# the output directory cannot be opened (out of descriptors): when it is locked (the 2nd
# open of a directory; the 1st looks for psreport's own files among the inputs), or when
# the writing starts (the 3rd): exit 4, said once, nothing written
for n in 2 3; do
  fail open-dir $n "$tmp/k$n" -j 1 --format $FMT
  want="cannot open the output directory" # at 3 it said "cannot create"
  if [ "$hit" -eq 1 ] && [ $rc -eq 4 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
     grep -q "^$tmp/k$n: error: $want: Too many open files$" "$tmp/err" &&
     [ -z "$(find "$tmp/k$n" -type f ! -name .psreport.lock 2>/dev/null)" ]; then
    ok "open of the output directory fails (call $n): exit 4, '$want: Too many open files', nothing written"
  else no "open of the output directory fails (call $n): exit $rc, hit $hit, said: $(said)"; fi
done

# waitpid failing for the first worker (ECHILD: reaped by someone else): the run cannot
# know whether that worker wrote its reports; it says so and exits 4 (it exited 4
# without a word before). No temporary is left, nothing damaged is visible.
fail waitpid 1 "$tmp/l" -j 2 --format $FMT
if [ "$hit" -eq 1 ] && [ $rc -eq 4 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
   grep -q "^psreport: error: cannot wait for a worker process: No child processes; the reports it had still to write may be missing$" "$tmp/err" &&
   [ "$(temps "$tmp/l")" -eq 0 ] && [ "$(damaged "$tmp/l")" -eq 0 ]; then
  ok "waitpid fails for a worker: exit 4, 'cannot wait for a worker process', no temporary, nothing damaged"
else no "waitpid fails: exit $rc, hit $hit, said: $(said)"; fi
