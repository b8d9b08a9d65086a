#!/bin/sh
# bench_audit.sh BUILD_DIR - how long the disclosure audit (#17) takes:
# `needmap audit` of a published folder (every hidden figure's interval,
# docs/method.md) and the run's disclose stage (model, joint suppression,
# audit), for the bundled example, a 29-municipality survey and the
# national key space.  Prints figures; asserts nothing.  Not a test.
# BENCH_NATIONAL=0 leaves the national key space out (it takes tens of
# minutes of CPU: docs/performance.md).
set -eu
B=${1:-build}
N=$B/needmap G=$B/tests/gen/gen_survey
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
bench() { # NAME INPUT
    run=$( { NEEDMAP_TIMING=1 /usr/bin/time -f '%e %U' "$N" run -q "$2" -o "$T/out" \
             > /dev/null 2> "$T/timing" || true; tail -1 "$T/timing"; } )
    stage=$(grep 'timing: disclose' "$T/timing" | awk '{print $4}')
    cpu=$( { /usr/bin/time -f '%e %U' "$N" audit "$T/out" > "$T/audit"; } 2>&1 | tail -1)
    cells=$(head -1 "$T/out/disclosure.csv" | cut -d, -f8)
    hidden=$(grep -o '[0-9]* hidden figures audited' "$T/audit" | cut -d' ' -f1)
    lps=$(grep -o '([0-9]* linear programs)' "$T/audit" | tr -dc 0-9)
    echo "$1: $cells cells, $hidden hidden figures; run $(echo "$run" | cut -d' ' -f1) s wall," \
         "$(echo "$run" | cut -d' ' -f2) s CPU, its disclose stage ${stage} s wall;" \
         "needmap audit: $(echo "$cpu" | cut -d' ' -f1) s wall, $(echo "$cpu" | cut -d' ' -f2) s CPU, $lps programs"
    rm -rf "$T/out"
}
bench "example" "${NEEDMAP_SOURCE_ROOT:-.}/surveys/example"
"$G" --rows 2000 --seed 3 --munis 29 --competences 20 --out "$T/r29s3" --quiet
bench "29 municipalities, 20 competences, 2000 rows (seed 3)" "$T/r29s3"
"$G" --rows 2000 --seed 9 --munis 29 --competences 20 --out "$T/r29" --quiet
bench "29 municipalities, 20 competences, 2000 rows (seed 9)" "$T/r29"
"$G" --rows 2000 --files 29 --seed 1 --munis 29 --competences 80 --out "$T/r29b" --quiet
bench "29 municipalities, 80 competences, 2000 rows" "$T/r29b"
[ "${BENCH_NATIONAL:-1}" = 0 ] && exit 0
"$G" --rows 20000 --seed 1 --dialect utf8 --munis 290 --competences 300 --out "$T/nat" --quiet
bench "national key space (290 municipalities, 300 competences), 20000 rows" "$T/nat"
