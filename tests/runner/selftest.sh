#!/bin/sh
# The runner cannot be fooled: fake suites that die after a passing check, print
# nothing, print "not ok" or are killed must each count as failed and make the run exit
# non-zero; honest suites still pass. Runs the runner's own functions (lib.sh).
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
ok() { echo "ok - runner: $1"; }
no() { echo "not ok - runner: $1"; failed=1; }

# fake suites
printf 'echo "ok - fake: first check"\necho "ok - fake: second check"\n' >"$tmp/good.sh"
printf 'echo "ok - fake: first check"\nexit 1\n' >"$tmp/dies.sh"
printf 'echo "some chatter, no result"\n' >"$tmp/silent.sh"
printf 'echo "ok - fake: one"\necho "not ok - fake: two (why)"\n' >"$tmp/notok.sh"
printf 'echo "ok - fake: first check"\nkill -KILL $$\necho "ok - fake: never"\n' >"$tmp/killed.sh"

# run SUITE...: a run of the runner over the named fake suites; its output goes to
# $tmp/out (never to our stdout, where its result lines would count) and its status to $rc
run() {
  (
    unset PSREPORT_TEST_FILTER
    . "$root/tests/runner/lib.sh"
    runner_start
    for s in "$@"; do suite "fake $s" sh "$tmp/$s.sh"; done
    runner_end
  ) >"$tmp/out" 2>&1
  rc=$?
  summary=$(tail -1 "$tmp/out")
}

run good
if [ $rc -eq 0 ] && [ "$summary" = "2 passed, 0 failed" ]; then ok "honest suites pass (exit 0, 2 passed)"; else no "honest suites pass (exit $rc, $summary)"; fi

run dies
if [ $rc -ne 0 ] && [ "$summary" = "1 passed, 1 failed" ] &&
   grep -q '^not ok - fake dies: the suite exited with status 1 after 1 result' "$tmp/out"; then
  ok "a suite that exits 1 after its first ok counts as failed and the run exits $rc"
else no "a suite that exits 1 after its first ok (exit $rc, $summary)"; fi

run silent
if [ $rc -ne 0 ] && [ "$summary" = "0 passed, 1 failed" ] &&
   grep -q '^not ok - fake silent: the suite printed no result' "$tmp/out"; then
  ok "a suite that prints no result counts as failed and the run exits $rc"
else no "a suite that prints no result (exit $rc, $summary)"; fi

run notok
if [ $rc -ne 0 ] && [ "$summary" = "1 passed, 1 failed" ]; then
  ok "a suite that prints not ok counts as failed and the run exits $rc"
else no "a suite that prints not ok (exit $rc, $summary)"; fi

run killed
if [ $rc -ne 0 ] && [ "$summary" = "1 passed, 1 failed" ] &&
   grep -q '^not ok - fake killed: the suite exited with status 137' "$tmp/out"; then
  ok "a suite killed by SIGKILL counts as failed and the run exits $rc"
else no "a suite killed by SIGKILL (exit $rc, $summary)"; fi

# one bad suite among good ones still fails the whole run, and says which
run good dies good
if [ $rc -ne 0 ] && [ "$summary" = "5 passed, 1 failed" ] && grep -q '^not ok - fake dies:' "$tmp/out"; then
  ok "one dying suite among honest ones fails the run and is named"
else no "one dying suite among honest ones (exit $rc, $summary)"; fi

# tests/run.sh counts with these functions, not a copy of its own
if grep -q '^\. tests/runner/lib.sh' "$root/tests/run.sh" && ! grep -q 'grep -c' "$root/tests/run.sh"; then
  ok "tests/run.sh counts with tests/runner/lib.sh"
else no "tests/run.sh counts with tests/runner/lib.sh"; fi
exit $failed
