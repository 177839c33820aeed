#!/usr/bin/env bash
# aggregate-man.sh BIN SOURCE SHARED: the man page formats without a warning
# and documents every long option of 'aggregate --help'.
set -u
bin=$1 src=$2
page=$src/stages/aggregate/aggregate.1
command -v groff >/dev/null || { echo "skip: no groff"; exit 77; }
warn=$(groff -man -Tutf8 -ww "$page" 2>&1 >/dev/null)
if [ -n "$warn" ]; then
    echo "FAIL groff warnings:"
    echo "$warn"
    exit 1
fi
text=$(groff -man -Tutf8 -ww "$page" 2>/dev/null | sed 's/.\x08//g')
status=0
for opt in $("$bin/aggregate" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    if ! grep -q -- "$opt" <<<"$text"; then
        echo "FAIL $opt is not in aggregate.1"
        status=1
    fi
done
[ $status -eq 0 ] && echo "ok   aggregate.1 formats cleanly and names every option"
exit $status
