#!/bin/sh
# Fuzz smoke for make test: replay every kept crasher and the committed corpus of both
# targets, then a short libFuzzer run of each (FUZZ_SMOKE_SECONDS, 60 in all: two thirds
# ingest, one third render). The long runs are `make fuzz`.
root=$(cd "$(dirname "$0")/../.." && pwd)
total=${FUZZ_SMOKE_SECONDS:-60}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for target in ingest render; do
  fz="$root/build/fuzz-$target"
  [ -x "$fz" ] || { echo "not ok - fuzz $target: build/fuzz-$target missing (clang, libclang-rt-14-dev)"; continue; }
  if [ $target = ingest ]; then secs=$((total * 2 / 3)); max=4096; else secs=$((total - total * 2 / 3)); max=20000; fi
  for f in "$root"/tests/fuzz/regressions/$target/*; do
    [ -f "$f" ] || continue
    if "$fz" "$f" >/dev/null 2>&1; then echo "ok - fuzz $target: regression $(basename "$f") replays clean"; else echo "not ok - fuzz $target: regression $(basename "$f")"; fi
  done
  mkdir -p "$tmp/$target"
  if "$fz" -max_total_time="$secs" -max_len=$max -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$tmp/crash-$target-" "$tmp/$target" "$root/tests/fuzz/corpus/$target" \
       "$root/tests/fuzz/seeds/$target" >"$tmp/log" 2>&1; then
    echo "ok - fuzz $target: the corpus and $secs s of libFuzzer, no crash ($(grep -o 'number_of_executed_units: [0-9]*' "$tmp/log" | tail -1), $(grep -o 'average_exec_per_sec: *[0-9]*' "$tmp/log" | tail -1))"
  else
    echo "not ok - fuzz $target: libFuzzer found a crash: $(ls "$tmp"/crash-$target-* 2>/dev/null | head -1); copy it to tests/fuzz/regressions/$target/"
    grep -E "ERROR|SUMMARY|does not hold|refused" "$tmp/log" | head -5
  fi
done
