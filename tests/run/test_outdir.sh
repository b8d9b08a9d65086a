#!/bin/sh
# needmap run's output directory: atomic replacement, killed runs, refusal
# to replace a foreign directory, determinism, --excel and --internal.
set -u
N=${NEEDMAP:?}; ROOT=${NEEDMAP_SOURCE_ROOT:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
cd "$T" || exit 1
cp -r "$ROOT/surveys/example" ex

"$N" run -q ex -o out >/dev/null 2>&1
[ -f out/summary.json ] && [ -f out/demand.csv ] && [ -f out/ranking.csv ] && [ -f out/rejects.csv ] &&
    [ -f out/cohorts.csv ] && [ -f out/residual.csv ] && [ -f out/clusters.csv ] &&
    ok "run writes summary.json, demand.csv, ranking.csv, cohorts.csv, residual.csv, clusters.csv, rejects.csv" ||
    bad "run writes its files"
cp -r out before

# A run killed while reading leaves the earlier DIR exactly as it was.
mkfifo slow.csv
"$N" run -q ex slow.csv -o out >/dev/null 2>&1 &
pid=$!
exec 3>slow.csv                       # needmap now blocks reading slow.csv
printf 'Kommun;Yrke;Antal\nArjeplog;Undersköterska;3\n' >&3
sleep 0.3
kill -9 $pid; wait $pid 2>/dev/null; exec 3>&-
diff -r before out >/dev/null && ok "killed run leaves the earlier DIR intact" ||
    bad "killed run changed DIR"
# (needmap opens slow.csv only after making its temporary directory, so
# once the exec above returned, the directory exists.)
ls -A . | grep -q '^\.out\.needmap-tmp' && ok "killed run left its work in a hidden temporary directory only" ||
    bad "killed run left no temporary directory to clean up"
[ -z "$(find . -maxdepth 1 -name '.out.needmap-tmp-*' -perm /077)" ] &&
    ok "the temporary directory is private while the run lives" || bad "temporary directory readable by others"

# A killed run with no earlier DIR leaves no DIR at all.
"$N" run -q ex slow.csv -o fresh >/dev/null 2>&1 &
pid=$!
exec 3>slow.csv; sleep 0.3; kill -9 $pid; wait $pid 2>/dev/null; exec 3>&-
[ ! -e fresh ] && ok "a new DIR appears whole or not at all" || bad "half a new DIR appeared"

# The next run into the same parent removes what killed runs left (the
# "fresh" run above removed the first one; "live" removes the second), and
# leaves the temporary directory of a run still going.
"$N" run -q ex slow.csv -o live >/dev/null 2>live.err &
pid=$!
exec 3>slow.csv                       # blocked reading: its directory exists
"$N" run -q ex -o out >/dev/null 2>&1
[ -z "$(ls -A . | grep '^\.out\.needmap-tmp\|^\.fresh\.needmap-tmp')" ] && grep -q "note: removed 1 temporary directory left beside live" live.err &&
    ok "the next run removes the leftovers of killed runs" || bad "leftovers of killed runs stay: $(ls -A . | tr '\n' ' ')"
ls -A . | grep -q '^\.live\.needmap-tmp' && ok "a running run's temporary directory is left alone" ||
    bad "a running run's temporary directory was removed"
printf 'Kommun;Yrke;Antal\nArjeplog;Kock;3\n' >&3; exec 3>&-
wait $pid; rc=$?
[ $rc -le 1 ] && [ -f live/summary.json ] && ok "... and that run still finishes" || bad "the running run failed (exit $rc)"
rm -f slow.csv

# -o through a symbolic link is refused; the link and its target stay.
ln -s out olink
"$N" run -q ex -o olink >/dev/null 2>err.txt; rc=$?
[ $rc -eq 2 ] && grep -q "olink: is a symbolic link" err.txt && [ -L olink ] && diff -r before out >/dev/null &&
    [ -z "$(ls -A . | grep '^\.olink')" ] &&
    ok "-o through a symbolic link is refused with exit 2, its target untouched" ||
    bad "-o through a symbolic link (exit $rc): $(ls -A . | tr '\n' ' ')"
rm olink

# A directory needmap did not write is never replaced.
mkdir precious && echo keep >precious/notes.txt
"$N" run -q ex -o precious >/dev/null 2>err.txt; rc=$?
[ $rc -eq 4 ] && [ "$(cat precious/notes.txt)" = keep ] && grep -q "not a needmap output directory" err.txt &&
    ok "a foreign directory is refused with exit 4" || bad "foreign directory (exit $rc)"

# Same inputs in another order, named file by file: byte-identical outputs.
"$N" run -q ex/vasterbotten_foretag.csv ex/intresse_invanare.json ex/norrbotten_kommuner.csv \
    ex/enkat_matris.tsv ex/dorotea_handredigerad.csv -o out2 >/dev/null 2>&1
"$N" run -q ex/dorotea_handredigerad.csv ex/enkat_matris.tsv ex/intresse_invanare.json \
    ex/norrbotten_kommuner.csv ex/vasterbotten_foretag.csv -o out3 >/dev/null 2>&1
diff -r out2 out3 >/dev/null && ok "input order does not change any output byte" ||
    bad "outputs depend on input order"
ln -s ex exlink
"$N" run -q ex exlink -o outl1 >/dev/null 2>&1
"$N" run -q exlink ex -o outl2 >/dev/null 2>&1
diff -r outl1 outl2 >/dev/null && diff -r out outl1 >/dev/null &&
    ok "a directory named twice (itself and a link) is read once, whatever the order" ||
    bad "outputs depend on the order of two names of one directory"
rm exlink
"$N" run -q ex -o out4 >/dev/null 2>&1
diff -r out out4 >/dev/null && ok "two runs give byte-identical outputs" || bad "runs differ"
for t in 1 2 5; do
    "$N" run --threads $t ex -o "t$t" 2>&1 | sed "s|t$t/|DIR/|" >"t$t.stdout"
    "$N" validate --threads $t ex >"v$t.stdout" 2>&1
done
diff -r t1 t2 >/dev/null && diff -r t1 t5 >/dev/null && cmp -s t1.stdout t5.stdout &&
    cmp -s v1.stdout v2.stdout && cmp -s v1.stdout v5.stdout &&
    ok "outputs and messages are byte-identical for 1, 2 and 5 threads" ||
    bad "outputs depend on the thread count"

# --excel: BOM, semicolons, decimal comma (a 2-3 range gives 2.5).
cp -r ex exfrac && printf 'Kommun;Yrke;Antal\nArjeplog;Kock;2-3\n' >exfrac/extra.csv
"$N" run -q --excel --internal exfrac -o xl >/dev/null 2>&1
head -c 3 xl/demand.csv | od -An -tx1 | grep -q "ef bb bf" && head -n 1 xl/demand.csv | grep -q ';' &&
    ok "--excel writes BOM and semicolons" || bad "--excel format"
grep -q ';[0-9]*,5;' xl/demand.csv && ok "--excel writes decimal commas" || bad "--excel decimal comma"

# --internal: every file says so.
"$N" run -q --internal ex -o int >/dev/null 2>&1
for f in demand.csv ranking.csv rejects.csv cohorts.csv residual.csv clusters.csv; do
    head -n 1 "int/$f" | grep -q '^internal_use_only,' && ! cut -d, -f1 "int/$f" | tail -n +2 | grep -vq '^yes$' ||
        bad "--internal marks $f"
done
head -n 2 int/summary.json | grep -q '"INTERNAL"' && ok "--internal marks every file" || bad "--internal summary"
grep -q ',primary$\|,secondary$' int/demand.csv && bad "--internal still suppresses" || ok "--internal suppresses nothing"

# Nothing personal reaches any output.
if grep -rqiE 'example\.se|070-000|Anna Exempel' out int xl; then bad "personal data in outputs"
else ok "no e-mail, phone or name from the inputs reaches an output"; fi

echo "$fails failed"
[ $fails -eq 0 ]
