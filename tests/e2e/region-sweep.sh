#!/usr/bin/env bash
# region-sweep.sh BIN SOURCE SHARED - every city and county of the division
# table, and every 7th township, named as agencies name themselves, must
# resolve to itself or stay honestly ambiguous: scripts/sweep-regions
# exits 1 on any wrong region.
set -u
bin=$1 src=$2
exec python3 "$src/scripts/sweep-regions" --bin "$bin" --data-dir "$src/data" --every 7 --show 3
