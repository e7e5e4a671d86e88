# The runner's bookkeeping, shared by tests/run.sh and its self-test
# (tests/runner/selftest.sh), so the self-test checks the code that counts.
#
#   runner_start              a fresh log
#   suite NAME COMMAND...     runs one suite: its "ok - "/"not ok - " lines are collected,
#                             the "not ok" and "#" lines shown as they come
#   runner_end                prints "N passed, M failed"; status 0 only when nothing
#                             failed and something passed
#
# A suite cannot pass by dying: one that exits non-zero, or prints no result line at
# all, adds a "not ok - NAME: ..." line of its own, whatever it printed before.

runner_start() {
  runner_dir=$(mktemp -d)
  runner_log=$runner_dir/log
  : >"$runner_log"
}

suite() { # suite NAME COMMAND...
  name=$1; shift
  case "$name" in *"${PSREPORT_TEST_FILTER:-}"*) ;; *) return 0 ;; esac
  echo "# $name"
  out=$runner_dir/out
  rm -f "$runner_dir/status"
  # the exit status of the suite survives the pipe through a file
  { "$@" 2>&1; echo $? >"$runner_dir/status"; } | tee "$out" | grep -E '^(not ok|#)'
  cat "$out" >>"$runner_log"
  status=$(cat "$runner_dir/status" 2>/dev/null)
  results=$(grep -cE '^(ok|not ok) - ' "$out")
  if [ "${status:-1}" != 0 ]; then
    echo "not ok - $name: the suite exited with status ${status:-unknown} after $results result(s)" | tee -a "$runner_log"
  elif [ "$results" -eq 0 ]; then
    echo "not ok - $name: the suite printed no result" | tee -a "$runner_log"
  fi
  return 0
}

runner_end() {
  passed=$(grep -c '^ok - ' "$runner_log")
  failed=$(grep -c '^not ok - ' "$runner_log")
  rm -rf "$runner_dir"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}
