#!/usr/bin/env bash
# score.sh BIN SOURCE SHARED - the accuracy scoring over shared/real/ must
# find no wrong value (exit 77 when shared/ is absent).
set -u
bin=$1 src=$2 shared=$3
[ -d "$shared/real/truth" ] || { echo "skip: $shared/real/truth not found"; exit 77; }
exec python3 "$src/scripts/score" --bin "$bin" --shared "$shared" --min-correct 55
