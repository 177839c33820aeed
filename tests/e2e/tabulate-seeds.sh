#!/usr/bin/env bash
# tabulate-seeds.sh BIN SOURCE SHARED: SCHEMA 13 on the seeds.
exec python3 "$2/tests/e2e/tabulate-seeds.py" "$1" "$2"
