#!/bin/sh
# needmap reads gen_survey's exports exactly as planted: per file the rows
# read, accepted, rejected and skipped, every reason, and in all the demand
# per need type.   Usage: check_needmap.sh GEN_SURVEY
# Environment: NEEDMAP (the needmap binary), NEEDMAP_SOURCE_ROOT.
set -eu
gen=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
"$gen" --seed 7 --rows 4000 --files 10 --layout mixed --bad-rate 0.05 --quiet \
    --out "$tmp/in" --truth "$tmp/truth.csv"
status=0
"$NEEDMAP" run --internal --quiet "$tmp/in" -o "$tmp/out" > "$tmp/log" 2>&1 || status=$?
if [ "$status" -gt 1 ]; then   # 1: some rows rejected, as planted
    cat "$tmp/log"; echo "FAIL: needmap run exited with $status"; exit 1
fi
python3 "$NEEDMAP_SOURCE_ROOT/tests/gen/check_truth.py" "$tmp/out/summary.json" "$tmp/truth.csv"
