#!/bin/sh
# A 36 MB export is cut into parts when two or three threads read it (a
# file larger than 16 MiB and than a thread's share of the inputs): every
# output of `run` and what `validate` prints must be byte for byte what one
# thread reading it whole gives, with no NEEDMAP_PART_BYTES forcing the
# cuts.   Usage: check_large_parts.sh GEN_SURVEY
# Environment: NEEDMAP (the needmap binary).
set -eu
gen=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
unset NEEDMAP_PART_BYTES
"$gen" --seed 3 --rows 380000 --dialect utf8 --bad-rate 0.01 --quiet --out "$tmp/in"
for f in "$tmp"/in/*; do size=$(wc -c < "$f"); done
[ "$size" -gt 33554432 ] || { echo "FAIL: the export is $size bytes, too small to be cut"; exit 1; }
fail=0
# A sanitizer build (NEEDMAP_TEST_SAMPLE) compares one thread with two only.
threads="1 2 3"
[ -z "${NEEDMAP_TEST_SAMPLE:-}" ] || threads="1 2"
for t in $threads; do
    "$NEEDMAP" run --internal --quiet --threads "$t" "$tmp/in" -o "$tmp/out$t" >/dev/null 2>&1 || [ $? -eq 1 ] ||
        { echo "FAIL: run --threads $t"; fail=1; }
    "$NEEDMAP" validate --threads "$t" "$tmp/in" > "$tmp/v$t.out" 2> "$tmp/v$t.err" || [ $? -eq 1 ] ||
        { echo "FAIL: validate --threads $t"; fail=1; }
done
for t in ${threads#1 }; do
    for f in "$tmp"/out1/*; do
        cmp -s "$f" "$tmp/out$t/$(basename "$f")" || { echo "FAIL: $(basename "$f") differs with $t threads"; fail=1; }
    done
    cmp -s "$tmp/v1.out" "$tmp/v$t.out" && cmp -s "$tmp/v1.err" "$tmp/v$t.err" ||
        { echo "FAIL: validate prints something else with $t threads"; fail=1; }
done
[ "$fail" -eq 0 ] && echo "ok - a $size-byte export read in parts on ${threads#1 } threads equals reading it whole"
exit "$fail"
