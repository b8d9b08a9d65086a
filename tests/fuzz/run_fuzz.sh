#!/bin/sh
# run_fuzz.sh MODE HARNESS NAME COUNT [ARTIFACTS]
#
# Gathers the seed corpus of harness NAME (csv json decode values mapping
# synonyms rules distances) into a fresh temporary directory, from the
# catalogue (tests/catalogue/cases), the example survey (surveys/example)
# and the hand-picked seeds (tests/fuzz/seeds/NAME), then runs HARNESS:
#   MODE libfuzzer:  COUNT executions in all (-runs), -seed=1, no time
#                    limit per input, leaks detected; a crash is written to
#                    ARTIFACTS (default: the current directory).
#   MODE standalone: every seed, then COUNT deterministic mutations of
#                    each (standalone.c).
# Exits non-zero when the harness found anything.  Also used by hand for
# the longer campaign (docs/development.md): run it with LIBFUZZER_ARGS.
set -eu
mode=$1 exe=$2 name=$3 count=$4 artifacts=${5:-.}
root=${NEEDMAP_SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
here=$root/tests/fuzz
cases=$root/tests/catalogue/cases
example=$root/surveys/example

work=$(mktemp -d "${TMPDIR:-/tmp}/needmap-fuzz-$name.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
corpus=$work/corpus
mkdir "$corpus"

# copy FILE...: into the corpus, named after their folder and name.
copy() {
    for f in "$@"; do
        [ -f "$f" ] || continue
        dir=$(basename "$(dirname "$f")")
        cp "$f" "$corpus/$dir-$(basename "$f")"
    done
}

# The inputs of the catalogue's cases: every file but the expectations.
case_inputs() {
    find "$cases" -type f ! -name 'expected.*' ! -name README ! -name args \
        ! -name command | sort
}

case $name in
csv)       copy $(case_inputs | grep -v '\.json$') "$example"/*.csv "$example"/*.tsv ;;
json)      copy $(case_inputs | grep '\.json$') "$example"/*.json ;;
decode)    copy $(case_inputs) "$example"/*.csv "$example"/*.tsv "$example"/*.json ;;
values)    copy $(case_inputs | grep -E '\.(csv|tsv|txt)$') "$example"/*.csv "$example"/*.tsv ;;
mapping)   copy "$cases"/*/mapping*.json ;;
synonyms)  copy "$cases"/*/syn*.csv
           # the start of needmap's own list (all of it makes every input slow)
           head -n 40 "$root"/surveys/synonyms.csv >"$corpus/surveys-synonyms-head.csv" ;;
rules)     ;;
distances) copy "$cases"/*/kommunkoder.csv ;;
*)         echo "run_fuzz.sh: unknown harness $name" >&2; exit 2 ;;
esac
if [ -d "$here/seeds/$name" ]; then
    copy "$here/seeds/$name"/*
fi
echo "$name: $(ls "$corpus" | wc -l) seeds"

case $mode in
libfuzzer)
    dict= max_len=
    [ -f "$here/$name.dict" ] && dict=-dict=$here/$name.dict
    case $name in # what the harness reads of an input (see its MAX_BYTES)
    decode) max_len=-max_len=4096 ;;
    values) max_len=-max_len=1024 ;;
    esac
    # -timeout=0: no limit in seconds on an input (tests have no time
    # limits); the run is bounded by its count of executions.
    # shellcheck disable=SC2086
    "$exe" -runs="$count" -seed=1 -timeout=0 -detect_leaks=1 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" $dict $max_len ${LIBFUZZER_ARGS:-} "$corpus"
    ;;
standalone)
    "$exe" -m "$count" "$corpus"
    ;;
*)
    echo "run_fuzz.sh: MODE is libfuzzer or standalone" >&2
    exit 2
    ;;
esac
