#!/usr/bin/env bash
# xlsx.sh BIN SOURCE SHARED - aggregate --xlsx and nianbao run's workbook (xlsx.py).
set -u
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
exec python3 "$2/tests/e2e/xlsx.py" "$1" "$2"
