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
schema)
    "${NEEDMAP:?}" run -q surveys/example -o "$T/out" >/dev/null 2>&1
    "${NEEDMAP:?}" run -q --internal surveys/example -o "$T/int" >/dev/null 2>&1
    "${NEEDMAP:?}" run -q --scenario tests/run/scenarios/modes.json surveys/example -o "$T/scen" >/dev/null 2>&1
    "${NEEDMAP:?}" run -q --publish county,ssyk3 surveys/example -o "$T/coarse" >/dev/null 2>&1
    for py in python3 /usr/bin/python3; do
        if "$py" -c 'import jsonschema' 2>/dev/null; then
            exec "$py" -c '
import json, sys, jsonschema
schema = json.load(open("docs/summary.schema.json"))
for f in sys.argv[1:]:
    jsonschema.validate(json.load(open(f)), schema, cls=jsonschema.Draft202012Validator)
    print("valid:", f)
' "$T/out/summary.json" "$T/int/summary.json" "$T/scen/summary.json" \
  "$T/coarse/summary.json"
        fi
    done
    echo "python3-jsonschema is missing: run .ci/setup"; exit 1 ;;
reasons)
    "${NEEDMAP:?}" run -q surveys/example -o "$T/out" >/dev/null 2>&1
    exec python3 tests/run/check_reasons.py "$T/out" ;;
reasons-internal)
    "${NEEDMAP:?}" run -q --internal surveys/example -o "$T/out" >/dev/null 2>&1
    exec python3 tests/run/check_reasons.py "$T/out" --internal ;;
reasons-municipalities)
    printf '%s\n' '{"levels": {"yh": {"min_municipalities": 2}, "university": {"min_municipalities": 2},
        "course": {"min_municipalities": 2}, "komvux": {"min_municipalities": 2},
        "unknown": {"min_municipalities": 2}}}' >"$T/rules.json"
    "${NEEDMAP:?}" run -q --internal --rules "$T/rules.json" surveys/example -o "$T/out" >/dev/null 2>&1
    exec python3 tests/run/check_reasons.py "$T/out" --internal --min-municipalities 2 ;;
hidden)
    # no hidden row carries a number, respondents included (#17)
    "${NEEDMAP:?}" run -q surveys/example -o "$T/out" >/dev/null 2>&1
    "${NEEDMAP:?}" run -q --min-respondents 5 --pool-by cluster surveys/example \
        -o "$T/k5" >/dev/null 2>&1
    python3 tests/run/check_hidden.py "$T/out" || exit 1
    exec python3 tests/run/check_hidden.py "$T/k5" ;;
tables-k1)
    "${NEEDMAP:?}" run -q --min-respondents 5 surveys/example -o "$T/out" >/dev/null 2>&1
    exec python3 tests/run/check_tables.py "$T/out" ;;
esac
exit 2
