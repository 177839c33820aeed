#!/usr/bin/env bash
# merge-markers.sh BIN SOURCE SHARED - no file of the source, its docs and
# its tests holds a conflict marker left by a merge (a man page printed
# both sides of one for a round: groff does not mind them).
set -u
src=$2
cd "$src" || exit 2
found=$(grep -rnE '^(<<<<<<<|>>>>>>>) ' --include='*.[ch]' --include='*.[15]' --include='*.md' \
    --include='*.sh' --include='*.py' --include='*.bash' --include='*.txt' --include='*.json' \
    --include='*.tsv' pipeline stages scripts tests/e2e tests/unit tests/fuzz/*.[ch] data \
    README.md HACKING.md CMakeLists.txt CMakePresets.json 2>/dev/null)
# scripts without an extension (scripts/nianbao, scripts/test...)
found+=$(grep -lnE '^(<<<<<<<|>>>>>>>) ' scripts/* 2>/dev/null)
if [ -n "$found" ]; then
    echo "FAIL: conflict markers:"
    echo "$found"
    exit 1
fi
echo "ok   no conflict markers"
