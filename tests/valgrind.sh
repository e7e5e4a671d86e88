#!/bin/sh
# valgrind memcheck on the sample run (all formats): no errors, no leaks; helgrind on
# the threads that read a file in parts, and on the committer thread of the page files.
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

# helgrind on a run that reads the samples in parts on threads (ingest.c, read_split)
# and formats findings.json's lists three items a block on two (render_json.c,
# format_list): no data race, no lock misuse; the file is -j 1's
PSREPORT_SPLIT_MIN=1000 PSREPORT_JSON_BLOCK=3 PSREPORT_TIMES=1 valgrind --tool=helgrind --error-exitcode=99 --log-file="$tmp/hg" \
  build/psreport -q -j 3 --format json,csv -o "$tmp/hout" input/ 2>"$tmp/herr"
rc=$?
parts=$(grep -c "read in 3 parts" "$tmp/herr")
build/psreport -q -j 1 --format json -o "$tmp/hone" input/ 2>/dev/null
if [ $rc -eq 3 ] && [ "$parts" -ge 2 ] && grep -q "ERROR SUMMARY: 0 errors" "$tmp/hg" &&
   cmp -s "$tmp/hone/findings.json" "$tmp/hout/findings.json"; then
  echo "ok - valgrind: helgrind on reading in parts: no data race ($parts files in 3 parts)"
else
  echo "not ok - valgrind: helgrind on reading in parts (exit $rc, $parts files split): $(grep -E 'ERROR SUMMARY|Possible data race' "$tmp/hg" | head -3)"
fi

# helgrind on the page files' commits (report_write.c, later_t): the drawing thread
# begins files while the committer thread fsyncs, closes and renames the earlier ones;
# every partner's PDF and HTML is in place, no temporary is left
SOURCE_DATE_EPOCH=1623744000 valgrind --tool=helgrind --error-exitcode=99 --log-file="$tmp/hc" \
  build/psreport -q -j 1 --format pdf,html -o "$tmp/cout" input/ 2>"$tmp/cerr"
rc=$?
SOURCE_DATE_EPOCH=1623744000 build/psreport -q -j 1 --format pdf,html -o "$tmp/cref" input/ 2>/dev/null
pages=$(ls "$tmp/cref/partners" | wc -l)
left=$(find "$tmp/cout" -name '*.psreport.tmp*' | wc -l)
if [ $rc -eq 3 ] && [ "$pages" -gt 20 ] && diff -r "$tmp/cref" "$tmp/cout" >/dev/null && [ "$left" -eq 0 ] &&
   grep -q "ERROR SUMMARY: 0 errors" "$tmp/hc"; then
  echo "ok - valgrind: helgrind on the committer thread: no data race ($pages partner files, the same bytes as a run without valgrind)"
else
  echo "not ok - valgrind: helgrind on the committer thread (exit $rc, $pages partner files, $left temporaries, $(diff -rq "$tmp/cref" "$tmp/cout" | wc -l) differ): $(grep -E 'ERROR SUMMARY|Possible data race' "$tmp/hc" | head -3)"
fi

# memcheck on the same reading in parts: the merged parts leak nothing
PSREPORT_SPLIT_MIN=1000 valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
  --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --suppressions=tests/valgrind.supp \
  --log-file="$tmp/vs" build/psreport -q -j 3 --format json,csv -o "$tmp/sout" input/
rc=$?
if [ $rc -eq 3 ] && [ ! -s "$tmp/vs" ]; then
  echo "ok - valgrind: memcheck on reading in parts: no errors, no leaks"
else
  echo "not ok - valgrind: memcheck on reading in parts (exit $rc): $(grep -E 'ERROR SUMMARY|definitely|Invalid' "$tmp/vs" | head -3)"
fi
