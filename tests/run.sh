#!/bin/sh
# The whole test suite. Every test prints "ok - NAME" or "not ok - NAME (why)";
# this runner collects them and ends with "N passed, M failed". A suite that exits
# non-zero or prints no result counts as failed (tests/runner/lib.sh).
#
#   tests/run.sh            normal binary, then the suite again under ASan + UBSan
#   PSREPORT_NO_ASAN=1      skip the sanitizer pass (make test-fast)
#   PSREPORT_TEST_FILTER=x  only suites whose name contains x
#   PSREPORT_COVERAGE=1     the --coverage build once (make coverage): no sanitizer, fuzz
#                           or valgrind pass
cd "$(dirname "$0")/.." || exit 2
. tests/runner/lib.sh
runner_start
trap 'rm -rf "$runner_dir"' EXIT

# reports hold one wall-clock time, their generation time: a fixed one makes every run
# byte-comparable (cli.md); tests/e2e/details.py checks the clock without it
export SOURCE_DATE_EPOCH=1623744000
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99

variants="plain asan"
[ -n "${PSREPORT_COVERAGE:-}" ] && variants=cov
for variant in $variants; do
  if [ "$variant" = cov ]; then
    bin=build/psreport-cov; units=build/tests-cov
  elif [ "$variant" = asan ]; then
    [ -n "${PSREPORT_NO_ASAN:-}" ] && continue
    bin=build/psreport-asan; units=build/tests-asan
  else
    bin=build/psreport; units=build/tests
  fi
  [ -x "$bin" ] || { echo "not ok - $variant: $bin missing" | tee -a "$runner_log"; continue; }
  # a binary older than a source (a filtered run after an edit, without make) would test
  # the code as it was: said, and counted as a failure
  for src in generator/*.[ch] generator/util/*.[ch]; do
    [ "$src" -nt "$bin" ] || continue
    echo "not ok - $variant: $bin is older than $src (make $bin first)" | tee -a "$runner_log"
    break
  done
  export PSREPORT_BIN=$bin
  for t in "$units"/test_*; do
    [ -x "$t" ] && suite "$variant unit $(basename "$t")" "$t"
  done
  suite "$variant rules" python3 tests/tools/rulecase.py "$bin" tests/rules/*.case
  for t in tests/e2e/*.sh tests/hostile/*.sh tests/faults/*.sh; do
    [ -f "$t" ] || continue
    # ASan reserves terabytes of shadow memory: its binary cannot start under the
    # `ulimit -v` that oom.sh needs, so that suite runs with the plain binary only
    case "$variant/$(basename "$t")" in asan/oom.sh) continue ;; esac
    suite "$variant $(basename "$t" .sh)" bash "$t" "$bin"
  done
done

suite "runner self-test" sh tests/runner/selftest.sh
suite "style limits" sh tests/style/limits.sh
# the fuzzers are built with ASan (libFuzzer): no sanitizer pass, no fuzz smoke
if [ -z "${PSREPORT_COVERAGE:-}" ] && [ -z "${PSREPORT_NO_ASAN:-}" ]; then
  suite "fuzz smoke" sh tests/fuzz/smoke.sh
  suite "valgrind" sh tests/valgrind.sh
fi

runner_end
