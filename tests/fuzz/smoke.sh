#!/bin/sh
# Fuzz smoke for make test: replay every kept crasher, then FUZZ_SMOKE_SECONDS (60) of
# libFuzzer over the seed corpus. The long run is `make fuzz`.
root=$(cd "$(dirname "$0")/../.." && pwd)
fz="$root/build/fuzz-ingest"
[ -x "$fz" ] || { echo "not ok - fuzz: build/fuzz-ingest missing (clang, libclang-rt-14-dev)"; exit 0; }
n=0
for f in "$root"/tests/fuzz/regressions/*; do
  [ -f "$f" ] || continue
  case "$f" in *.gitkeep) continue ;; esac
  n=$((n + 1))
  if "$fz" "$f" >/dev/null 2>&1; then echo "ok - fuzz: regression $(basename "$f") replays clean"; else echo "not ok - fuzz: regression $(basename "$f")"; fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/tests/fuzz/corpus/." "$tmp/"
if "$fz" -max_total_time="${FUZZ_SMOKE_SECONDS:-60}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
     -artifact_prefix="$tmp/crash-" "$tmp" >"$tmp/log" 2>&1; then
  echo "ok - fuzz: ${FUZZ_SMOKE_SECONDS:-60} s of libFuzzer, no crash ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$tmp/log" | tail -1; grep -o 'DONE.*' "$tmp/log" | tail -1; grep -oE '#[0-9]+ *DONE *cov: [0-9]+' "$tmp/log" | tail -1))"
else
  echo "not ok - fuzz: libFuzzer found a crash: $(ls "$tmp"/crash-* 2>/dev/null | head -1); copy it to tests/fuzz/regressions/"
  grep -E "ERROR|SUMMARY" "$tmp/log" | head -5
fi
