#!/usr/bin/env bash
# readme.sh BIN SOURCE SHARED - every command of README.md's code blocks
# runs (exit 0 or 1) in a folder holding what they name: reports.tar.gz,
# reports-2024.tar.gz, more.tar.gz, extra.zip and scraped/ (texts and a
# tar.gz) built from corpus/, corpus/ itself, and build/bin/.
# scripts/nightly and scripts/test (which build) are left to CI; jq lines
# need jq, parallel lines GNU parallel.  The jq example that lists
# reports failing a rule must agree with aggregate's n_check_failures.
set -u
bin=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); echo "ok   $1"; }
no() { fails=$((fails + 1)); echo "FAIL $1"; }
cd "$tmp" || exit 2
mkdir -p build scraped
ln -s "$bin" build/bin
cp -r "$src/corpus" corpus
cp "$src"/corpus/seeds/*.txt scraped/
(cd "$src/corpus" && cmake -E tar czf "$tmp/scraped/seeds.tar.gz" seeds)
cp "$src"/corpus/seeds/000_*.txt ./-a-file-named-with-a-dash.txt
cmake -E tar czf reports.tar.gz corpus/seeds
cp reports.tar.gz reports-2024.tar.gz
cp reports.tar.gz more.tar.gz
(cd corpus/seeds && cmake -E tar cf ../../extra.zip --format=zip .)
mkdir path && for s in extract normalize tabulate aggregate nianbao; do ln -s "$bin/$s" path/; done
export PATH=$tmp/path:$PATH

# The commands: lines of ``` blocks, joined when they end in | or \.
python3 - "$src/README.md" >commands <<'EOF'
import sys
cmds, cur, inblock = [], "", False
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("```"):
        inblock = not inblock
        continue
    if not inblock:
        continue
    cur = (cur + "\n" + line) if cur else line
    if line.rstrip().endswith(("|", "\\")):
        continue
    cmds.append(cur)
    cur = ""
for c in cmds:
    print(c.replace("\n", "\x1f"))
EOF
n=0
while IFS= read -r cmd; do
    cmd=${cmd//$'\x1f'/$'\n'}
    case $cmd in scripts/*) continue ;; esac
    case $cmd in *jq*) command -v jq >/dev/null || { echo "skip (no jq): $cmd"; continue; } ;; esac
    case $cmd in *parallel*) command -v parallel >/dev/null || { echo "skip (no GNU parallel): $cmd"; continue; } ;; esac
    n=$((n + 1))
    bash -o pipefail -c "$cmd" >"out.$n" 2>"err.$n" </dev/null
    st=$?
    if [ "$st" -le 1 ]; then ok "README: $cmd"; else no "README: $cmd: exit $st: $(head -3 "err.$n")"; fi
done <commands
[ "$n" -ge 8 ] && ok "$n README commands run" || no "only $n README commands found"

# the jq example lists exactly the reports aggregate counts as failing a rule
if command -v jq >/dev/null; then
    jqline=$(grep -m1 "^jq .*failing a rule" "$src/README.md" | sed 's/  *#.*//')
    build/bin/extract corpus/seeds | build/bin/normalize | build/bin/tabulate >r.jsonl
    got=$(bash -c "${jqline/reports.jsonl/r.jsonl}" | sort)
    want=$(build/bin/aggregate --by doc --metrics t3.new.total r.jsonl |
        awk -F, 'NR > 1 && $4 > 0 { print $1 }' | sort)
    if [ -n "$want" ] && [ "$got" = "$want" ]; then
        ok "the jq example lists the reports failing a rule ($(echo "$want" | wc -l))"
    else
        no "the jq example lists '$got', aggregate counts '$want'"
    fi
    # records list failing checks only (version 2): the plain select says the same
    all=$(jq -r 'select(.checks | length > 0) | .doc' r.jsonl | sort)
    [ "$all" = "$want" ] && ok "select(.checks | length > 0) lists the same reports" ||
        no "select(.checks | length > 0) lists '$all'"
fi
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
