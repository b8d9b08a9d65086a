#!/bin/sh
# run_in_parts.sh CASES_DIR [PART_BYTES...] - every catalogue case again, with its files cut
# into tiny parts (NEEDMAP_PART_BYTES; batch.c reads large CSV files in
# parts, on as many threads as there are cores).  Parts must not change a byte of what the user
# sees: the same expected.out, expected.err and exit code as read whole,
# whatever part size.  Sizes are chosen so cuts fall inside quoted line
# breaks, CR LF pairs, multi-byte characters and header rows (default: 16,
# 37, 101 and 1000 bytes; meson runs one test per size).
set -u
here=$(cd "$(dirname "$0")" && pwd)
cases=${1:?usage: run_in_parts.sh CASES_DIR [PART_BYTES...]}
shift
[ $# -gt 0 ] || set -- 16 37 101 1000
fail=0 n=0
log=$(mktemp "${TMPDIR:-/tmp}/needmap-parts.XXXXXX") || exit 2
trap 'rm -f "$log"' EXIT
for c in "$cases"/*/; do
    for pb in "$@"; do
        n=$((n + 1))
        if ! NEEDMAP_PART_BYTES=$pb sh "$here/run_case.sh" "$c" >"$log" 2>&1; then
            echo "not ok - $(basename "$c") in parts of $pb bytes"
            sed 's/^/  /' "$log" | head -40
            fail=$((fail + 1))
        fi
    done
done
echo "$n case runs in parts, $fail failed"
[ "$fail" -eq 0 ]
