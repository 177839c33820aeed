#!/usr/bin/env bash
# aggregate-csv.sh BIN SOURCE SHARED: CSV read back by python csv, mlr, datamash;
# the shard/merge property; hostile merge inputs.
exec python3 "$2/tests/e2e/aggregate-csv.py" "$1" "$2"
