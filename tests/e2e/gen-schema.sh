#!/usr/bin/env bash
# gen-schema.sh BIN SOURCE SHARED - the committed pipeline/schema_table.h and
# pipeline/formula_table.h are what scripts/gen-schema makes of data/schema.tsv and
# data/formulas.tsv; and a formula naming an unknown id is refused.
set -u
src=$2
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
python3 "$src/scripts/gen-schema" "$tmp" || exit 1
for f in schema_table.h formula_table.h; do
    if ! cmp -s "$tmp/$f" "$src/pipeline/$f"; then
        echo "gen-schema.sh: pipeline/$f is not in step with data/: run scripts/gen-schema"
        status=1
    fi
done
# a copy of the tree's generator and data with one bad formula must fail
mkdir -p "$tmp/t/scripts" "$tmp/t/data" "$tmp/t/pipeline"
cp "$src/scripts/gen-schema" "$tmp/t/scripts/"
cp "$src/data/schema.tsv" "$tmp/t/data/"
for bad in "rule	c.x	-	-	t3.new.nowhere = t3.new.total" \
    "rule	c.x	t3.nowhere.@	-	t3.new.@ = t3.new.total" \
    "derive	t3.new.total	-	-	t3.new.natural" \
    "frob	c.x	-	-	t3.new.natural = t3.new.total"; do
    { cat "$src/data/formulas.tsv"; printf '%s\n' "$bad"; } >"$tmp/t/data/formulas.tsv"
    if python3 "$tmp/t/scripts/gen-schema" "$tmp/t/pipeline" 2>/dev/null; then
        echo "gen-schema.sh: accepted a bad formula: $bad"
        status=1
    fi
done
exit $status
