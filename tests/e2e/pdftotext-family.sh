#!/usr/bin/env bash
# pdftotext-family.sh BIN SOURCE SHARED - reports of the un-laid-out pdftotext
# family (PDFs built here, read by plain pdftotext; simulated reading orders)
# must give no wrong cell (exit 77 when pdftotext is absent).
set -u
bin=$1 src=$2 shared=$3
command -v pdftotext >/dev/null || { echo "skip: no pdftotext"; exit 77; }
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
python3 "$src/tests/e2e/pdftotext-family.py" "$bin" "$src" "$work" "$shared"
