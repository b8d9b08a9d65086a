#!/bin/sh
# Runs needmap run on the example survey and the Python checks on it.
set -u
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "${NEEDMAP_SOURCE_ROOT:?}" || exit 1
case "$1" in
recount)
    "${NEEDMAP:?}" run -q --internal surveys/example -o "$T/out" >/dev/null 2>&1
    exec python3 tests/run/recount.py surveys/example "$T/out" ;;
tables-internal)
    "${NEEDMAP:?}" run -q --internal surveys/example -o "$T/out" >/dev/null 2>&1
    exec python3 tests/run/check_tables.py "$T/out" --internal ;;
tables)
    "${NEEDMAP:?}" run -q surveys/example -o "$T/out" >/dev/null 2>&1
    exec python3 tests/run/check_tables.py "$T/out" ;;
tables-k1)
    "${NEEDMAP:?}" run -q --min-respondents 5 surveys/example -o "$T/out" >/dev/null 2>&1
    exec python3 tests/run/check_tables.py "$T/out" ;;
esac
exit 2
