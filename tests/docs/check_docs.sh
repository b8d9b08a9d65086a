#!/bin/sh
# check_docs.sh SOURCE_ROOT BUILD_ROOT
# - every option in every command's --help is described in docs/needmap.1,
#   and the manual describes no option the program does not have;
# - the bash completion offers the commands and each command's options;
# - `meson install` installs the binary, the manual page and the completion.
# Environment: NEEDMAP (the needmap binary).
set -u
src=$1 build=$2
man="$src/docs/needmap.1"
case $NEEDMAP in /*) ;; *) NEEDMAP=$(pwd)/$NEEDMAP ;; esac
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/needmap-docs.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# options in the help texts, and in the manual (written \-\-name there)
for c in validate inspect run audit; do
    "$NEEDMAP" "$c" --help | grep -oE -- '--[a-z][a-z-]*' >>"$tmp/help"
done
sort -u "$tmp/help" -o "$tmp/help"
sed 's/\\-/-/g' "$man" | grep -oE -- '--[a-z][a-z-]*' | grep -vx -- '--version' |
    sort -u >"$tmp/man"
if ! cmp -s "$tmp/help" "$tmp/man"; then
    echo "not ok - options in --help (<) and in needmap.1 (>) differ:"
    diff "$tmp/help" "$tmp/man" | grep '^[<>]'
    fail=1
else
    echo "ok - needmap.1 describes the $(wc -l <"$tmp/help") options of the help texts"
fi

# the completion, as bash would call it
if command -v bash >/dev/null 2>&1; then
    mkdir "$tmp/bin" && ln -s "$NEEDMAP" "$tmp/bin/needmap"
    got=$(PATH="$tmp/bin:$PATH" bash -c '
        . "$1/src/cli/needmap.bash"
        complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _needmap; echo "${COMPREPLY[*]}"; }
        complete_words needmap va
        complete_words needmap run --min-re
        complete_words needmap validate --rej
        complete_words needmap run --pool-by cl
        complete_words needmap run --seed ""
        complete_words needmap run --publish-f' sh "$src")
    want=$(printf '%s\n' validate --min-respondents --rejects cluster "" --publish-file-names)
    if [ "$got" != "$want" ]; then
        echo "not ok - bash completion gave:"; echo "$got"; fail=1
    else
        echo "ok - bash completion offers commands, options and option values"
    fi
fi

# meson install into a staging directory
if meson install -C "$build" --no-rebuild --destdir "$tmp/stage" >"$tmp/install.log" 2>&1; then
    for f in bin/needmap share/man/man1/needmap.1 share/bash-completion/completions/needmap; do
        if [ -z "$(find "$tmp/stage" -path "*/$f" -print -quit)" ]; then
            echo "not ok - meson install did not install $f"; fail=1
        fi
    done
    [ "$fail" -eq 0 ] && echo "ok - meson install installs the binary, needmap.1 and the completion"
else
    echo "not ok - meson install failed:"; tail -n 20 "$tmp/install.log"; fail=1
fi
exit "$fail"
