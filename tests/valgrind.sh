#!/bin/sh
# valgrind memcheck on the sample run (all formats): no errors, no leaks.
root=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null || { echo "not ok - valgrind: not installed"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
  --error-exitcode=99 --suppressions=tests/valgrind.supp --log-file="$tmp/vg" \
  build/psreport -q -j 1 -o "$tmp/out" input/
rc=$?
if [ $rc -eq 3 ] && [ ! -s "$tmp/vg" ]; then
  echo "ok - valgrind: memcheck on the sample run: no errors, no leaks"
else
  echo "not ok - valgrind: memcheck on the sample run (exit $rc): $(grep -E 'ERROR SUMMARY|definitely|Invalid' "$tmp/vg" | head -3)"
fi
