#!/bin/sh
# run_golden.sh [--bless] NAME -- ARGS...
# Runs "$NEEDMAP ARGS..." from the source root under LC_ALL=C and compares
# stdout, stderr and the exit code with tests/golden/expected/NAME.{out,err,code}.
# With --bless, writes those files instead (then read them before committing).
set -u
bless=0
[ "$1" = "--bless" ] && { bless=1; shift; }
name=$1; shift; [ "$1" = "--" ] && shift
root=${NEEDMAP_SOURCE_ROOT:?}
exp="$root/tests/golden/expected/$name"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
LC_ALL=C "${NEEDMAP:?}" "$@" >"$tmp/out" 2>"$tmp/err"
echo $? >"$tmp/code"
if [ $bless = 1 ]; then
    mkdir -p "$(dirname "$exp")"
    for k in out err code; do cp "$tmp/$k" "$exp.$k"; done
    echo "blessed $name"; exit 0
fi
rc=0
for k in out err code; do
    if ! diff -u "$exp.$k" "$tmp/$k"; then
        echo "golden $name: $k differs"; rc=1
    fi
done
exit $rc
