#!/bin/sh
# scale.sh BUILD_DIR [quick] - the scale benchmarks of docs/performance.md.
# Prints figures; asserts nothing.  Needs ~2 GB of disk in $TMPDIR for the
# 10M-row run (skipped with "quick").
set -u
B=${1:?usage: scale.sh BUILD_DIR [quick]}
N="$B/needmap"; G="$B/tests/gen/gen_survey"; M="$B/tests/bench/measure"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
# A region-sized key space (29 municipalities, 80 competences): memory
# should grow with distinct keys, so it must not grow from 1M to 10M rows.
keys="--munis 29 --competences 80"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

"$G" --rows 1000000 --seed 1 --dialect utf8 $keys --out "$T/one" --quiet
echo "1. 1M-row long export, $(du -m "$T"/one/*.csv | cut -f1) MB:"
"$M" csv:"$(ls "$T"/one/*.csv)"
"$M" "   needmap run" "$N" run -q --threads 1 "$T/one" -o "$T/out1"

echo "2. peak memory:"
"$M" "   1M rows" "$N" run -q --threads 1 "$T/one" -o "$T/out1"
if [ "${2:-}" != quick ]; then
    "$G" --rows 10000000 --seed 1 --dialect utf8 $keys --out "$T/ten" --quiet
    "$M" "   10M rows" "$N" run -q --threads 1 "$T/ten" -o "$T/out10"
    rm -rf "$T/ten"
fi

echo "3. two files of 500k rows:"
"$G" --rows 1000000 --files 2 --seed 2 --dialect utf8 $keys --out "$T/two" --quiet
"$M" "   1 thread " "$N" run -q --threads 1 "$T/two" -o "$T/o1"
"$M" "   2 threads" "$N" run -q --threads 2 "$T/two" -o "$T/o2"
cmp -s "$T/o1/demand.csv" "$T/o2/demand.csv" && echo "   outputs identical" || echo "   OUTPUTS DIFFER"

echo "4. the bundled example survey end to end:"
for i in 1 2 3; do
    "$M" "   run $i" "$N" run -q "${NEEDMAP_SOURCE_ROOT:-.}/surveys/example" -o "$T/ex"
done
