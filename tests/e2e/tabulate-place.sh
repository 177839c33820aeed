#!/usr/bin/env bash
# tabulate-place.sh BIN SOURCE SHARED: data lookup, --regions overrides and
# bad data files (each a clear message and exit 2).
set -u
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$bin/extract" "$src/corpus/seeds/001_148ca16f23ea2526.txt" > "$tmp/doc" || fail "extract"
region() { python3 -c 'import json,sys; r=json.loads(sys.stdin.readline()); print(r["region"]["code"], r["region"]["status"], r["region"].get("by"))'; }

# default lookup (the source tree's data/) and an explicit --data-dir
got=$("$bin/tabulate" < "$tmp/doc" | region)
[ "$got" = "410726 resolved name" ] || fail "default data: $got"
got=$("$bin/tabulate" --data-dir "$src/data" < "$tmp/doc" | region)
[ "$got" = "410726 resolved name" ] || fail "--data-dir: $got"

# overrides by doc id and by agency; comments and blank lines are skipped
doc=$(head -1 "$tmp/doc" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read()[1:])["doc"])')
printf '# mine\n\n%s\t410700\n' "$doc" > "$tmp/by-doc"
got=$("$bin/tabulate" --regions "$tmp/by-doc" < "$tmp/doc" | region)
[ "$got" = "410700 resolved user" ] || fail "override by doc: $got"
printf '延津县民政局\t410000\n' > "$tmp/by-agency"
got=$("$bin/tabulate" --regions "$tmp/by-agency" < "$tmp/doc" | region)
[ "$got" = "410000 resolved user" ] || fail "override by agency: $got"

expect2() { # what, then the command; wants exit 2, no stdout, a message naming the file
    local what=$1; shift
    "$@" < "$tmp/doc" > "$tmp/out" 2> "$tmp/err"
    local rc=$?
    [ $rc -eq 2 ] || fail "$what: exit $rc, want 2"
    [ ! -s "$tmp/out" ] || fail "$what: wrote output"
    grep -q '^tabulate: ' "$tmp/err" || fail "$what: no diagnostic: $(cat "$tmp/err")"
}
printf 'x\t999999\n' > "$tmp/unknown"
expect2 "unknown override code" "$bin/tabulate" --regions "$tmp/unknown"
printf 'no tab here\n' > "$tmp/notab"
expect2 "override without tab" "$bin/tabulate" --regions "$tmp/notab"
expect2 "missing override file" "$bin/tabulate" --regions "$tmp/none"
expect2 "missing data dir" env NB_DATA_DIR="$tmp/nowhere" "$bin/tabulate"
mkdir "$tmp/d"
cp "$src/data/aliases.tsv" "$src/data/areacodes.tsv" "$src/data/categories.tsv" "$tmp/d/"
head -c 100000 "$src/data/divisions.tsv.gz" > "$tmp/d/divisions.tsv.gz"
expect2 "truncated table" env NB_DATA_DIR="$tmp/d" "$bin/tabulate"
grep -q 'corrupt or truncated' "$tmp/err" || fail "truncated table message: $(cat "$tmp/err")"
cp "$src/data/divisions.tsv.gz" "$tmp/d/"
printf 'category_id\tchinese_name\tmatch_patterns\tlevel_hints\ngov\t政府\t政府\t\n' > "$tmp/d/categories.tsv"
expect2 "categories without other" env NB_DATA_DIR="$tmp/d" "$bin/tabulate"
rm "$tmp/d/categories.tsv"
expect2 "missing categories" env NB_DATA_DIR="$tmp/d" "$bin/tabulate"

echo "tabulate-place: $fails failed"
[ $fails -eq 0 ]
