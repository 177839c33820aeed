#!/usr/bin/env bash
# pgo-train.sh BIN SOURCE SHARED - scripts/pgo-train, which trains the release
# build's profile, runs every stage with the options it names (so that it
# cannot rot as options change), and fails when a stage fails (so that
# scripts/build falls back to a build without a profile).
set -u
bin=$1 src=$2
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
if ! "$src/scripts/pgo-train" "$bin" "$tmp/work" 100 2>"$tmp/err"; then
    echo "pgo-train.sh: training failed with the stages of $bin:"
    cat "$tmp/err"
    status=1
fi
[[ -s $tmp/work/train-100.tar.gz ]] || { echo "pgo-train.sh: no training archive"; status=1; }
# a stage in trouble (status 2) must fail the training
mkdir -p "$tmp/bad"
for s in extract normalize tabulate aggregate; do
    ln -s "$bin/$s" "$tmp/bad/$s"
done
for s in normalize aggregate; do
    rm "$tmp/bad/$s"
    printf '#!/bin/sh\ncat >/dev/null; exit 2\n' >"$tmp/bad/$s"
    chmod +x "$tmp/bad/$s"
    if "$src/scripts/pgo-train" "$tmp/bad" "$tmp/work" 100 2>/dev/null; then
        echo "pgo-train.sh: training passed though $s exits 2"
        status=1
    fi
    rm "$tmp/bad/$s"
    ln -s "$bin/$s" "$tmp/bad/$s"
done
[[ $status -eq 0 ]] && echo "pgo-train.sh: ok"
exit $status
