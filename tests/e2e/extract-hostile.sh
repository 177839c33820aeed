#!/usr/bin/env bash
# extract over the bad-input suite (hostile-inputs.py builds it; issue 15):
# every input and every member is a document or an error record, whatever
# its bytes; damage is an error record and exit 1, never data; and extract
# over the whole suite at once accounts for every member and exits 1.
. "$(dirname "$0")/extract-common.bash"
cd "$tmp"
python3 "$here/hostile-inputs.py" "$src/corpus/seeds" cases || { echo "cannot build the cases"; exit 1; }

# records FILE.out: "DOC<TAB>doc" or "DOC<TAB>error=CODE" per record, sorted
records() {
    python3 - "$1" <<'EOF'
import json, sys
out = []
for line in open(sys.argv[1], "rb").read().split(b"\n"):
    if line.startswith(b"\x1e"):
        h = json.loads(line[1:])
        kind = "error=" + h["error"]["code"] if "error" in h else "doc"
        out.append("%s\t%s" % (h["doc"], kind))
print("\n".join(sorted(out)))
EOF
}

cut -f1 cases/MANIFEST | uniq >files
while read -r f; do
    want_rc=$(awk -F'\t' -v f="$f" '$1 == f { print $2; exit }' cases/MANIFEST)
    (cd cases && "$bin/extract" "$f" >"../$f.out" 2>"../$f.err" </dev/null)
    rc=$?
    summarise "$f"
    expect_rc "$f" "$want_rc"
    checks=$((checks + 1))
    awk -F'\t' -v f="$f" '$1 == f { print $3 "\t" $4 }' cases/MANIFEST | sort >"$f.want"
    records "$f.out" >"$f.got"
    # "any": a document or an error record of any code
    if ! python3 - "$f.want" "$f.got" <<'EOF'; then
import sys
want = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
got = [l.split("\t") for l in open(sys.argv[2]).read().splitlines()]
for d, k in want:
    hit = next((g for g in got if g[0] == d and (k == "any" or g[1] == k)), None)
    if hit is None:
        sys.exit("missing: %s %s" % (d, k))
    got.remove(hit)
if got:
    sys.exit("unexpected: %s" % got)
EOF
        fail "$f: records differ from the manifest:"
        diff "$f.want" "$f.got" | sed 's/^/    /'
    fi
    # every record is said on stderr too, with no raw control byte
    checks=$((checks + 1))
    if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$f.err"; then
        fail "$f: a raw control byte in a diagnostic"
    fi
done <files

# nothing past HTML depth 256 is lost
body font.html '末行'
checks=$((checks + 1))
[ "$(grep -c '^行$' font.html.out)" = 400 ] || fail "font.html: $(grep -c '^行$' font.html.out) lines of 400"
body div.html '深处'

# the whole suite as one run: every member accounted for, exit 1
(cd cases && "$bin/extract" $(cat ../files) >../all.out 2>../all.err </dev/null)
rc=$?
summarise all
expect_rc all 1
checks=$((checks + 1))
[ "$(grep -c $'^\x1e' all.out)" = "$(wc -l <cases/MANIFEST)" ] ||
    fail "all: $(grep -c $'^\x1e' all.out) records, want $(wc -l <cases/MANIFEST)"

# the same operand twice: two ids
(cd cases && "$bin/extract" empty-member.tar empty-member.tar nul-led.txt nul-led.txt >../twice.out 2>/dev/null)
summarise twice
checks=$((checks + 1))
[ "$(records twice.out | cut -f1 | sort | uniq -d)" = "" ] || fail "twice: repeated ids"
has twice 'empty-member.tar\#2!a.txt'
has twice 'nul-led.txt\#2'

# document ids are unique in every output
checks=$((checks + 1))
dups=$(records all.out | cut -f1 | sort | uniq -d)
[ -z "$dups" ] || fail "repeated doc ids: $dups"
finish
