#!/bin/sh
# run_case.sh - run one catalogue case and compare its outputs.
#
#   run_case.sh CASE_DIR            compare; print a unified diff and exit 1 on mismatch
#   run_case.sh --bless CASE_DIR    (re)write CASE_DIR/expected.{out,err,code}
#
# A case directory holds the input file(s) (and folders), and optionally:
#   args     extra command-line options, one line (e.g. "--mapping mapping.json");
#            files named there are not passed as inputs
#   command  "validate" (default) or "inspect"
#   README   what is awkward and what the user should see
# The command run, from inside CASE_DIR, with LC_ALL=C, is
#   $NEEDMAP <command> [--max-messages 1000] <args> <inputs sorted by name>
# (--max-messages is a validate option; inspect does not take it).
# NEEDMAP defaults to build/needmap of the source tree.
set -u

bless=0
if [ "${1:-}" = "--bless" ]; then
    bless=1
    shift
fi
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 [--bless] CASE_DIR" >&2
    exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
: "${NEEDMAP:=$here/../../build/needmap}"
case "$NEEDMAP" in
/*) ;;
*) NEEDMAP=$(pwd)/$NEEDMAP ;;
esac
if [ ! -x "$NEEDMAP" ]; then
    echo "run_case.sh: no needmap binary at $NEEDMAP (set NEEDMAP)" >&2
    exit 2
fi

LC_ALL=C
export LC_ALL
cd "$1" || exit 2
name=$(basename "$(pwd)")

command=validate
if [ -f command ]; then
    command=$(sed -n 1p command)
fi
args=""
if [ -f args ]; then
    args=$(sed -n 1p args)
fi
maxmsg=""
if [ "$command" = validate ]; then
    maxmsg="--max-messages 1000"
fi

# Inputs: every entry but the case's own files and the files named in args,
# in byte order (the glob sorts under LC_ALL=C).
set --
for f in *; do
    [ -e "$f" ] || [ -L "$f" ] || continue
    case "$f" in
    README | args | command | expected.*) continue ;;
    esac
    named=0
    for a in $args; do
        [ "$a" = "$f" ] && named=1
    done
    [ $named -eq 1 ] && continue
    set -- "$@" "$f"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/needmap-case.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# shellcheck disable=SC2086 # args and maxmsg are word lists
"$NEEDMAP" "$command" $maxmsg $args "$@" >"$tmp/out" 2>"$tmp/err"
echo $? >"$tmp/code"

if [ $bless -eq 1 ]; then
    cp "$tmp/out" expected.out
    cp "$tmp/err" expected.err
    cp "$tmp/code" expected.code
    echo "blessed $name: exit $(cat expected.code)"
    exit 0
fi

status=0
for k in out err code; do
    if [ ! -f "expected.$k" ]; then
        echo "$name: expected.$k is missing" >&2
        status=1
        continue
    fi
    if ! cmp -s "expected.$k" "$tmp/$k"; then
        diff -u "expected.$k" "$tmp/$k" | sed "1s|$tmp/$k|actual.$k|; 2s|$tmp/$k|actual.$k|"
        status=1
    fi
done
if [ $status -ne 0 ]; then
    # shellcheck disable=SC2086 # print the words as they were passed
    echo "FAIL $name:" "$NEEDMAP" "$command" $maxmsg $args "$@" >&2
fi
exit $status
