#!/bin/sh
# Clusters, their stabilities (bootstrap resamples) and "no clear grouping"
# are byte-identical for the same --seed whatever --threads, in
# clusters.csv and summary.json; --cluster-resamples changes them.
set -u
N=${NEEDMAP:?}; ROOT=${NEEDMAP_SOURCE_ROOT:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
for t in 1 2 4; do
    # exit status 1: the example has rejected rows on purpose
    "$N" run -q --threads "$t" --seed 3 "$ROOT/surveys/example" -o "$T/t$t" >/dev/null 2>&1
    [ -f "$T/t$t/clusters.csv" ] || bad "run --threads $t writes clusters.csv"
done
for t in 2 4; do
    cmp -s "$T/t1/clusters.csv" "$T/t$t/clusters.csv" && cmp -s "$T/t1/summary.json" "$T/t$t/summary.json" &&
        ok "--threads $t gives the clusters of --threads 1" || bad "--threads $t differs from --threads 1"
done
grep -q '"stability"' "$T/t1/summary.json" && head -1 "$T/t1/clusters.csv" | grep -q cluster_stability &&
    ok "stabilities are published" || bad "no stability in the outputs"
"$N" run -q --threads 2 --seed 3 --cluster-resamples 5 "$ROOT/surveys/example" -o "$T/r5" >/dev/null 2>&1
cmp -s "$T/t1/summary.json" "$T/r5/summary.json" && bad "--cluster-resamples 5 changes nothing" ||
    ok "--cluster-resamples is used"
exit $((fails > 0))
