#!/bin/sh
# make bench: generates the synthetic exports once (cached in bench/data/, or BENCH_DATA),
# then measures psreport beside its floors on the same files, in the same run, and writes
# bench/RESULTS.md, with the history of earlier runs (bench/history.tsv, one line a run).
#
# Every target of the speed issue is a ratio to a floor measured in this run (the
# machine's speed drifts from day to day), so the tables print ratios:
#   - ingest + evaluate + findings.json against `xmllint --stream` of the same files, at
#     -j1 and -j2;
#   - the whole burst against the same floor;
#   - memory as bytes per voucher above a fixed base of 50 MB (PEAK - 50 MB) / vouchers;
#   - the CPU one partner report (PDF + HTML) costs: the write stage's CPU of a
#     partner-only -j1 run over the number of partners. With BENCH_REF=BINARY the same run
#     of that binary is measured too, alternately, and the ratio printed.
# Sizes: BENCH_SIZES (default "250000 1000000 2000000" vouchers); BENCH_MAIN the size of
# the burst (default 1000000); BENCH_PARTNERS (10000).
set -eu
cd "$(dirname "$0")/.."
bin=build/psreport
gen=build/bench-gen
data=${BENCH_DATA:-bench/data}
sizes=${BENCH_SIZES:-"250000 1000000 2000000"}
main=${BENCH_MAIN:-1000000}
partners=${BENCH_PARTNERS:-10000}
ref=${BENCH_REF:-}
base_mb=50
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$data"

t() { # t CMD... : wall seconds $T, user+sys seconds $C, peak RSS KB $M of CMD
  /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$@" >/dev/null 2>"$out/err" || {
    rc=$?; [ $rc -le 3 ] || { cat "$out/err" >&2; exit 1; }; }
  read -r T u s M <"$out/time"
  C=$(echo "$u $s" | awk '{printf "%.2f", $1+$2}')
}
ratio() { echo "$1 $2" | awk '{printf "%.2f", $1/$2}'; }
stages() { # the psreport stages of the last run: wall seconds, ingest / evaluate / write
  awk '/time: (ingest|evaluate|write) /{printf "%s%s", sep, $4; sep=" / "}' "$out/err"; }
stage_cpu() { # the CPU seconds of stage $1 of the last run
  awk -v s="$1" '$3 == s && $6 == "(cpu" {print $7}' "$out/err"; }
rss_of() { # "parent MB / largest worker MB" of the last run
  awk '/peak RSS/{printf "%d / %d", $5/1024, $9/1024}' "$out/err"; }
per_voucher() { echo "$1 $2" | awk -v b=$base_mb '{printf "%.0f", ($1*1024 - b*1048576)/$2}'; }

for n in $sizes $main; do
  d=$data/v$n
  if [ ! -s "$d/vouchers.xml" ]; then
    mkdir -p "$d"
    echo "generating $n vouchers, $partners partners (cached in $d)" >&2
    $gen -s 42 -p "$partners" -v "$n" input/program.xml "$d"
  fi
done

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- generator 2>/dev/null || commit="$commit+"
res=$out/results.md
{
  echo "# psreport benchmark"
  echo
  echo "- date: $(date -u +%Y-%m-%d), commit $commit, machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), $(. /etc/os-release; echo "$PRETTY_NAME")"
  echo "- CPU: $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- data: bench/gen.c, seed 42, $partners partners; every figure below is one run"
  echo
  echo "## Ingest + evaluate + findings.json against the XML floors"
  echo
  echo "Both floors read the same two files psreport reads (partners.xml and vouchers.xml;"
  echo "with --schema each file against its own XSD, the two times added). At -j2 big files"
  echo "are read in parts, one thread each. Bytes per voucher: (peak RSS - $base_mb MB) / vouchers."
  echo
  echo "| vouchers | XML MB | xmllint --stream | xmllint --stream --schema | psreport -j1 | ratio -j1 | psreport -j2 | ratio -j2 | ratio -j2 to parse+validate | peak RSS MB -j1 / -j2 | bytes per voucher -j1 / -j2 | trend CPU, % of ingest + evaluate | stages -j2 (ingest / evaluate / write) |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
} >"$res"
for n in $sizes; do
  d=$data/v$n
  mb=$(du -mc "$d/partners.xml" "$d/vouchers.xml" | tail -1 | cut -f1)
  t xmllint --stream --noout "$d/partners.xml" "$d/vouchers.xml"; x1=$T
  t xmllint --stream --noout --schema input/schema/partners.xsd "$d/partners.xml"; xp=$T
  t xmllint --stream --noout --schema input/schema/vouchers.xsd "$d/vouchers.xml"
  x2=$(echo "$xp $T" | awk '{printf "%.2f", $1+$2}')
  t env PSREPORT_TIMES=1 $bin -q --no-progress -j1 --format json -o "$out/j" "$d/partners.xml" "$d/vouchers.xml"
  p1=$T; m1=$M
  t env PSREPORT_TIMES=1 $bin -q --no-progress -j2 --format json -o "$out/j" "$d/partners.xml" "$d/vouchers.xml"
  p2=$T; m2=$M
  trend=$(echo "$(stage_cpu trend) $(stage_cpu ingest) $(stage_cpu evaluate)" | awk '{printf "%.1f", 100*$1/($2+$3)}')
  echo "| $n | $mb | ${x1}s | ${x2}s | ${p1}s | $(ratio "$p1" "$x1") | ${p2}s | $(ratio "$p2" "$x1") | $(ratio "$p2" "$x2") | $((m1 / 1024)) / $((m2 / 1024)) | $(per_voucher "$m1" "$n") / $(per_voucher "$m2" "$n") | $trend | $(stages) s |" >>"$res"
  [ "$n" = "$main" ] && { floor=$x1; ing1=$(ratio "$p1" "$x1"); ing2=$(ratio "$p2" "$x1"); bpv=$(per_voucher "$m2" "$n"); }
done

d=$data/v$main
[ -n "${floor:-}" ] || { t xmllint --stream --noout "$d/partners.xml" "$d/vouchers.xml"; floor=$T; }
{
  echo
  echo "## The whole burst at $main vouchers: programme + regions + $partners partners, PDF + HTML + JSON + CSV"
  echo
  echo "The floor is \`xmllint --stream\` of the same two files: ${floor}s in this run."
  echo
  echo "| jobs | wall | ratio to floor | CPU s | peak RSS MB (parent / largest worker) | stages (ingest / evaluate / write) |"
  echo "|---:|---:|---:|---:|---:|---|"
} >>"$res"
for j in 1 2; do
  rm -rf "$out/burst"
  t env PSREPORT_TIMES=1 $bin -q --no-progress -j $j -o "$out/burst" "$d/partners.xml" "$d/vouchers.xml"
  eval "w$j=$T"
  echo "| $j | ${T}s | $(ratio "$T" "$floor") | $C | $(rss_of) | $(stages) s |" >>"$res"
done
burst=$(ratio "$w2" "$floor")
sizes_of() { find "$out/burst/partners" -name "*.$1" -printf '%s\n' | sort -n | awk '{a[NR]=$1} END {printf "%.1f KB median, %.1f KB max", a[int((NR+1)/2)]/1024, a[NR]/1024}'; }
pdf_median=$(find "$out/burst/partners" -name "*.pdf" -printf '%s\n' | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1024}')
{
  echo
  echo "- parallel speed-up -j2 over -j1: $(ratio "$w1" "$w2")"
  echo "- partner PDF: $(sizes_of pdf); partner HTML: $(sizes_of html)"
  echo "- programme PDF $(du -k "$out/burst/program.pdf" | cut -f1) KB, programme HTML $(du -k "$out/burst/program.html" | cut -f1) KB"
} >>"$res"

# One partner report's CPU: the write stage of a partner-only, PDF + HTML run at -j1.
partner_run() { # partner_run BINARY: sets $W (write-stage CPU s) and $C (whole process)
  rm -rf "$out/p"
  t env PSREPORT_TIMES=1 "$1" -q --no-progress -j1 --scope partner --format pdf,html -o "$out/p" "$d/partners.xml" "$d/vouchers.xml"
  W=$(stage_cpu write); [ -n "$W" ] || W=$C
}
partner_run $bin; ms=$(echo "$W $partners" | awk '{printf "%.2f", $1*1000/$2}')
{
  echo
  echo "## One partner report (PDF + HTML), -j1"
  echo
  echo "- CPU per partner report: $ms ms (write stage of a partner-only run: ${W}s CPU for $partners reports)"
} >>"$res"
refratio=
if [ -n "$ref" ]; then # alternate the two binaries three times; medians of the whole runs
  : >"$out/pairs"
  for i in 1 2 3; do
    partner_run $bin; a=$C
    partner_run "$ref"; b=$C
    echo "$a $b" >>"$out/pairs"
  done
  refratio=$(awk '{printf "%.4f\n", $1/$2}' "$out/pairs" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}')
  echo "- side by side with $ref (3 alternating pairs, whole-process CPU of the partner-only run): this commit / reference = $refratio (median ratio; pairs in CPU s: $(tr '\n' ';' <"$out/pairs"))" >>"$res"
fi

# What the fonts cost: a partner-only PDF burst at -j1 on one tenth of the partners
# (--shard 2/10), the fonts as shipped against PSREPORT_PDF_FONTS=base14 (the same layout
# in unembedded Helvetica: nothing collected, cut, loaded or embedded). CPU time (user +
# sys) of the whole run, so the fsync of each report does not blur the difference.
rm -rf "$out/f"
t $bin -q --no-progress -j 1 --format pdf --scope partner --shard 2/10 -o "$out/f" "$d/partners.xml" "$d/vouchers.xml"; on=$C
n=$(ls "$out/f/partners" | wc -l)
fsize=$(find "$out/f/partners" -name '*.pdf' -printf '%s\n' | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1024}')
rm -rf "$out/f"
t env PSREPORT_PDF_FONTS=base14 $bin -q --no-progress -j 1 --format pdf --scope partner --shard 2/10 -o "$out/f" "$d/partners.xml" "$d/vouchers.xml"; off=$C
fonts_ms=$(echo "$on $off $n" | awk '{printf "%.2f", ($1-$2)*1000/$3}')
{
  echo
  echo "## PDF fonts: $n partner reports (--shard 2/10), PDF only, -j1"
  echo
  echo "| fonts | CPU s (the whole run, reading included) | median partner PDF |"
  echo "|---|---:|---:|"
  echo "| embedded, cut at run time (as shipped) | $on | $fsize KB |"
  echo "| base-14 Helvetica, nothing embedded (PSREPORT_PDF_FONTS=base14) | $off | |"
  echo
  echo "- the fonts add $fonts_ms ms of CPU per partner report"
} >>"$res"

hist=bench/history.tsv
[ -s "$hist" ] || printf 'date\tcommit\tfloor_s\tingest_j1\tingest_j2\tbytes_per_voucher\tburst_j2\tms_per_partner\tpartner_pdf_kb\tfonts_ms\tvs_ref\n' >"$hist"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$commit" "$floor" \
  "${ing1:--}" "${ing2:--}" "${bpv:--}" "$burst" "$ms" "$pdf_median" "$fonts_ms" "${refratio:--}" >>"$hist"
{
  echo
  echo "## History (bench/history.tsv, the last 12 runs)"
  echo
  echo "Ratios to the \`xmllint --stream\` floor of the same run at $main vouchers; bytes per voucher at -j2."
  echo
  echo "| date | commit | floor s | ingest -j1 | ingest -j2 | bytes/voucher | burst -j2 | ms CPU per partner report | partner PDF KB median | ms the PDF fonts add | vs reference |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  tail -n +2 "$hist" | tail -12 | awk -F'\t' '{printf "|"; for (i = 1; i <= NF; i++) printf " %s |", $i; print ""}'
} >>"$res"
cp "$res" bench/RESULTS.md
cat bench/RESULTS.md
