#!/bin/bash
# Out of memory (util/alloc.h): under `ulimit -v`, a run on exports too big for the
# limit ends with exit 4 and one line saying so. Running out of memory is not a property
# of the input: no record is "rejected", no file "invalid", and no report that misses
# records is renamed into place (an earlier good tree stays as it was).
#
# AddressSanitizer reserves terabytes of address space for its shadow memory, so an
# ASan binary cannot even start under ulimit -v: only the plain binary is run here.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
if grep -q __asan_init "$bin"; then
  echo "# oom: $bin is an ASan binary; ulimit -v applies to the plain binary only"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
ok() { echo "ok - oom: $1"; }
no() { echo "not ok - oom: $1"; }
LIMIT=100000 # KB of address space: the samples run in about 60 MB, these exports need 250+
reports() { find "$1" -type f ! -name '.*' 2>/dev/null | wc -l; }

# the limit leaves room for a normal run: the samples are read and written under it
(ulimit -v $LIMIT; "$bin" -q -j 1 --format json,csv -o "$tmp/good" input/ 2>"$tmp/err"); rc=$?
if [ $rc -eq 3 ] && [ -s "$tmp/good/findings.json" ]; then ok "the samples run under the limit (exit 3, their rejected records)"
else no "the samples run under the limit (exit $rc: $(head -2 "$tmp/err"))"; fi

# 500,000 vouchers: about 230 MB of XML, more than the limit holds in the model
mkdir -p "$tmp/big"
"$root/build/bench-gen" -s 5 -p 2000 -v 500000 input/program.xml "$tmp/big" || exit 1
for j in 1 2; do # -j 2 reads the vouchers in two parts on two threads
  rm -rf "$tmp/out"
  (ulimit -v $LIMIT; "$bin" -q -j $j --format json,csv -o "$tmp/out" "$tmp/big" 2>"$tmp/err"); rc=$?
  if [ $rc -eq 4 ]; then ok "-j $j: exit 4"; else no "-j $j: exit 4 (got $rc)"; fi
  if [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^psreport: out of memory" "$tmp/err"; then
    ok "-j $j: one line on stderr, saying out of memory"
  else no "-j $j: one out-of-memory line on stderr (got: $(head -3 "$tmp/err" | tr '\n' '|'))"; fi
  if ! grep -Eqi "rejected|invalid|error:" "$tmp/err"; then ok "-j $j: nothing reported as bad input"
  else no "-j $j: out of memory reported as bad input"; fi
  if [ "$(reports "$tmp/out")" -eq 0 ]; then ok "-j $j: no report renamed into place"
  else no "-j $j: $(reports "$tmp/out") report(s) written"; fi
done

# into a tree holding the samples' good reports: they stay, byte for byte
cp -r "$tmp/good" "$tmp/keep"
(ulimit -v $LIMIT; "$bin" -q -j 2 --format json,csv -o "$tmp/good" "$tmp/big" 2>/dev/null); rc=$?
if [ $rc -eq 4 ] && diff -r -x '.*' "$tmp/keep" "$tmp/good" >/dev/null; then ok "an earlier good tree is left as it was"
else no "an earlier good tree is left as it was (exit $rc)"; fi
