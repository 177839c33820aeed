#!/usr/bin/env bash
# score-identity.sh BIN SOURCE SHARED - agency, year, region and category of
# the real openings of shared/real/identity/: no confidently wrong region,
# the URL as the path never makes a field worse, and each field of the bare
# files at least the floor (90%; the region with the URL 95%) (exit 77 when shared/ is absent).
set -u
bin=$1 src=$2 shared=$3
[ -d "$shared/real/identity/truth" ] || { echo "skip: $shared/real/identity not found"; exit 77; }
exec python3 "$src/scripts/score-identity" --bin "$bin" --shared "$shared" --min 90 --min-url-region 95
