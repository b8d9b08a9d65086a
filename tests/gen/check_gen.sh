#!/bin/sh
# gen_survey's promises: the same arguments give byte-identical files (and
# truth), another seed gives other files, and output size grows linearly
# with --rows.   Usage: check_gen.sh GEN_SURVEY
set -eu
gen=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
args="--seed 42 --files 6 --layout mixed --bad-rate 0.05 --quiet"

"$gen" $args --rows 3000 --out "$tmp/a" --truth "$tmp/a.truth"
"$gen" $args --rows 3000 --out "$tmp/b" --truth "$tmp/b.truth"
n=$(ls "$tmp/a" | wc -l)
[ "$n" -eq 6 ] || { echo "FAIL: expected 6 files, got $n"; exit 1; }
for f in "$tmp"/a/*; do
    cmp "$f" "$tmp/b/$(basename "$f")" || { echo "FAIL: $(basename "$f") differs between runs"; exit 1; }
done
cmp "$tmp/a.truth" "$tmp/b.truth" || { echo "FAIL: truth differs between runs"; exit 1; }

rows=$(awk -F, '$1 == "TOTAL" { print $6 }' "$tmp/a.truth")
[ "$rows" -eq 3000 ] || { echo "FAIL: truth counts $rows data rows, not 3000"; exit 1; }

"$gen" --seed 43 --files 6 --layout mixed --bad-rate 0.05 --quiet --rows 3000 --out "$tmp/c"
if cmp -s "$tmp/a/survey_0001.csv" "$tmp/c/survey_0001.csv"; then
    echo "FAIL: seeds 42 and 43 give the same file"; exit 1
fi

"$gen" $args --rows 12000 --out "$tmp/d"
small=$(cat "$tmp"/a/* | wc -c)
large=$(cat "$tmp"/d/* | wc -c)
ratio=$((large * 100 / small))
echo "3000 rows: $small bytes; 12000 rows: $large bytes; ratio x100 = $ratio (expect ~400)"
[ "$ratio" -ge 340 ] && [ "$ratio" -le 460 ] || { echo "FAIL: size does not scale linearly"; exit 1; }
echo "OK"
