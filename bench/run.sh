#!/bin/sh
# make bench: generates the synthetic exports once (cached in bench/data/), then measures
# psreport beside its floors on the same files, in the same run, and writes
# bench/RESULTS.md. Sizes: BENCH_SIZES (default "250000 1000000 2000000" vouchers).
set -eu
cd "$(dirname "$0")/.."
bin=build/psreport
gen=build/bench-gen
data=bench/data
sizes=${BENCH_SIZES:-"250000 1000000 2000000"}
main=${BENCH_MAIN:-1000000}
partners=${BENCH_PARTNERS:-10000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$data"

t() { # t LABEL CMD... : wall seconds and peak RSS (KB) of CMD into $T and $M
  /usr/bin/time -f "%e %M" -o "$out/time" "$@" >/dev/null 2>"$out/err" || {
    rc=$?; [ $rc -le 3 ] || { cat "$out/err" >&2; exit 1; }; }
  T=$(cut -d' ' -f1 "$out/time"); M=$(cut -d' ' -f2 "$out/time")
}

for n in $sizes; do
  d=$data/v$n
  if [ ! -s "$d/vouchers.xml" ]; then
    mkdir -p "$d"
    echo "generating $n vouchers, $partners partners (cached in $d)" >&2
    $gen -s 42 -p "$partners" -v "$n" input/program.xml "$d"
  fi
done

res=$out/results.md
{
  echo "# psreport benchmark"
  echo
  echo "- date: $(date -u +%Y-%m-%d), machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), $(. /etc/os-release; echo "$PRETTY_NAME")"
  echo "- CPU: $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
  echo "- data: bench/gen.c, seed 42, $partners partners; every figure below is one run"
  echo
  echo "## Ingest + evaluate + findings.json against the XML floors"
  echo
  echo "Both floors read the same two files psreport reads (partners.xml and vouchers.xml;"
  echo "with --schema each file against its own XSD, the two times added). psreport runs with"
  echo "its default -j (one per core): big files are read in parts, one thread each."
  echo
  echo "| vouchers | XML MB | xmllint --stream | xmllint --stream --schema | psreport json | ratio to parse | ratio to parse+validate | µs per voucher | peak RSS MB | psreport stages (ingest / evaluate / write) |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
} >"$res"
for n in $sizes; do
  d=$data/v$n
  mb=$(du -mc "$d/partners.xml" "$d/vouchers.xml" | tail -1 | cut -f1)
  t xmllint --stream --noout "$d/partners.xml" "$d/vouchers.xml"; x1=$T
  t xmllint --stream --noout --schema input/schema/partners.xsd "$d/partners.xml"; xp=$T
  t xmllint --stream --noout --schema input/schema/vouchers.xsd "$d/vouchers.xml"
  x2=$(echo "$xp $T" | awk '{printf "%.2f", $1+$2}')
  t env PSREPORT_TIMES=1 $bin -q --no-progress --format json -o "$out/j" "$d/partners.xml" "$d/vouchers.xml"; p=$T; rss=$M
  stages=$(awk '/time: (ingest|evaluate|write) /{printf "%s%s", sep, $4; sep=" / "}' "$out/err")
  echo "| $n | $mb | ${x1}s | ${x2}s | ${p}s | $(echo "$p $x1" | awk '{printf "%.2f", $1/$2}') | $(echo "$p $x2" | awk '{printf "%.2f", $1/$2}') | $(echo "$p $n" | awk '{printf "%.2f", $1*1e6/$2}') | $((rss / 1024)) | $stages s |" >>"$res"
done

d=$data/v$main
{
  echo
  echo "## The whole burst at $main vouchers: programme + regions + $partners partners, PDF + HTML + JSON + CSV"
  echo
  echo "| jobs | wall | ms per partner report (PDF+HTML) | peak RSS MB (parent) | stages (ingest / evaluate / write) |"
  echo "|---:|---:|---:|---:|---|"
} >>"$res"
for j in 1 2; do
  rm -rf "$out/burst"
  t env PSREPORT_TIMES=1 $bin -q --no-progress -j $j -o "$out/burst" "$d/partners.xml" "$d/vouchers.xml"
  eval "w$j=$T"
  stages=$(awk '/time: (ingest|evaluate|write) /{printf "%s%s", sep, $4; sep=" / "}' "$out/err")
  echo "| $j | ${T}s | $(echo "$T $partners" | awk '{printf "%.2f", $1*1000/$2}') | $((M / 1024)) | $stages s |" >>"$res"
done
sizes_of() { find "$out/burst/partners" -name "*.$1" -printf '%s\n' | sort -n | awk '{a[NR]=$1} END {printf "%.1f KB median, %.1f KB max", a[int((NR+1)/2)]/1024, a[NR]/1024}'; }
{
  echo
  echo "- parallel speed-up -j2 over -j1: $(echo "$w1 $w2" | awk '{printf "%.2f", $1/$2}')"
  echo "- partner PDF: $(sizes_of pdf); partner HTML: $(sizes_of html)"
  echo "- programme PDF $(du -k "$out/burst/program.pdf" | cut -f1) KB, programme HTML $(du -k "$out/burst/program.html" | cut -f1) KB"
} >>"$res"

# What the fonts cost: a partner-only PDF burst at -j1 on one tenth of the partners
# (--shard 2/10), the fonts as shipped against PSREPORT_PDF_FONTS=base14 (the same layout
# in unembedded Helvetica: nothing collected, cut, loaded or embedded). CPU time (user +
# sys) of the whole run, so the fsync of each report does not blur the difference.
cpu() { # cpu CMD... : user+sys seconds of CMD into $C
  /usr/bin/time -f "%U %S" -o "$out/time" "$@" >/dev/null 2>"$out/err" || {
    rc=$?; [ $rc -le 3 ] || { cat "$out/err" >&2; exit 1; }; }
  C=$(awk '{printf "%.2f", $1 + $2}' "$out/time")
}
rm -rf "$out/f"
cpu $bin -q --no-progress -j 1 --format pdf --scope partner --shard 2/10 -o "$out/f" "$d/partners.xml" "$d/vouchers.xml"; on=$C
n=$(ls "$out/f/partners" | wc -l)
fsize=$(find "$out/f/partners" -name '*.pdf' -printf '%s\n' | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1024}')
rm -rf "$out/f"
cpu env PSREPORT_PDF_FONTS=base14 $bin -q --no-progress -j 1 --format pdf --scope partner --shard 2/10 -o "$out/f" "$d/partners.xml" "$d/vouchers.xml"; off=$C
{
  echo
  echo "## PDF fonts: $n partner reports (--shard 2/10), PDF only, -j1"
  echo
  echo "| fonts | CPU s (the whole run, reading included) | median partner PDF |"
  echo "|---|---:|---:|"
  echo "| embedded, cut at run time (as shipped) | $on | $fsize KB |"
  echo "| base-14 Helvetica, nothing embedded (PSREPORT_PDF_FONTS=base14) | $off | |"
  echo
  echo "- the fonts add $(echo "$on $off $n" | awk '{printf "%.2f", ($1-$2)*1000/$3}') ms of CPU per partner report"
} >>"$res"
cp "$res" bench/RESULTS.md
cat bench/RESULTS.md
