#!/bin/sh
# Disclosure control (#17): on generated surveys of several shapes (few and
# many municipalities, every need type, ranges, pooling by competence and
# by cluster) every published run passes `needmap audit` (no hidden figure
# narrowed below its protection) and says so in summary.json; a run whose
# joint suppression is switched off (a test knob) either publishes a folder
# the audit rejects with exit 6 or, as published runs do, stops with exit 6
# and leaves no folder.   Usage: check_audit.sh GEN_SURVEY
# Environment: NEEDMAP (the needmap binary).
set -eu
gen=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

run_ok() { # DIR OUT [run options...]: a published run that passes the audit
    in=$1; out=$2; shift 2
    status=0
    "$NEEDMAP" run --quiet "$@" "$in" -o "$out" > "$tmp/log" 2>&1 || status=$?
    [ "$status" -le 1 ] || { cat "$tmp/log"; fail "needmap run $* exited with $status"; }
    status=0
    "$NEEDMAP" audit "$out" > "$tmp/audit" 2>&1 || status=$?
    [ "$status" -eq 0 ] || { cat "$tmp/audit"; fail "needmap audit of $in ($*) exited with $status"; }
    grep -q ': pass: ' "$tmp/audit" || fail "needmap audit of $in did not say pass"
    python3 - "$out/summary.json" <<'PY' || fail "summary.json of $in: disclosure"
import json, sys
d = json.load(open(sys.argv[1]))["privacy"]["disclosure"]
assert d["narrowed_below_protection"] == 0, d
assert d["hidden_figures_audited"] > 0, d
t = d["tables"]["demand"]
assert t["published"] + t["suppressed"] > 0, t
PY
}

"$gen" --seed 3 --rows 150 --munis 3 --competences 5 --quiet --out "$tmp/few"
"$gen" --seed 7 --rows 400 --munis 12 --competences 12 --quiet --out "$tmp/twelve"
"$gen" --seed 11 --rows 500 --munis 20 --competences 16 --files 3 --layout mixed --quiet \
    --out "$tmp/many"
run_ok "$tmp/few" "$tmp/o_few"
run_ok "$tmp/twelve" "$tmp/o_twelve"
run_ok "$tmp/twelve" "$tmp/o_cluster" --pool-by cluster
run_ok "$tmp/few" "$tmp/o_k5" --min-respondents 5 --protection 25
run_ok "$tmp/many" "$tmp/o_many"

# The 12-municipality survey the issue measured (600 rows): today's
# per-relation suppression alone leaks there.
"$gen" --seed 7 --rows 600 --munis 12 --competences 12 --quiet --out "$tmp/leaky"

NEEDMAP_TEST_WEAK_SUPPRESSION=1 "$NEEDMAP" run --quiet "$tmp/leaky" -o "$tmp/weak" \
    > /dev/null 2>&1 || [ $? -le 1 ] || fail "the weakened run did not publish"
status=0
"$NEEDMAP" audit "$tmp/weak" > "$tmp/audit" 2>&1 || status=$?
[ "$status" -eq 6 ] || { cat "$tmp/audit"; fail "audit of a weakened folder exited with $status, not 6"; }
grep -q ': FAIL: ' "$tmp/audit" || fail "audit of a weakened folder did not say FAIL"

# Published runs audit themselves: a failing audit publishes nothing.
status=0
NEEDMAP_TEST_WEAK_SUPPRESSION=2 "$NEEDMAP" run --quiet "$tmp/leaky" -o "$tmp/stopped" \
    > /dev/null 2> "$tmp/err" || status=$?
[ "$status" -eq 6 ] || { cat "$tmp/err"; fail "a run whose audit fails exited with $status, not 6"; }
grep -q 'disclosure audit failed' "$tmp/err" || fail "no message for the failed audit"
[ ! -e "$tmp/stopped" ] || fail "a run whose audit failed left a folder"

status=0
"$NEEDMAP" audit "$tmp/nonexistent" > /dev/null 2>&1 || status=$?
[ "$status" -eq 3 ] || fail "audit of a folder without disclosure.csv exited with $status, not 3"

# A hand-edited disclosure.csv whose published cell's demand (15) is not the
# midpoint of its low and high ends (10, 30): the audit's program of the
# kinds together takes it as one, so the file is refused where it is read
# (exit 3), at the high figure's value.
mkdir "$tmp/edited"
printf '%s\n' 'needmap-disclosure-model,2,protection,10,variables,1,cells,1' 'u,demand,0,1,0' \
    'f,0,15,0,people,1,0,1' 'f,0,10,0,low,1,0,1' 'f,0,30,0,high,1,0,1' \
    > "$tmp/edited/disclosure.csv"
status=0
"$NEEDMAP" audit "$tmp/edited" > /dev/null 2> "$tmp/err" || status=$?
[ "$status" -eq 3 ] || { cat "$tmp/err"; fail "audit of a cell off its midpoint exited with $status, not 3"; }
grep -q "^needmap: error: $tmp/edited/disclosure.csv:5:5: demand unit 1: .*midpoint" "$tmp/err" ||
    { cat "$tmp/err"; fail "no FILE:LINE:COL error for a cell off its midpoint"; }
echo "ok"
