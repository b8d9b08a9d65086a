#!/bin/sh
# golden_run.sh [--bless] NAME -- ARGS...
# Runs "$NEEDMAP run ARGS... -o TMP" from the source root and compares
# stdout, stderr, the exit code and every file written with
# tests/golden/expected/NAME/ (the output directory's name is replaced by
# OUT in stdout; needmap.xlsx as its XML parts in xlsx/).
set -u
bless=0
[ "$1" = "--bless" ] && { bless=1; shift; }
name=$1; shift; [ "$1" = "--" ] && shift
root=${NEEDMAP_SOURCE_ROOT:?}
exp="$root/tests/golden/expected/$name"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
LC_ALL=C "${NEEDMAP:?}" run "$@" -o "$tmp/OUT" >"$tmp/stdout" 2>"$tmp/stderr"
echo $? >"$tmp/code"
sed -i "s|$tmp/||g" "$tmp/stdout" "$tmp/stderr"
mkdir -p "$tmp/got"
mv "$tmp/stdout" "$tmp/stderr" "$tmp/code" "$tmp/got/"
[ -d "$tmp/OUT" ] && cp "$tmp"/OUT/* "$tmp/got/"
# needmap.xlsx is a zip: its XML parts are compared, one element per line
if [ -f "$tmp/got/needmap.xlsx" ]; then
    python3 -c '
import os, sys, zipfile
book, out = sys.argv[1], sys.argv[2]
os.makedirs(out)
for name in zipfile.ZipFile(book).namelist():
    path = os.path.join(out, name.replace("/", "__"))
    text = zipfile.ZipFile(book).read(name).decode("utf-8")
    open(path, "w", encoding="utf-8").write(text.replace("><", ">\n<") + "\n")
' "$tmp/got/needmap.xlsx" "$tmp/got/xlsx" || { mkdir -p "$tmp/got/xlsx"; echo unreadable >"$tmp/got/xlsx/ERROR"; }
    rm "$tmp/got/needmap.xlsx"
fi
if [ $bless = 1 ]; then
    rm -rf "$exp" && mkdir -p "$exp" && cp -r "$tmp"/got/* "$exp/"
    echo "blessed $name"; exit 0
fi
diff -ru "$exp" "$tmp/got" && exit 0
echo "golden $name differs"; exit 1
