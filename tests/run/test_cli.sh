#!/bin/sh
# The command line: documented exit codes, --help, --version, standard input.
set -u
N=${NEEDMAP:?}; ROOT=${NEEDMAP_SOURCE_ROOT:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0
expect() { # expect CODE DESCRIPTION CMD...
    want=$1; what=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"; got=$?
    if [ "$got" -eq "$want" ]; then echo "ok - $what (exit $got)"
    else echo "not ok - $what: exit $got, expected $want"; cat "$T/err"; fails=$((fails + 1)); fi
}
ex="$ROOT/surveys/example"
good="$ROOT/tests/catalogue/cases/46_nonexistent_input/kommun_2584.csv"

expect 2 "no command is a usage error" "$N"
expect 2 "an unknown command is a usage error" "$N" frobnicate
grep -q "Try 'needmap --help'" "$T/err" || { echo "not ok - unknown command points to --help"; fails=$((fails + 1)); }
expect 0 "--version" "$N" --version
grep -qx "needmap [0-9][0-9.]*" "$T/out" || { echo "not ok - --version prints 'needmap X.Y.Z'"; fails=$((fails + 1)); }
for cmd in validate inspect run help; do
    expect 0 "$cmd --help" "$N" $cmd --help
    grep -q "Exit codes" "$T/out" || { echo "not ok - $cmd --help lists the exit codes"; fails=$((fails + 1)); }
done
expect 2 "validate without input" "$N" validate
expect 2 "an unknown option" "$N" validate --frobnicate "$good"
expect 2 "--min-confidence out of range" "$N" validate --min-confidence 2 "$good"
expect 2 "--threads not a number" "$N" validate --threads many "$good"
expect 2 "run without -o" "$N" run "$good"
expect 2 "--pool-by something else" "$N" run --pool-by town "$good" -o "$T/o"
expect 2 "a rules file with an unknown member" sh -c "echo '{\"enrolment\": 1}' >'$T/r.json' && '$N' run --rules '$T/r.json' '$good' -o '$T/o'"
expect 2 "--enrolment-rate out of range" "$N" run --enrolment-rate 1.5 "$good" -o "$T/o"
expect 0 "scenario options are accepted" "$N" run -q --min-cohort 20 --enrolment-rate 0.6 --viable-probability 0.9 "$good" -o "$T/o"
grep -q '"enrolment_rate":[[:space:]]*0.6' "$T/o/summary.json" && grep -q '"viable_probability":[[:space:]]*0.9' "$T/o/summary.json" ||
    { echo "not ok - summary.json records the scenario"; fails=$((fails + 1)); }
expect 0 "a clean file validates with exit 0" "$N" validate "$good"
expect 1 "rejected rows give exit 1" "$N" validate -q "$ex"
expect 3 "an unreadable input gives exit 3, the others still read" "$N" validate "$good" "$T/missing.csv"
grep -q "2 inputs" "$T/out" || { echo "not ok - both inputs reported"; fails=$((fails + 1)); }
expect 4 "an output that cannot be written gives exit 4" "$N" validate --rejects "$T/no/such/dir/r.csv" "$good"
expect 0 "standard input as -" sh -c "'$N' validate - <'$good'"
grep -q "1 input" "$T/out" && grep -q "accepted" "$T/out" ||
    { echo "not ok - standard input is read"; fails=$((fails + 1)); }
expect 0 "options after the inputs" "$N" validate "$good" --quiet
check() { # check DESCRIPTION COMMAND...: a test that passes when COMMAND does
    what=$1; shift
    if "$@"; then echo "ok - $what"; else echo "not ok - $what"; fails=$((fails + 1)); fi
}

# --placements FILE: a bad row stops the run before anything is written,
# naming the file, line and column; a good one limits the cohorts it names
# (Luleå's 40 placements take Luleå's 35 expected care workers, not
# Piteå's 15 more) and Piteå's row says so.
printf 'municipality,ssyk,places\nLuleå,5321,12\nLuleå,53x,4\n' >"$T/pl_code.csv"
expect 2 "a placements file with a bad SSYK code is a usage error" "$N" run --placements "$T/pl_code.csv" "$good" -o "$T/pl_o"
check "... naming file, line and column" grep -q "pl_code.csv:3:2: '53x' is not an SSYK group" "$T/err"
check "... and writing nothing" test ! -e "$T/pl_o"
printf 'municipality;ssyk;places\nLuleå;5321;2.5\n' >"$T/pl_places.csv"
expect 2 "placements that are not a whole number" "$N" run --placements "$T/pl_places.csv" "$good" -o "$T/pl_o"
check "... say so" grep -q "pl_places.csv:2:3: '2.5' is not a number of placements" "$T/err"
printf 'municipality,ssyk,places\nLuleborg,5321,3\n' >"$T/pl_muni.csv"
expect 2 "placements in an unknown municipality" "$N" run --placements "$T/pl_muni.csv" "$good" -o "$T/pl_o"
check "... say so" grep -q "pl_muni.csv:2:1: unknown municipality 'Luleborg'" "$T/err"
printf 'Kommun;Yrke;Antal;Behov;Nivå;Utbildningsform\nLuleå;Undersköterska;44;Kompetensutveckling;YH;På plats\nPiteå;Undersköterska;19;Kompetensutveckling;YH;På plats\n' >"$T/lia.csv"
printf 'municipality,ssyk,places\nLuleå,532,40\n' >"$T/pl.csv"
expect 0 "placements limit a cohort" "$N" run -q --min-respondents 1 --placements "$T/pl.csv" "$T/lia.csv" -o "$T/pl_o"
check "... to Luleå alone, with its 40 placements, bound" grep -q "^1,1,ssyk,5321,.*,yh,given,onsite,given,2580,Luleå,1,.*,optimal,0,40,yes" "$T/pl_o/cohorts.csv"
check "... and Piteå left out says why" grep -q ",Piteå,.*,\"placements (LIA/VFU): 40 within reach of Luleå, fewer than the expected students" "$T/pl_o/residual.csv"
check "... summary.json counts the group" grep -q '"groups_placements_bind":	1' "$T/pl_o/summary.json"
expect 0 "placements of a hidden cohort" "$N" run -q --placements "$T/pl.csv" "$T/lia.csv" -o "$T/pl_hidden"
check "... are hidden too (they bound its students)" grep -q "^1,,ssyk,5321,.*,yes,0,0,,,optimal,\.\.,\.\.,yes" "$T/pl_hidden/cohorts.csv"
expect 0 "without placements" "$N" run -q --min-respondents 1 "$T/lia.csv" -o "$T/pl_free"
check "... both make one cohort" grep -q "^1,1,ssyk,5321,.*,2580,Luleå,2,.*,optimal,0,," "$T/pl_free/cohorts.csv"

# --rejects FILE is replaced whole: a link or a special file there is refused,
# never replaced (the link's target and the pipe stay as they were).  Only
# files in $T: the old code replaced what it was given, and a test naming
# /dev/null would have replaced the machine's /dev/null with a file.
echo keep >"$T/target.csv" && ln -s "$T/target.csv" "$T/link.csv"
expect 2 "--rejects naming a symbolic link is a usage error" "$N" validate --rejects "$T/link.csv" "$good"
check "... saying what it is" grep -q "link.csv: a symbolic link, not a regular file" "$T/err"
check "... leaving the link in place" test -L "$T/link.csv"
check "... and its target as it was" grep -qx keep "$T/target.csv"
mkfifo "$T/fifo" && expect 2 "--rejects naming a named pipe is a usage error" "$N" validate --rejects "$T/fifo" "$good"
check "... which is still a pipe" test -p "$T/fifo"
expect 0 "--rejects naming an existing regular file replaces it" "$N" validate --rejects "$T/target.csv" "$good"
check "... with the rejects" grep -q "^file,line" "$T/target.csv"

# -o names a directory: '' and - are usage errors (- creates nothing).
expect 2 "-o '' is a usage error" "$N" run -q "$good" -o ''
expect 2 "-o - is a usage error" sh -c "cd '$T' && '$N' run -q '$good' -o -"
check "-o - creates no directory named -" test ! -e "$T/-"

# Inspect says 1 when rows are rejected, like validate.
expect 1 "inspect with rejected rows gives exit 1" "$N" inspect "$ex"

# Standard output that cannot be written is an error (exit 4), never lost
# in silence; a closed standard output does not end up in an output file.
expect 4 "validate into a full standard output gives exit 4" sh -c "'$N' validate '$good' >/dev/full"
check "the full standard output is named" grep -q "standard output: cannot write: No space left" "$T/err"
expect 4 "inspect into a full standard output gives exit 4" sh -c "'$N' inspect '$good' >/dev/full"
expect 4 "--help into a full standard output gives exit 4" sh -c "'$N' validate --help >/dev/full"
expect 4 "validate with standard output closed gives exit 4" sh -c "'$N' validate '$good' >&-"
check "the closed standard output is named" grep -q "standard output: cannot write" "$T/err"
"$N" run -q "$ex" -o "$T/open" >/dev/null 2>&1
expect 4 "run with standard output closed gives exit 4" sh -c "'$N' run -q '$ex' -o '$T/closed' >&-"
check "run with standard output closed writes the same files" diff -r "$T/open" "$T/closed"

# Inputs: each file once, nothing skipped without a word.
mkdir -p "$T/loop/sub" && cp "$good" "$T/loop/base.csv" && ln -s .. "$T/loop/sub/up"
expect 0 "a directory holding a link back to itself validates with exit 0" "$N" validate "$T/loop"
check "... and its file is read once" grep -q "total: 1 file " "$T/out"
check "... and the link is named in a warning" grep -q "warning: $T/loop/sub/up: a link to the directory $T/loop" "$T/err"
expect 0 "the same file named twice validates with exit 0" "$N" validate "$good" "$good"
check "... and is read once" grep -q "total: 1 file " "$T/out"
check "... with a warning" grep -q "warning: $good: named more than once: read once" "$T/err"
cp "$good" "$T/copy.csv"
expect 0 "a copy of a file validates with exit 0" "$N" validate "$good" "$T/copy.csv"
check "... and is read once, naming both" grep -q "warning: $T/copy.csv: the same content as $good" "$T/err"
mkdir "$T/dev" && cp "$good" "$T/dev/good.csv" && ln -s /dev/zero "$T/dev/zero.csv" && mkfifo "$T/dev/pipe.csv"
expect 3 "a link to /dev/zero and a pipe in a directory give exit 3" "$N" validate "$T/dev"
check "... naming the link" grep -q "error: $T/dev/zero.csv: a link to a character device (/dev/zero)" "$T/err"
check "... naming the pipe" grep -q "error: $T/dev/pipe.csv: a named pipe" "$T/err"
check "... and the other file is still read" grep -q "total: 1 file " "$T/out"
deep="$T/deep"; mkdir "$deep" && cp "$good" "$deep/top.csv"
d="$deep"; for i in $(seq 1 33); do d="$d/d$i"; done; mkdir -p "$d" && cp "$good" "$d/too_deep.csv"
expect 3 "a directory past the depth limit gives exit 3" "$N" validate "$deep"
check "... naming it" grep -q "error: $d: more than 32 directory levels deep" "$T/err"
mkdir "$T/exports" && cp "$good" "$T/exports/svar.csv"
(cd "$T/exports" && "$N" run -q . -o results >/dev/null 2>&1)
expect 0 "run . again in a folder holding its earlier results" sh -c "cd '$T/exports' && '$N' run . -o results"
check "... does not read them" grep -q "^needmap run: 1 input," "$T/out"
check "... and says so" grep -q "note: ./results: needmap's own output directory" "$T/err"

# An unreadable directory: permission bits do not stop root, so the check
# runs as nobody when root (setpriv), and is skipped where it cannot.
mkdir -p "$T/perm/locked" && cp "$good" "$T/perm/open.csv" && cp "$good" "$T/perm/locked/x.csv"
chmod 755 "$T" "$T/perm" && chmod 644 "$T/perm/open.csv" && chmod 000 "$T/perm/locked"
as_user=""
if [ "$(id -u)" -ne 0 ]; then as_user=" "
elif command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
if [ -n "$as_user" ]; then
    # shellcheck disable=SC2086 # as_user is a command prefix, or blank
    expect 3 "an unreadable subdirectory gives exit 3" $as_user "$N" validate "$T/perm"
    check "... naming it" grep -q "error: $T/perm/locked: cannot read this directory: Permission denied" "$T/err"
    check "... and the other file is still read" grep -q "total: 1 file " "$T/out"
else
    echo "ok - # SKIP unreadable subdirectory: running as root without setpriv to drop privileges"
fi
chmod 700 "$T/perm/locked"

# Two exports that need different mappings are pooled in one run: one
# mapping file with a mapping per kind of export ("files" globs), and a
# mapping file beside an export (EXPORT.mapping.json), which wins.
mkdir "$T/pool" && cd "$T/pool" || exit 2
printf 'Arbetsplats;Befattning;Hur många?\nArjeplog;Sjuksköterska;3\n' >kommun_2506.csv
printf '[{"ort": "Arvidsjaur", "jobb": "Sjuksköterska", "st": "2"}]\n' >enkat.json
printf 'Plats,Titel,N\nArvidsjaur,Sjuksköterska,4\n' >hand.csv
printf '{"columns": {"Plats": "municipality", "Titel": "competence", "N": "count"}}\n' >hand.mapping.json
cat >all.mapping.json <<'JSON'
{"mappings": [
  {"files": "kommun_*.csv", "columns": {"Arbetsplats": "municipality", "Befattning": "competence", "Hur många?": "count"}},
  {"files": "*.json", "columns": {"ort": "municipality", "jobb": "competence", "st": "count"}}]}
JSON
expect 0 "run pools exports read with different mappings" "$N" run --internal --mapping all.mapping.json . -o "$T/pool_out"
check "... every row accepted" grep -q "3 inputs, 5 rows read, 3 accepted, 0 rejections" "$T/out"
check "... the mapping beside an export is no input" grep -q "note: ./hand.mapping.json: a mapping file" "$T/err"
check "... and their needs pooled in the county" \
    grep -q "^yes,rollup,county,25,Norrbottens län,given,ssyk,2221,.*,9,9,9,0,3,3," "$T/pool_out/demand.csv"
# More groups with nothing in common than --cluster-kmax allows (three
# exports, each its own town and respondent, no shared SSYK group): one
# cluster per group, with a note (this read before the candidate list).
mkdir -p "$T/cl3"
printf 'Kommun;Yrke;Antal;Behov\nKiruna;Undersköterska;3;Rekrytering\nKiruna;Sjuksköterska;2;Rekrytering\n' >"$T/cl3/a.csv"
printf 'Kommun;Yrke;Antal;Behov\nMalmö;Elektriker;2;Rekrytering\nMalmö;Lastbilsförare;3;Rekrytering\n' >"$T/cl3/b.csv"
printf 'Kommun;Yrke;Antal;Behov\nUmeå;Kock;2;Rekrytering\nUmeå;Förskollärare;3;Rekrytering\n' >"$T/cl3/c.csv"
expect 0 "three unrelated groups with --cluster-kmax 2 and no resamples" "$N" run -q \
    --taxonomy-weight 0 --cluster-resamples 0 --cluster-kmax 2 --min-respondents 1 "$T/cl3" \
    -o "$T/cl3_o"
check "... make one cluster per group and say why" \
    grep -q "3 competence clusters (k adjusted" "$T/out"
check "... with the note in summary.json" \
    grep -q "more than the 2 clusters allowed: one cluster per group" "$T/cl3_o/summary.json"
cd "$ROOT" || exit 2
echo "$fails failed"
[ $fails -eq 0 ]
