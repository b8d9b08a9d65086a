#!/bin/sh
# scale.sh BUILD_DIR [quick] - the scale benchmarks of docs/performance.md.
# Prints figures; asserts nothing.  Needs ~2.5 GB of disk in $TMPDIR for the
# 10M-row runs (skipped with "quick").
set -u
B=${1:?usage: scale.sh BUILD_DIR [quick]}
N="$B/needmap"; G="$B/tests/gen/gen_survey"; M="$B/tests/bench/measure"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cores=$(nproc)
# A region-sized key space (29 municipalities, 80 competences, every need,
# level, mode and horizon): 1M rows fill about a quarter of its ~1M
# possible detail cells, 10M rows most of them.
keys="--munis 29 --competences 80"
# A key space 1M rows already fill (29 x 20): from 1M to 10M rows no new
# keys appear, so memory must stay flat.
small="--munis 29 --competences 20"
echo "machine: $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

"$G" --rows 1000000 --seed 1 --dialect utf8 $keys --out "$T/one" --quiet
echo "1. 1M-row long export, $(du -m "$T"/one/*.csv | cut -f1) MB, needmap run next to libcsv:"
"$M" "   needmap run, 1 thread " "$N" run -q --threads 1 "$T/one" -o "$T/out1"
# three pairs: libcsv, then needmap on all cores; each pair's ratio, the median
for i in 1 2 3; do
    a=$("$M" csv:"$(ls "$T"/one/*.csv)" | sed 's/^libcsv bare parse: \([0-9.]*\) s.*/\1/')
    b=$("$M" "n" "$N" run -q "$T/one" -o "$T/outn" | sed 's/^n: \([0-9.]*\) s.*/\1/')
    echo "$a $b" | awk '{printf "   pair %d: libcsv %.3f s, needmap run on '"$cores"' threads %.3f s: %.2fx\n", '"$i"', $1, $2, $2 / $1}'
done | tee "$T/pairs1"
sort -t: -k3 -n "$T/pairs1" | sed -n 2p | sed 's/.*: \([0-9.]*x\)$/   median ratio: \1/'
"$M" "   peak RSS, $cores threads" "$N" run -q "$T/one" -o "$T/outn"
cmp -s "$T/out1/summary.json" "$T/outn/summary.json" && cmp -s "$T/out1/demand.csv" "$T/outn/demand.csv" &&
    echo "   outputs identical" || echo "   OUTPUTS DIFFER"

echo "2. peak memory (1 thread):"
"$M" "   1M rows, region keys " "$N" run -q --threads 1 "$T/one" -o "$T/out1"
"$G" --rows 1000000 --seed 1 --dialect utf8 $small --out "$T/s1" --quiet
"$M" "   1M rows, 29 x 20 keys" "$N" run -q --threads 1 "$T/s1" -o "$T/outs1"
rm -rf "$T/s1"
if [ "${2:-}" != quick ]; then
    "$G" --rows 10000000 --seed 1 --dialect utf8 $keys --out "$T/ten" --quiet
    "$M" "   10M rows, region keys" "$N" run -q --threads 1 "$T/ten" -o "$T/out10"
    rm -rf "$T/ten" "$T/out10"
    "$G" --rows 10000000 --seed 1 --dialect utf8 $small --out "$T/s10" --quiet
    "$M" "   10M rows, 29 x 20 keys" "$N" run -q --threads 1 "$T/s10" -o "$T/outs10"
    rm -rf "$T/s10" "$T/outs10"
fi

echo "3. two files of 500k rows:"
"$G" --rows 1000000 --files 2 --seed 2 --dialect utf8 $keys --out "$T/two" --quiet
# The VM's speed drifts by 10% from minute to minute: five pairs of runs,
# one thread then two, each pair's ratio, and the median of the ratios.
for i in 1 2 3 4 5; do
    a=$("$M" "1t" "$N" run -q --threads 1 "$T/two" -o "$T/o1" | sed 's/^1t: \([0-9.]*\) s.*/\1/')
    b=$("$M" "2t" "$N" run -q --threads 2 "$T/two" -o "$T/o2" | sed 's/^2t: \([0-9.]*\) s.*/\1/')
    echo "$a $b" | awk '{printf "   pair %d: 1 thread %.3f s, 2 threads %.3f s: %.2fx\n", '"$i"', $1, $2, $1 / $2}'
done | tee "$T/pairs"
sort -t: -k3 -n "$T/pairs" | sed -n 3p | sed 's/.*: \([0-9.]*x\)$/   median speedup: \1/'
"$M" "   peak RSS, 2 threads" "$N" run -q --threads 2 "$T/two" -o "$T/o2"
cmp -s "$T/o1/demand.csv" "$T/o2/demand.csv" && echo "   outputs identical" || echo "   OUTPUTS DIFFER"

echo "4. the bundled example survey end to end:"
for i in 1 2 3; do
    "$M" "   run $i" "$N" run -q "${NEEDMAP_SOURCE_ROOT:-.}/surveys/example" -o "$T/ex"
done
