#!/usr/bin/env bash
# Every man page in the tree (stages/*/*.[1-8], pipeline/*.[1-8], scripts/) renders
# with groff without a warning, and has NAME, SYNOPSIS or DESCRIPTION.
# Skips (77) without groff (scripts/setup installs groff-base).
set -u
src=$2
command -v groff >/dev/null || { echo "skip: no groff"; exit 77; }
export LC_ALL=C.UTF-8
fails=0 n=0
for page in "$src"/stages/*/*.[1-8] "$src"/pipeline/*.[1-8] "$src"/scripts/*.[1-8]; do
    [ -f "$page" ] || continue
    n=$((n + 1))
    rel=${page#"$src"/}
    warn=$(groff -mandoc -Tutf8 -ww -z "$page" 2>&1)
    if [ -n "$warn" ]; then
        echo "FAIL: $rel: groff warnings:"
        echo "$warn" | head -10
        fails=$((fails + 1))
        continue
    fi
    text=$(groff -mandoc -Tutf8 "$page" 2>/dev/null | col -b 2>/dev/null || groff -mandoc -Tascii -P-cbou "$page")
    for section in NAME DESCRIPTION; do
        grep -q "^$section" <<<"$text" || { echo "FAIL: $rel: no $section section"; fails=$((fails + 1)); }
    done
done
[ "$n" -gt 0 ] || { echo "FAIL: no man pages found under $src"; exit 1; }
echo "$((n - fails)) passed, $fails failed"
[ "$fails" = 0 ]
