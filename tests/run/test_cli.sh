#!/bin/sh
# The command line: documented exit codes, --help, --version, standard input.
set -u
N=${NEEDMAP:?}; ROOT=${NEEDMAP_SOURCE_ROOT:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0
expect() { # expect CODE DESCRIPTION CMD...
    want=$1; what=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"; got=$?
    if [ "$got" -eq "$want" ]; then echo "ok - $what (exit $got)"
    else echo "not ok - $what: exit $got, expected $want"; cat "$T/err"; fails=$((fails + 1)); fi
}
ex="$ROOT/surveys/example"
good="$ROOT/tests/catalogue/cases/46_nonexistent_input/kommun_2584.csv"

expect 2 "no command is a usage error" "$N"
expect 2 "an unknown command is a usage error" "$N" frobnicate
grep -q "Try 'needmap --help'" "$T/err" || { echo "not ok - unknown command points to --help"; fails=$((fails + 1)); }
expect 0 "--version" "$N" --version
grep -qx "needmap [0-9][0-9.]*" "$T/out" || { echo "not ok - --version prints 'needmap X.Y.Z'"; fails=$((fails + 1)); }
for cmd in validate inspect run help; do
    expect 0 "$cmd --help" "$N" $cmd --help
    grep -q "Exit codes" "$T/out" || { echo "not ok - $cmd --help lists the exit codes"; fails=$((fails + 1)); }
done
expect 2 "validate without input" "$N" validate
expect 2 "an unknown option" "$N" validate --frobnicate "$good"
expect 2 "--min-confidence out of range" "$N" validate --min-confidence 2 "$good"
expect 2 "--threads not a number" "$N" validate --threads many "$good"
expect 2 "run without -o" "$N" run "$good"
expect 2 "--pool-by something else" "$N" run --pool-by town "$good" -o "$T/o"
expect 2 "a rules file with an unknown member" sh -c "echo '{\"enrolment\": 1}' >'$T/r.json' && '$N' run --rules '$T/r.json' '$good' -o '$T/o'"
expect 2 "--enrolment-rate out of range" "$N" run --enrolment-rate 1.5 "$good" -o "$T/o"
expect 0 "scenario options are accepted" "$N" run -q --min-cohort 20 --enrolment-rate 0.6 --viable-probability 0.9 "$good" -o "$T/o"
grep -q '"enrolment_rate":[[:space:]]*0.6' "$T/o/summary.json" && grep -q '"viable_probability":[[:space:]]*0.9' "$T/o/summary.json" ||
    { echo "not ok - summary.json records the scenario"; fails=$((fails + 1)); }
expect 0 "a clean file validates with exit 0" "$N" validate "$good"
expect 1 "rejected rows give exit 1" "$N" validate -q "$ex"
expect 3 "an unreadable input gives exit 3, the others still read" "$N" validate "$good" "$T/missing.csv"
grep -q "2 inputs" "$T/out" || { echo "not ok - both inputs reported"; fails=$((fails + 1)); }
expect 4 "an output that cannot be written gives exit 4" "$N" validate --rejects "$T/no/such/dir/r.csv" "$good"
expect 0 "standard input as -" sh -c "'$N' validate - <'$good'"
grep -q "1 input" "$T/out" && grep -q "accepted" "$T/out" ||
    { echo "not ok - standard input is read"; fails=$((fails + 1)); }
expect 0 "options after the inputs" "$N" validate "$good" --quiet
echo "$fails failed"
[ $fails -eq 0 ]
