#!/usr/bin/env bash
# families.sh BIN SOURCE SHARED - random consistent reports rendered in
# every layout family must come back with no wrong value and each family
# above its floor of correct cells (tests/e2e/families.py).
set -u
bin=$1 src=$2
exec python3 "$src/tests/e2e/families.py" "$bin" --n 30 --seed 7
