#!/bin/bash
# A full disk (issue 15 item 1): whatever write, flush, fsync or close fails, for every
# format, the file is not renamed into place, the run exits 4, and every visible PDF
# passes qpdf --check and every visible JSON parses.
#  - a small tmpfs of several sizes (where this machine lets us mount; else a # line)
#  - tests/tools/failio.c by LD_PRELOAD: the Nth fwrite/fputs/fflush/fsync/fclose on an
#    output temporary fails (runs everywhere)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
mnt=""
trap '[ -n "$mnt" ] && umount "$mnt" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$root" || exit 1
ok() { echo "ok - diskfull: $1"; }
no() { echo "not ok - diskfull: $1"; }
ALL=pdf,html,json,csv,xml,ndjson
damaged() { # visible PDFs failing qpdf --check, JSON failing to parse, temporaries
  local bad=0 f
  while IFS= read -r f; do qpdf --check "$f" >/dev/null 2>&1 || { bad=$((bad + 1)); echo "# damaged: $f" >&2; }; done < <(find "$1" -name '*.pdf')
  while IFS= read -r f; do python3 -m json.tool "$f" >/dev/null 2>&1 || { bad=$((bad + 1)); echo "# damaged: $f" >&2; }; done < <(find "$1" -name '*.json')
  bad=$((bad + $(find "$1" -name '.*' ! -name .psreport.lock | wc -l)))
  echo $bad
}

# the tmpfs sweep
mkdir -p "$tmp/m"
if mount -t tmpfs -o size=64k tmpfs "$tmp/m" 2>/dev/null; then
  mnt=$tmp/m
  umount "$mnt"
  for size in 64k 200k 500k 1100k 4m; do
    mount -t tmpfs -o size=$size tmpfs "$mnt" || { no "tmpfs $size: mount"; continue; }
    "$bin" -q -j 1 --format $ALL -o "$mnt/out" input/ 2>"$tmp/err"; rc=$?
    full=$(grep -c "No space left" "$tmp/err")
    bad=$(damaged "$mnt/out")
    if [ "$full" -gt 0 ] && [ $rc -eq 4 ] && [ "$bad" -eq 0 ]; then ok "tmpfs $size: disk full, exit 4, nothing damaged visible"
    elif [ "$full" -eq 0 ] && [ $rc -eq 3 ] && [ "$bad" -eq 0 ]; then ok "tmpfs $size: room enough, exit 3 (the samples' rejected records)"
    else no "tmpfs $size: exit $rc, $full full-disk errors, $bad damaged or temporary files"; fi
    umount "$mnt"
  done
  mnt=""
else
  echo "# diskfull: mounting a tmpfs is not allowed here; the LD_PRELOAD cases below still run"
fi

# the LD_PRELOAD fault injector
if ! cc -shared -fPIC -O1 -o "$tmp/failio.so" tests/tools/failio.c -ldl 2>"$tmp/cc"; then
  no "failio.so builds ($(head -1 "$tmp/cc"))"; exit 1
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
for call in fwrite fputs fflush fsync fclose; do
  for n in 1 8 40; do
    rm -rf "$tmp/o"
    FAILIO_CALL=$call FAILIO_N=$n LD_PRELOAD="$tmp/failio.so" "$bin" -q -j 1 --format $ALL -o "$tmp/o" input/ 2>"$tmp/err"; rc=$?
    hits=$(grep -c "^failio: hit" "$tmp/err")
    [ "$hits" -eq 0 ] && { echo "# diskfull: $call #$n: fewer calls than that"; continue; }
    named=$(grep -v '^failio' "$tmp/err" | grep -c ": error: cannot write: ")
    failed=$(grep -v '^failio' "$tmp/err" | sed -n 's/: error: cannot write: .*//p' | head -1)
    bad=$(damaged "$tmp/o")
    if [ $rc -eq 4 ] && [ "$named" -eq 1 ] && [ -n "$failed" ] && [ ! -e "$failed" ] && [ "$bad" -eq 0 ]; then
      ok "$call #$n fails: exit 4, one error, ${failed#$tmp/o/} not published, nothing damaged"
    else no "$call #$n fails: exit $rc, $named errors, ${failed:-no file named}, $bad damaged or temporary"; fi
  done
done

# -j 2: the parent writes the findings files while the workers write the pages, whose
# fsync and rename wait a few files (report_write.c later_t). The first fsync of each
# process fails (a worker counts from its parent's count at fork, when the parent has
# made none): the parent's findings.json and each worker's first page are each named
# once, none is published, the rest of the tree is written and whole
rm -rf "$tmp/o"
FAILIO_CALL=fsync FAILIO_N=1 LD_PRELOAD="$tmp/failio.so" "$bin" -q -j 2 --format $ALL -o "$tmp/o" input/ 2>"$tmp/err"; rc=$?
hits=$(grep -c "^failio: hit" "$tmp/err")
named=$(grep -v '^failio' "$tmp/err" | grep -c ": error: cannot write: Input/output error$")
published=0
for f in $(grep -v '^failio' "$tmp/err" | sed -n 's/: error: cannot write: .*//p'); do [ -e "$f" ] && published=$((published + 1)); done
pages=$(find "$tmp/o/partners" -name '*.pdf' | wc -l)
bad=$(damaged "$tmp/o")
if [ $rc -eq 4 ] && [ "$hits" -eq 3 ] && [ "$named" -eq 3 ] && grep -q "^$tmp/o/findings.json: error: cannot write: " "$tmp/err" &&
   [ $published -eq 0 ] && [ ! -e "$tmp/o/findings.json" ] && [ -s "$tmp/o/findings.csv" ] && [ "$pages" -ge 20 ] && [ "$bad" -eq 0 ]; then
  ok "fsync #1 of each process fails at -j 2: exit 4, findings.json and one page a worker named, none published, $pages partner PDFs whole"
else no "fsync #1 at -j 2: exit $rc, $hits hits, $named named, $published published, $pages partner PDFs, $bad damaged ($(grep -v '^failio' "$tmp/err" | head -3 | tr '\n' '|'))"; fi
