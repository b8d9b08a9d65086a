#!/bin/sh
# run --scenario: scenarios.csv against cohorts.csv (check_scenarios.py),
# the same bytes for any thread count, and malformed scenario files refused
# with the file, the scenario and the member named, and exit code 2 (a bad
# configuration file), before anything is read.
set -u
N=${NEEDMAP:?}; ROOT=${NEEDMAP_SOURCE_ROOT:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; fails=$((fails + 1)); }
ex="$ROOT/surveys/example"
modes="$ROOT/tests/run/scenarios/modes.json"

for a in --internal ""; do
    "$N" run -q $a --scenario "$modes" "$ex" -o "$T/o$a" >/dev/null 2>&1
    if python3 "$ROOT/tests/run/check_scenarios.py" "$T/o$a" $a --truth "$T/o--internal"; then ok "scenarios.csv agrees with cohorts.csv ($a)"
    else no "scenarios.csv agrees with cohorts.csv ($a)"; fi
done
# #17: the totals add up every cohort of the scenario (recomputed by runs
# with each scenario's rules), hidden only where the disclosure model says
"$N" run -q --scenario "$ROOT/tests/run/scenarios/example.json" "$ex" -o "$T/ex" >/dev/null 2>&1
if python3 "$ROOT/tests/run/check_scenario_totals.py" "$N" "$ex" "$ROOT/tests/run/scenarios/example.json" "$T/ex"
then ok "example.json's totals are its cohorts' and residual rows' sums"
else no "example.json's totals are its cohorts' and residual rows' sums"; fi
"$N" audit "$T/ex" >/dev/null 2>&1 && ok "needmap audit passes with scenarios.csv" ||
    no "needmap audit passes with scenarios.csv"
# ... and a scenarios.csv that publishes every total (a test knob) fails it
NEEDMAP_TEST_WEAK_SUPPRESSION=3 "$N" run -q --scenario "$ROOT/tests/run/scenarios/example.json" \
    "$ex" -o "$T/weak" >/dev/null 2>&1
"$N" audit "$T/weak" >"$T/audit" 2>&1; got=$?
[ "$got" -eq 6 ] && grep -q ': FAIL: ' "$T/audit" && ok "needmap audit rejects a weakened scenarios.csv (exit 6)" ||
    no "needmap audit rejects a weakened scenarios.csv: exit $got"
"$N" run -q --scenario "$modes" "$ex" -o "$T/base" >/dev/null 2>&1
"$N" run -q "$ex" -o "$T/plain" >/dev/null 2>&1
for f in cohorts.csv residual.csv; do
    cmp -s "$T/base/$f" "$T/plain/$f" && ok "$f is the base options' with --scenario" ||
        no "$f is the base options' with --scenario"
done
# demand.csv: the scenarios' totals join the joint suppression, which may
# hide other cells; a figure published by both runs is the same
python3 - "$T/base/demand.csv" "$T/plain/demand.csv" <<'PY' && ok "demand.csv agrees with the base options' run" || no "demand.csv agrees with the base options' run"
import csv, sys
a, b = ([r for r in csv.reader(open(p, encoding="utf-8"))] for p in sys.argv[1:3])
assert len(a) == len(b) and a[0] == b[0]
for x, y in zip(a[1:], b[1:]):
    for u, v in zip(x, y):
        assert u == v or ".." in (u, v) or "" in (u, v) or u in ("secondary", "primary") or v in ("secondary", "primary"), (x, y)
PY
[ ! -e "$T/plain/scenarios.csv" ] && ok "no scenarios.csv without --scenario" ||
    no "no scenarios.csv without --scenario"
for t in 1 2 4; do
    "$N" run -q --threads $t --scenario "$modes" "$ex" -o "$T/t$t" >/dev/null 2>&1
done
for f in scenarios.csv summary.json report.html; do
    cmp -s "$T/t1/$f" "$T/t2/$f" && cmp -s "$T/t1/$f" "$T/t4/$f" &&
        ok "$f the same for 1, 2 and 4 threads" || no "$f the same for 1, 2 and 4 threads"
done

refuse() { # refuse DESCRIPTION JSON EXPECTED-MESSAGE-PART
    printf '%s\n' "$2" >"$T/s.json"
    "$N" run -q --scenario "$T/s.json" "$ex" -o "$T/bad" >"$T/out" 2>"$T/err"; got=$?
    if [ "$got" -eq 2 ] && grep -qF "needmap: error: $T/s.json: $3" "$T/err" && [ ! -e "$T/bad" ]; then
        ok "$1 (exit 2)"
    else
        no "$1: exit $got, message:"; cat "$T/err"
    fi
}
refuse "not JSON" '{"scenarios": ' "scenario file is not valid JSON"
refuse "not an object" '[1]' "scenarios: the file must hold one JSON object"
refuse "an unknown top-level member" '{"scenario": {}}' 'scenarios: unknown member "scenario"'
refuse "no scenarios" '{"scenarios": {}}' 'scenarios: "scenarios" must be an object of one or more'
refuse "a scenario not an object" '{"scenarios": {"a": 3}}' 'scenario "a": must be an object'
refuse "an unknown member in a scenario" '{"scenarios": {"a": {"enrolment": 0.4}}}' 'scenario "a": unknown member "enrolment"'
refuse "a bad type" '{"scenarios": {"a": {"enrolment_rate": "high"}}}' 'scenario "a": enrolment_rate must be a number'
refuse "a rate out of range" '{"scenarios": {"ok": {}, "b": {"enrolment_rate": 1.5}}}' 'scenario "b": enrolment_rate must be above 0 and at most 1'
refuse "a minimum above the maximum" '{"scenarios": {"a": {"levels": {"yh": {"min": 50}}}}}' 'scenario "a": levels.yh needs 1 <= min <= max'
refuse "max_locations not whole" '{"scenarios": {"a": {"max_locations": 2.5}}}' 'scenario "a": max_locations must be a whole number'
refuse "an unknown mode" '{"scenarios": {"a": {"modes": ["bus"]}}}' 'scenario "a": "modes" must be a list'
refuse "no mode" '{"scenarios": {"a": {"modes": []}}}' 'scenario "a": "modes" must be a list'
refuse "a name used twice" '{"scenarios": {"a": {}, "a": {}}}' 'scenario "a": named twice'
refuse "the reserved name base" '{"scenarios": {"base": {}}}' 'scenario "base": the name is'
refuse "an empty name" '{"scenarios": {"": {}}}' "scenarios: a scenario's name must be 1 to 63"
"$N" run -q --scenario "$T/missing.json" "$ex" -o "$T/bad" >/dev/null 2>"$T/err"; got=$?
[ "$got" -eq 2 ] && grep -qF "cannot open scenario file" "$T/err" && ok "a missing file (exit 2)" ||
    no "a missing file: exit $got"
[ $fails -eq 0 ] && echo "all ok" && exit 0
echo "$fails failed"; exit 1
