#!/bin/sh
# placements_survey.sh - the generated survey of docs/method.md ("Placements
# are shared out"): gen_survey --rows 20000 --munis 120 --competences 60
# --seed 15, with placements for 2341, 5321, 8332, 2221 and 2330 in about a
# third of the municipalities (5-60 each, drawn with seed 15), run with
# --min-respondents 1.  Prints the pooling's figures: cohorts, expected
# students in cohorts, groups limited and the run's time.
#
#   tests/bench/placements_survey.sh BUILD_DIR WORK_DIR
set -eu
build=$1
work=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work"
if [ ! -d "$work/survey" ]; then
    "$build/tests/gen/gen_survey" --rows 20000 --munis 120 --competences 60 --seed 15 \
        --out "$work/survey" --quiet
fi
/usr/bin/python3 - "$src/surveys/municipalities.csv" "$work/placements.csv" <<'EOF'
import csv, random, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
rng = random.Random(15)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("municipality,ssyk,places\n")
    for code in ("2341", "5321", "8332", "2221", "2330"):
        for r in rows:
            if rng.random() < 1 / 3:
                f.write("%s,%s,%d\n" % (r["code"], code, rng.randint(5, 60)))
EOF
rm -rf "$work/out"
start=$(date +%s.%N)
"$build/needmap" run "$work"/survey/* --placements "$work/placements.csv" \
    --min-respondents 1 --threads 1 -o "$work/out" >/dev/null 2>"$work/stderr" || true
end=$(date +%s.%N)
/usr/bin/python3 - "$work/out" "$start" "$end" <<'EOF'
import csv, json, sys
out = sys.argv[1]
co = list(csv.DictReader(open(out + "/cohorts.csv", encoding="utf-8")))
def num(v):
    try:
        return float(v)
    except ValueError:
        return 0.0
lim = {}
for r in co:
    if r["placements"] not in ("", "-1"):
        key = (r["competence_code"], r["level"], r["mode"])
        lim[key] = lim.get(key, 0) | (r["solver_status"] == "limit")
plc = [r for r in co if r["placements"] not in ("", "-1")]
print("cohorts %d (%d with placements), expected students in cohorts %.1f (with placements "
      "%.1f; hidden figures as 0), groups with placements and a cohort %d, of them limit %d, "
      "time %.1f s" % (len(co), len(plc), sum(num(r["expected_enrolment"]) for r in co),
      sum(num(r["expected_enrolment"]) for r in plc), len(lim), sum(lim.values()),
      float(sys.argv[3]) - float(sys.argv[2])))
EOF
