#!/bin/sh
# report_scale.sh BUILD_DIR - time and size of report.html and needmap.xlsx
# (tests/bench/bench_report.c) for a 29-municipality survey and, in size,
# for a national key space.  Prints figures; asserts nothing.
set -u
B=${1:?usage: report_scale.sh BUILD_DIR}
G="$B/tests/gen/gen_survey"; R="$B/tests/bench/bench_report"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
# A regional survey like the 2021-22 mapping of 29 municipalities: one
# export per municipality, about 2,000 needs over 80 occupations.
"$G" --rows 2000 --files 29 --seed 1 --munis 29 --competences 80 --out "$T/r29" --quiet
echo "1. 29 municipalities, 2,000 rows in 29 files:"
"$R" "$T/r29" | sed 's/^/   /'
# The same with ten times the answers.
"$G" --rows 20000 --files 29 --seed 1 --munis 29 --competences 80 --out "$T/r29b" --quiet
echo "2. 29 municipalities, 20,000 rows in 29 files:"
"$R" "$T/r29b" | sed 's/^/   /'
# All 290 municipalities x 300 competences: 1M rows, about 1.2M cells
# (docs/performance.md's national key space).
"$G" --rows 1000000 --seed 1 --dialect utf8 --munis 290 --competences 300 --out "$T/nat" --quiet
echo "3. national key space, 1M rows:"
"$R" "$T/nat" | sed 's/^/   /'
