#!/bin/sh
# The disclosure audit's shortcut (#17): `needmap audit` shows most hidden
# figures protected by points the published figures allow (the solver's
# answers to a few programs, found with every hidden cell boxed, and points
# along unbounded rays) and solves its own min and max programs only for the
# rest.  The shortcut must never call a narrowed figure protected: on
# folders published with the joint suppression switched off (a test knob:
# figures are narrowed) of several shapes, at several protections, its
# verdict (how many figures are narrowed, how many to one value, the first
# and its interval) is the one the audit gives when it solves a min and a
# max program for every hidden figure and takes nothing from points
# (NEEDMAP_TEST_AUDIT_EVERY_PROGRAM=1).   Usage: check_audit_witness.sh GEN_SURVEY
# Environment: NEEDMAP (the needmap binary).
set -eu
gen=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

verdict() { # DIR PROTECTION [env...]: the audit's lines, without its count of programs
    dir=$1 p=$2; shift 2
    status=0
    env "$@" "$NEEDMAP" audit --protection "$p" "$dir" > "$tmp/out" 2>&1 || status=$?
    [ "$status" -le 0 ] || [ "$status" -eq 6 ] || { cat "$tmp/out"; fail "needmap audit exited with $status"; }
    sed 's/ ([0-9]* linear programs)//' "$tmp/out"
}

checked=0 narrowed=0
for shape in "--seed 7 --rows 600 --munis 12 --competences 12" \
             "--seed 5 --rows 300 --munis 6 --competences 8 --files 2 --layout typed" \
             "--seed 4 --rows 300 --munis 8 --competences 10 --files 4 --layout mixed"; do
    checked=$((checked + 1))
    # shellcheck disable=SC2086
    "$gen" $shape --quiet --out "$tmp/in$checked"
    NEEDMAP_TEST_WEAK_SUPPRESSION=1 "$NEEDMAP" run --quiet "$tmp/in$checked" -o "$tmp/o$checked" \
        > /dev/null 2>&1 || [ $? -le 1 ] || fail "the weakened run of $shape did not publish"
    for p in 10 30; do
        fast=$(verdict "$tmp/o$checked" $p)
        slow=$(verdict "$tmp/o$checked" $p NEEDMAP_TEST_AUDIT_EVERY_PROGRAM=1)
        [ "$fast" = "$slow" ] || fail "$shape at protection $p: with the points
$fast
with a program for every figure
$slow"
        case $fast in *": FAIL: "*) narrowed=$((narrowed + 1)) ;; esac
    done
done
# the folders are weak enough to be worth checking: most verdicts are failures
[ "$narrowed" -ge 4 ] || fail "only $narrowed of the verdicts found a narrowed figure"
echo "ok"
