#!/bin/sh
# xlsx_same_as_csv.sh SOURCE_ROOT - `needmap run` on the example survey saved as
# workbooks (catalogue case 120) gives what it gives on the CSV exports: the same
# demand, rankings, cohorts, residual and clusters byte for byte, and the same
# rejections (reason codes; the rows are numbered as each file numbers them).
set -u
root=${1:?usage: xlsx_same_as_csv.sh SOURCE_ROOT}
: "${NEEDMAP:=$root/build/needmap}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/needmap-xlsx.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C
export LC_ALL
# --bootstrap 0: the bootstrap's weights follow the respondents' identities,
# and a respondent without a respondent column is known by its file's name
# (the workbooks are named otherwise), so the intervals differ; the figures
# must not.
"$NEEDMAP" run -q --bootstrap 0 "$root/surveys/example" -o "$tmp/csv" >/dev/null 2>&1
a=$?
"$NEEDMAP" run -q --bootstrap 0 "$root/tests/catalogue/cases/120_xlsx_example_survey" -o "$tmp/xlsx" >/dev/null 2>&1
b=$?
status=0
if [ $a -ne 1 ] || [ $b -ne 1 ]; then
    echo "exit codes $a (CSV) and $b (workbooks), expected 1 and 1 (the example's rejections)"
    status=1
fi
for f in demand.csv ranking.csv cohorts.csv residual.csv clusters.csv; do
    if ! cmp -s "$tmp/csv/$f" "$tmp/xlsx/$f"; then
        echo "$f differs:"
        diff "$tmp/csv/$f" "$tmp/xlsx/$f" | head -20
        status=1
    fi
done
cut -d, -f4 "$tmp/csv/rejects.csv" | sort >"$tmp/r1"
cut -d, -f4 "$tmp/xlsx/rejects.csv" | sort >"$tmp/r2"
if ! cmp -s "$tmp/r1" "$tmp/r2"; then
    echo "rejections differ:"
    diff "$tmp/r1" "$tmp/r2"
    status=1
fi
[ $status -eq 0 ] && echo "ok: the workbooks give the CSV exports' demand, rankings, cohorts and rejections"
exit $status
