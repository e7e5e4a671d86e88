#!/bin/sh
# --shard K/N with GNU parallel, as the README shows: the shards' trees, merged by plain
# copying, equal a single run, file for file and byte for byte.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
"$bin" -q -o "$tmp/single" input/
# the README's example: three shards on one machine, each into its own tree
parallel "$bin" -q -j 1 -o "$tmp/shard-{}" --shard {}/3 input/ ::: 1 2 3
mkdir "$tmp/merged"
for k in 1 2 3; do cp -r "$tmp/shard-$k/." "$tmp/merged/"; done
if diff -r "$tmp/single" "$tmp/merged" >"$tmp/diff" 2>&1; then
  echo "ok - shard: 3 shards merged by copying equal the single run"
else
  echo "not ok - shard: 3 shards merged by copying equal the single run ($(head -3 "$tmp/diff"))"
fi
n1=$(ls "$tmp/shard-1/partners" | wc -l); n2=$(ls "$tmp/shard-2/partners" | wc -l); n3=$(ls "$tmp/shard-3/partners" | wc -l)
total=$(ls "$tmp/single/partners" | wc -l)
if [ $((n1 + n2 + n3)) -eq "$total" ] && [ "$n2" -gt 0 ] && [ "$n3" -gt 0 ]; then
  echo "ok - shard: each partner report is written by exactly one shard ($n1 + $n2 + $n3 = $total files)"
else
  echo "not ok - shard: each partner report is written by exactly one shard ($n1 + $n2 + $n3 != $total)"
fi
if [ ! -e "$tmp/shard-2/program.pdf" ] && [ ! -e "$tmp/shard-2/findings.json" ] && [ -e "$tmp/shard-1/index.html" ]; then
  echo "ok - shard: the shared files come from shard 1 only"
else
  echo "not ok - shard: the shared files come from shard 1 only"
fi
# the same at -j 2: shard 1's parent writes the findings files beside its workers, the
# other shards' parents none (report_write.c run_workers)
mkdir "$tmp/merged2"
for k in 1 2 3; do "$bin" -q -j 2 -o "$tmp/j2-$k" --shard $k/3 input/; cp -r "$tmp/j2-$k/." "$tmp/merged2/"; done
if diff -r "$tmp/single" "$tmp/merged2" >"$tmp/diff2" 2>&1 && [ ! -e "$tmp/j2-2/findings.json" ] && [ ! -e "$tmp/j2-3/findings.csv" ]; then
  echo "ok - shard: 3 shards at -j 2 merged equal the single run; findings only from shard 1"
else
  echo "not ok - shard: 3 shards at -j 2 merged equal the single run ($(head -3 "$tmp/diff2"))"
fi
"$bin" -q -o "$tmp/x" --shard 4/3 input/ 2>/dev/null
if [ $? -eq 2 ]; then echo "ok - shard: --shard 4/3 is a usage error"; else echo "not ok - shard: --shard 4/3 is a usage error"; fi
