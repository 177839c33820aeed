#!/usr/bin/env bash
# normalize-idempotent.sh BIN SOURCE SHARED - on every corpus, seed and real
# file: normalize twice is normalize once, byte for byte; headers pass
# through byte-identical but for the appended "normalize" object (unknown
# fields included); one document out per document in.
set -u
bin=$1 src=$2 shared=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=()
while IFS= read -r f; do files+=("$f"); done < <(find "$src/corpus" -type f ! -name README.md | sort)
if [ -d "$shared" ]; then
    while IFS= read -r f; do files+=("$f"); done < <(find "$shared/seeds" "$shared/real" -maxdepth 1 -type f ! -name 'README*' | sort)
fi
[ ${#files[@]} -gt 0 ] || { echo "skip: no corpus"; exit 77; }
fail=0
for f in "${files[@]}"; do
    # an unknown header field must survive: add one with sed between stages
    "$bin/extract" "$f" | sed 's/^\x1e{/\x1e{"zz_unknown":{"a":[1,"\\u00e9"]},/' >"$tmp/in"
    "$bin/normalize" <"$tmp/in" >"$tmp/once" || { echo "FAIL: $f: normalize exit $?"; fail=1; continue; }
    "$bin/normalize" <"$tmp/once" >"$tmp/twice" || { echo "FAIL: $f: second normalize exit $?"; fail=1; continue; }
    if ! cmp -s "$tmp/once" "$tmp/twice"; then
        echo "FAIL: $f: normalize twice differs from once"
        diff "$tmp/once" "$tmp/twice" | head -5
        fail=1
    fi
    grep -a $'^\x1e' "$tmp/in" >"$tmp/h.in"
    grep -a $'^\x1e' "$tmp/once" | sed 's/,"normalize":{[^}]*}}$/}/' >"$tmp/h.out"
    if ! cmp -s "$tmp/h.in" "$tmp/h.out"; then
        echo "FAIL: $f: headers changed beyond the normalize object"
        diff "$tmp/h.in" "$tmp/h.out" | head -5
        fail=1
    fi
    if ! grep -aq '"zz_unknown":{"a":\[1,"\\u00e9"\]}' "$tmp/once"; then
        echo "FAIL: $f: unknown header field lost"
        fail=1
    fi
    if ! iconv -f UTF-8 -t UTF-8 "$tmp/once" >/dev/null 2>&1; then
        echo "FAIL: $f: output is not UTF-8"
        fail=1
    fi
done
# several documents in one stream: as many out as in
cat "$tmp/in" "$tmp/in" "$tmp/in" | "$bin/normalize" -q >"$tmp/many"
[ "$(grep -ac $'^\x1e' "$tmp/many")" = 3 ] || { echo "FAIL: 3 documents in, not 3 out"; fail=1; }
# /dev/full as stdout: a write error is exit 2
if [ -w /dev/full ]; then
    "$bin/normalize" <"$tmp/in" >/dev/full 2>/dev/null
    [ $? = 2 ] || { echo "FAIL: write error not exit 2"; fail=1; }
fi
[ $fail = 0 ] && echo "normalize-idempotent: ${#files[@]} files ok"
exit $fail
