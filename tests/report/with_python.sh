#!/bin/sh
# with_python.sh MODULE SCRIPT ARGS... - run SCRIPT with the first python3
# that can import MODULE (a pyenv python3 on PATH may lack Debian's
# python3-openpyxl, which /usr/bin/python3 has).  Fails, naming the
# package, when none can: .ci/test installs it.
set -u
module=$1; shift
for py in python3 /usr/bin/python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c "import $module" 2>/dev/null; then
        exec "$py" "$@"
    fi
done
echo "not ok - no python3 can import $module: install python3-$module (sh .ci/test does)"
exit 1
