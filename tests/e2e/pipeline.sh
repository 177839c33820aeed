#!/usr/bin/env bash
# pipeline.sh BIN SOURCE SHARED - the whole job, end to end: a tar.gz built
# here from corpus/ plus a corrupt member, and a junk file beside it, through
# 'nianbao run' into CSV.  Asserts the seeds' numbers and that every error
# record reached errors.csv with the stage that wrote it.
set -u
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); echo "ok   $1"; }
no() { fails=$((fails + 1)); echo "FAIL $1"; }
expect() { # expect NAME WANT GOT
    if [ "$2" = "$3" ]; then ok "$1"; else no "$1: want '$2', got '$3'"; fi
}

# The archive: the corpus tree, a zip member cut in half, a binary member.
mkdir -p "$tmp/tree"
cp -r "$src/corpus" "$tmp/tree/"
(cd "$tmp/tree" && cmake -E tar cf ../inner.zip --format=zip corpus/seeds/000_*.txt)
head -c 700 "$tmp/inner.zip" >"$tmp/tree/corpus/broken.zip"
python3 -c 'import random,sys; r=random.Random(7); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(4096)))' \
    >"$tmp/tree/corpus/binary.bin"
(cd "$tmp/tree" && cmake -E tar czf ../reports.tar.gz corpus)
head -c 3000 /dev/zero | tr '\0' '\377' >"$tmp/junk.dat"

"$bin/nianbao" run -q -o "$tmp/out" "$tmp/reports.tar.gz" "$tmp/junk.dat"
status=$?
out=$tmp/out
expect "exit status 1: finished, with error records" 1 "$status"
for f in rollup.csv region.csv reports.csv rates.csv rollup-long.csv checks.csv errors.csv \
    reports.jsonl; do
    if [ -s "$out/$f" ]; then ok "$f written"; else no "$f missing or empty"; fi
done

# Every error record of the stream is a row of errors.csv, with its stage.
python3 - "$out" <<'EOF' || fails=$((fails + 1))
import csv, json, sys
out = sys.argv[1]
recs = [json.loads(l) for l in open(out + "/reports.jsonl", encoding="utf-8")]
errs = {(r["doc"], r["error"]["stage"], r["error"]["code"]) for r in recs if "error" in r}
rows = list(csv.DictReader(open(out + "/errors.csv", encoding="utf-8-sig", newline="")))
got = {(r["doc"], r["stage"], r["code"]) for r in rows}
bad = []
if errs != got or len(rows) != len(errs):
    bad.append("errors.csv %s != error records %s" % (sorted(got), sorted(errs)))
docs = " ".join(d for d, s, c in got)
for want in ("broken.zip", "binary.bin", "junk.dat", "README.md"):
    if want not in docs:
        bad.append("no error row for " + want)
if not all(s in ("extract", "normalize", "tabulate", "aggregate") for d, s, c in got):
    bad.append("an error without a stage")
print(("FAIL " + "; ".join(bad)) if bad else "ok   %d error records, all in errors.csv with their stage" % len(errs))
sys.exit(1 if bad else 0)
EOF

# The seeds' numbers (SCHEMA 13).
python3 - "$out" <<'EOF' || fails=$((fails + 1))
import csv, sys
out = sys.argv[1]
def table(name):
    return list(csv.DictReader(open("%s/%s" % (out, name), encoding="utf-8-sig", newline="")))
bad = []
def expect(what, want, got):
    if want != got:
        bad.append("%s: want %r, got %r" % (what, want, got))
reports = {r["doc"].rsplit("/", 1)[-1][:3]: r for r in table("reports.csv") if "seeds/" in r["doc"]}
expect("seed reports", ["000", "001", "002", "003", "004"], sorted(reports))
s4, s2 = reports.get("004", {}), reports.get("002", {})
expect("004 t3.new.total", "1", s4.get("t3.new.total"))
expect("004 t2.art20_5.license.decisions", "7", s4.get("t2.art20_5.license.decisions"))
expect("004 t3.result_total.total", "0", s4.get("t3.result_total.total"))
expect("004 n_check_failures", "1", s4.get("n_check_failures"))
expect("002 n_reports", "1", s2.get("n_reports"))
expect("002 sums", [], [k for k, v in s2.items() if k.startswith("t") and v != ""])
expect("000 t3.result_total.total (truncated table: null, not 0)", "",
       reports.get("000", {}).get("t3.result_total.total"))
rollup = table("rollup.csv")
def total(col):
    return sum(int(r[col]) for r in rollup if r[col] != "")
expect("reports in rollup.csv", 5, total("n_reports"))
expect("license decisions in rollup.csv", 7, total("t2.art20_5.license.decisions"))
expect("new applications in rollup.csv", 1, total("t3.new.total"))
expect("check failures in rollup.csv", 1, total("n_check_failures"))
checks = table("checks.csv")
expect("failed checks", sorted(["c.t3.balance.natural", "c.t3.balance.total",
                                "c.t3.results.natural", "c.t3.results.total"]),
       sorted(r["rule"] for r in checks))
# By province: tabulate resolves every seed's region (DESIGN 2.2, 3).
byprov = {r["province"]: r for r in rollup}
# the error records (corrupt member, junk) sit in the row with no province
expect("provinces", sorted(["", "宁夏回族自治区", "山东省", "河南省", "黑龙江省"]), sorted(byprov))
expect("errors in the no-province row", "4", byprov.get("", {}).get("n_errors"))
expect("宁夏 license decisions", "7", byprov.get("宁夏回族自治区", {}).get("t2.art20_5.license.decisions"))
expect("黑龙江 reports", "2", str(sum(int(r["n_reports"]) for r in rollup
                                     if r["province"] == "黑龙江省")))
expect("黑龙江 categories", sorted(["civil_affairs", "subdistrict"]),
       sorted(r["category"] for r in rollup if r["province"] == "黑龙江省"))
expect("山东 (seed 002) sums", "", byprov.get("山东省", {}).get("t3.new.total"))
long = table("rollup-long.csv")
expect("long rollup: license decisions", 7, sum(int(r["sum"]) for r in long
        if r["metric"] == "t2.art20_5.license.decisions" and r["sum"] != ""))
print(("FAIL " + "\nFAIL ".join(bad)) if bad else "ok   the seeds' numbers in reports, rollup, long and checks")
sys.exit(1 if bad else 0)
EOF
[ $? -eq 0 ] && passes=$((passes + 2))

# The long rollup merges back into the province,category table.
if "$bin/nianbao" aggregate --bom --merge --by province,category "$out/rollup-long.csv" |
    cmp -s - "$out/rollup.csv"; then
    ok "rollup-long.csv merges into rollup.csv"
else
    no "rollup-long.csv does not merge into rollup.csv"
fi

# Trouble is status 2: an unreadable operand, an unwritable OUTDIR.
"$bin/nianbao" run -q -o "$tmp/out2" "$tmp/no-such.tar.gz" >/dev/null 2>&1
expect "missing operand: exit 2" 2 $?
: >"$tmp/file"
"$bin/nianbao" run -q -o "$tmp/file/out" "$tmp/reports.tar.gz" >/dev/null 2>&1
expect "OUTDIR not a directory: exit 2" 2 $?
"$bin/nianbao" frobnicate >/dev/null 2>&1
expect "unknown command: exit 2" 2 $?
"$bin/nianbao" aggregate --by nowhere </dev/null >/dev/null 2>&1
expect "stage dispatch passes the stage's status" 2 $?

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
