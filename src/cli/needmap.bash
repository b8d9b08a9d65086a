# bash completion for needmap(1).  Installed by `meson install` as
# share/bash-completion/completions/needmap.  Options are read from the
# command's own --help, so completion never drifts from the program.

_needmap_options()
{
    "$1" "$2" --help 2>/dev/null | grep -oE -- '(^|[ ,])--?[a-z][a-z-]*' |
        sed 's/^[ ,]*//' | sort -u
}

# Options of a command that take a value (written "--option VALUE" in its help).
_needmap_valued()
{
    "$1" "$2" --help 2>/dev/null | grep -oE -- '--?[a-z][a-z-]* [A-Z]+' | sed 's/ .*//' | sort -u
}

_needmap()
{
    local cur prev cmd i
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        validate | inspect | run | audit | help) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W 'validate inspect run audit help --version --help' -- "$cur"))
        return
    fi
    if [[ $cmd == help ]]; then
        COMPREPLY=($(compgen -W 'validate inspect run audit help' -- "$cur"))
        return
    fi
    case $prev in
    -o | --output)
        COMPREPLY=($(compgen -d -- "$cur")); return ;;
    -m | --mapping | --rules | --scenario)
        COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur")); return ;;
    -s | --synonyms | --distances | --frame | --placements | --rejects)
        COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --pool-by)
        COMPREPLY=($(compgen -W 'competence cluster' -- "$cur")); return ;;
    --lang)
        COMPREPLY=($(compgen -W 'sv en' -- "$cur")); return ;;
    --publish)
        COMPREPLY=($(compgen -W 'municipality county ssyk3 county,ssyk3' -- "$cur")); return ;;
    -*)
        # any other option with a value (a number): nothing to offer
        if _needmap_valued "${COMP_WORDS[0]}" "$cmd" | grep -qxF -- "$prev"; then
            return
        fi ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_needmap_options "${COMP_WORDS[0]}" "$cmd")" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _needmap needmap
