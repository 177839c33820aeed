#!/usr/bin/env python3
"""aggregate-csv.py BIN SOURCE - aggregate's CSV as other tools read it, and
the shard/merge property.

Inputs are the golden records (tests/golden/aggregate/*.jsonl).  Every
check prints one line; the script exits 1 when any fails.
"""
import csv
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile

BIN, SRC = sys.argv[1], sys.argv[2]
AGG = os.path.join(BIN, "aggregate")
GOLD = os.path.join(SRC, "tests", "golden", "aggregate")
SEEDS = os.path.join(GOLD, "seeds.jsonl")
EXTRA = os.path.join(GOLD, "extra.jsonl")
BAD = os.path.join(GOLD, "bad.jsonl")
TMP = tempfile.mkdtemp(prefix="agg-e2e-")
failed = passed = 0


def check(name, ok, detail=""):
    global failed, passed
    if ok:
        passed += 1
        print("ok   %s" % name)
    else:
        failed += 1
        print("FAIL %s %s" % (name, detail))


def run(args, stdin=None, want=(0,)):
    p = subprocess.run([AGG] + args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode not in want:
        raise SystemExit("aggregate %s: exit %d: %s" % (" ".join(args), p.returncode,
                                                         p.stderr.decode(errors="replace")))
    return p.stdout


def rows(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def lines(*paths):
    out = []
    for p in paths:
        with open(p, "rb") as f:
            out += f.read().splitlines(keepends=True)
    return out


def write(name, data):
    path = os.path.join(TMP, name)
    with open(path, "wb") as f:
        f.write(b"".join(data) if isinstance(data, list) else data)
    return path


# ---- shard / merge: any split, rolled up --long and merged, is the whole ----

ALL = lines(SEEDS, EXTRA, BAD)
OPTIONS = [
    ["--by", "province,category"],
    ["--by", "doc"],
    ["--by", "year,format,level", "--rates"],
    ["--rates", "--metrics", "t3.*,d.*"],
    ["--by", "agency", "--null", "NA"],
    ["--by", "level,category", "--labels", "zh"],
]


def splits(n, rng, count):
    """count random splits of n lines into shards (line order kept), with
    empty shards and one-line shards among them."""
    for t in range(count):
        k = rng.randint(1, 7)
        owner = [rng.randrange(k) for _ in range(n)]
        if t % 3 == 0 and n:
            owner[rng.randrange(n)] = k  # a one-record shard
            k += 1
        yield [[i for i in range(n) if owner[i] == s] for s in range(k)] + [[]]  # + an empty one


def merge_equals_whole(label, data, opts, rng, count, shard_of=None):
    whole = run(["--long"] + opts, stdin=b"".join(data), want=(0, 1))
    whole_wide = run(opts, stdin=b"".join(data), want=(0, 1))
    ok = True
    for n, parts in enumerate(splits(len(data), rng, count) if shard_of is None
                              else shard_of(rng, count)):
        files = []
        for s, part in enumerate(parts):
            shard = write("shard%d" % s, [data[i] for i in part])
            files.append(write("long%d.csv" % s, run(["--long"] + opts + [shard], want=(0, 1))))
        rng.shuffle(files)  # shards arrive in any order
        merged = run(["--merge", "--long"] + opts + files)
        wide = run(["--merge"] + opts + files)
        # a tree reduction: merge the merges
        half = len(files) // 2
        a = write("a.csv", run(["--merge", "--long"] + opts + files[:half]) if half else
                  run(["--merge", "--long"] + opts + files[:1]))
        b = write("b.csv", run(["--merge", "--long"] + opts + (files[half:] if half else
                                                                files[1:] or [a])))
        tree = run(["--merge", "--long"] + opts + ([a, b] if half else [a]))
        if merged != whole or wide != whole_wide or (half and tree != whole):
            ok = False
            print("  split %d (%s): %d shards differ" % (n, " ".join(opts), len(parts)))
            break
    check("merge %s: %s" % (label, " ".join(opts)), ok)


rng = random.Random(20240601)
for opts in OPTIONS:
    merge_equals_whole("any split, --keep-duplicates", ALL, opts + ["--keep-duplicates"], rng, 6)

# Default duplicate handling holds when each (agency, region, year) stays in
# one shard: duplicates are found within one run (see aggregate(1)).
import json  # noqa: E402


def dup_key(line):
    try:
        r = json.loads(line)
        return (r.get("agency"), (r.get("region") or {}).get("code"), r.get("year"))
    except Exception:
        return ("malformed", line)


def by_key(rng, count):
    keys = sorted({dup_key(l) for l in ALL}, key=repr)
    for _ in range(count):
        k = rng.randint(1, 5)
        owner = {key: rng.randrange(k) for key in keys}
        yield [[i for i, l in enumerate(ALL) if owner[dup_key(l)] == s] for s in range(k)] + [[]]


for opts in OPTIONS[:3]:
    merge_equals_whole("split by agency, region, year", ALL, opts, rng, 4, by_key)

# keys that begin or end with spaces or TABs are keys of their own: a CSV
# reader trims them unless told not to (libcsv does by default)
SPACED = [('{"doc":"%s","agency":"%s","values":{"t3.new.total":%d}}\n' % (d, a, v)).encode()
          for d, a, v in (("x", "局", 1), ("x ", "局 ", 2), (" x", " 局", 4), ("x\\t", "\\t局", 8),
                          ("y", "局", 16))]
for opts in (["--by", "doc"], ["--by", "agency"], ["--by", "agency", "--coverage"]):
    merge_equals_whole("keys with spaces at their ends", SPACED, opts, rng, 3)

# shards of nothing (a host that got no input) are alike byte for byte, and
# merging them counts nothing twice: they are not refused as copies
empty = [write("empty%d.csv" % i, run(["--long", "--by", "province"], stdin=b""))
         for i in range(3)]
some = write("some.csv", run(["--long", "--by", "province", SEEDS]))
p = subprocess.run([AGG, "--merge", "--by", "province", some] + empty, stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE)
check("--merge: empty shards are not copies of each other",
      p.returncode == 0 and p.stdout == run(["--by", "province", SEEDS]), p.stderr)
p = subprocess.run([AGG, "--merge", "--by", "province", some, write("again.csv", open(some, "rb").read())],
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
check("--merge: a copy of a shard that holds groups is still refused",
      p.returncode == 2 and b"a copy of" in p.stderr, p.stderr)

# cat of several long rollups on standard input: a header mid-stream starts a part
parts = [run(["--long", "--by", "province", write("p%d" % i, [l])], want=(0, 1))
         for i, l in enumerate(ALL[:9])]
check("merge of concatenated rollups on stdin",
      run(["--merge", "--long", "--by", "province"], stdin=b"".join(parts)) ==
      run(["--long", "--by", "province", "--keep-duplicates"], stdin=b"".join(ALL[:9])))
# merging to coarser keys: province,category rollups merged --by province
fine = write("fine.csv", run(["--long", "--by", "province,category", SEEDS, EXTRA]))
check("merge regroups to fewer keys",
      run(["--merge", "--by", "province", fine]) == run(["--by", "province", SEEDS, EXTRA]))

# ---- bad merge inputs: counted or refused, never a crash ----
good = run(["--long", "--by", "province", "--metrics", "t3.new.total", SEEDS]).decode()
bad_inputs = {
    "wide table": run(["--by", "province", SEEDS]).decode(),
    "empty": "",
    "unterminated quote": good + '"黑龙江省,2,0,0,0,t3.new.total,0,2,0,0,,\n',
    "coverage that does not add up": good.replace("黑龙江省,2,0,0,0,t3.new.total,0,2,0,0",
                                                  "黑龙江省,2,0,0,0,t3.new.total,0,2,0,1"),
    "sum not a number": good.replace("宁夏回族自治区,1,0,1,0,t3.new.total,1,",
                                     "宁夏回族自治区,1,0,1,0,t3.new.total,x,"),
    "null sum with numbers": good.replace("宁夏回族自治区,1,0,1,0,t3.new.total,1,",
                                          "宁夏回族自治区,1,0,1,0,t3.new.total,,"),
    "unknown metric": good.replace("t3.new.total,1,", "t9.nothing,1,"),
    "negative count": good.replace("黑龙江省,2,0,0,0", "黑龙江省,-2,0,0,0"),
    "short row": good + "河南省,1,0\n",
    "binary": "\x00\x01\x02garbage\n",
}
for name, text in bad_inputs.items():
    path = write("bad-merge.csv", text.encode())
    p = subprocess.run([AGG, "--merge", "--long", "--metrics", "t3.new.total", "--errors",
                        os.path.join(TMP, "merr.csv"), path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err_rows = rows(open(os.path.join(TMP, "merr.csv"), "rb").read())
    check("merge refuses %s (exit %d)" % (name, p.returncode),
          p.returncode in (1, 2) and p.stderr and (p.returncode == 2 or len(err_rows) > 1),
          p.stderr.decode(errors="replace"))

# ---- spreadsheet readiness ----

plain = run(["--by", "doc", SEEDS, EXTRA])
bom = run(["--bom", "--by", "doc", SEEDS, EXTRA])
check("--bom: EF BB BF then the same bytes", bom == b"\xef\xbb\xbf" + plain)
check("--bom: csv with utf-8-sig reads the same rows", rows(bom) == rows(plain))

table = rows(plain)
head = table[0]
by_doc = {r[0]: dict(zip(head, r)) for r in table[1:]}
s002 = by_doc["seeds/002.txt"]
metric_cols = [c for c in head if c.startswith(("t2.", "t3.", "t4."))]
check("seed 002 counts in n_reports", s002["n_reports"] == "1")
check("seed 002 contributes to no sum", all(s002[c] == "" for c in metric_cols))
check("no null printed as 0: seed 000's t3.result_total.total is empty",
      by_doc["seeds/000.txt"]["t3.result_total.total"] == "")

# --null NA: datamash --narm sums what aggregate sums; without --narm it refuses
na = run(["--null", "NA", "--by", "doc", "--metrics", "t3.new.total", SEEDS, EXTRA])
total = run(["--metrics", "t3.new.total", SEEDS, EXTRA])
want = rows(total)[1][-1]
if shutil.which("datamash"):
    d = subprocess.run(["datamash", "-t,", "--header-in", "--narm", "sum", "6"], input=na,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check("--null NA: datamash --narm sum = aggregate's sum (%s)" % want,
          d.returncode == 0 and d.stdout.decode().strip() == want, d.stdout + d.stderr)
    d = subprocess.run(["datamash", "-t,", "--header-in", "sum", "6"], input=na,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check("--null NA: datamash without --narm does not sum NA as 0", d.returncode != 0)
else:
    print("skip datamash: not installed")
check("--null NA: no empty metric cell, NA for seed 002",
      [r[-1] for r in rows(na)[1:] if r[0] == "seeds/002.txt"] == ["NA"])

# a record whose sum one table cannot hold is counted in none: every table
# of one run counts the same reports
big = b"".join(b'{"doc":"d%d","values":{"t3.new.total":1000000000000}}\n' % i for i in range(10))
ta, tb, st = (os.path.join(TMP, n) for n in ("ta.csv", "tb.csv", "st"))
p = subprocess.run([AGG, "-q", "--metrics", "t3.new.total", "--by", "doc", "-o", ta, "--metrics",
                    "t3.new.total", "-o", tb, "--stats", st], input=big, capture_output=True)
by_doc, total = rows(open(ta, "rb").read()), rows(open(tb, "rb").read())
check("a sum out of range: the same reports counted in every table (exit 1)",
      p.returncode == 1 and sum(int(r[1]) for r in by_doc[1:]) == int(total[1][0]) == 9 and
      "reports 9" in open(st).read(), (p.returncode, by_doc[-1], total))

# --null: never a string that a spreadsheet, datamash or pandas reads as a number
for null in ["0", "+0", ".0", "0e0", " 0", "0.", "5%", "inf", "-Infinity", "0x10", "1 ", "1,000",
             "(1)", "1/2", "1-2", "1:2", "１"]:
    p = subprocess.run([AGG, "--null", null, SEEDS], capture_output=True)
    check("--null %r refused (exit 2)" % null, p.returncode == 2 and b"--null" in p.stderr,
          (p.returncode, p.stderr))
for null in ["NA", "NaN", "nan", "-", "n/a", "null", "0a", "无数据（空）", "空"]:
    p = subprocess.run([AGG, "--null", null, SEEDS], capture_output=True)
    check("--null %r taken" % null, p.returncode == 0, (p.returncode, p.stderr))

# --labels zh
zh = rows(run(["--labels", "zh", "--coverage", "--by", "province,category", "--metrics",
               "t4.review.maintain,t3.new.total", SEEDS]))[0]
check("--labels zh: key and count headers", zh[:6] == ["省份", "类别", "报告数", "错误数",
                                                     "校验失败报告数", "重复报告数"], zh)
check("--labels zh: 行政复议·结果维持 from the schema", "行政复议·结果维持" in zh, zh)
check("--labels zh: coverage headers", "行政复议·结果维持·数值报告数" in zh, zh)

# formula injection: no text cell a spreadsheet would evaluate
inj = rows(run(["--by", "agency,doc", "--metrics", "t4.review.total", EXTRA]))
texts = [c for r in inj[1:] for c in r[:2]]
check("formula-like agency names are neutralised",
      not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in texts), texts)
check("neutralised with a leading quote, text kept",
      {"'=SUM(A1)", "'+86 10 1234", "'@x", "'-x", "a\tb局", 'He said "hi", ok'} <= set(texts),
      texts)
check("negative numbers stay numbers",
      "-3" in rows(run(["--metrics", "t2.art20_8.fee.delta_items", EXTRA]))[1])

# round trip: Python's csv module and Miller read the same values
wide = run(["--by", "agency,province", "--coverage", "--rates", EXTRA, SEEDS])
py = rows(wide)
if shutil.which("mlr"):
    m = subprocess.run(["mlr", "--icsv", "--ojsonl", "--no-auto-unflatten", "-S", "cat"], input=wide,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    mrows = [json.loads(l) for l in m.stdout.decode().splitlines()]
    same = m.returncode == 0 and len(mrows) == len(py) - 1 and all(
        [str(v) for v in mr.values()] == r and list(mr.keys()) == py[0]
        for mr, r in zip(mrows, py[1:]))
    check("mlr --icsv reads back what csv reads (%d rows x %d columns)" % (len(py) - 1,
                                                                          len(py[0])), same,
          m.stderr.decode())
else:
    print("skip mlr: not installed")
check("rectangular table", len({len(r) for r in py}) == 1)
check("rows sorted by the group keys",
      [r[:2] for r in py[1:]] == sorted([r[:2] for r in py[1:]],
                                        key=lambda k: [x.encode() for x in k]))

# exact decimals: 0.1 + 0.2 is 0.3, amounts keep their digits
amounts = rows(run(["--by", "city", "--metrics", "t2.art20_8.fee.amount", EXTRA]))
check("0.1 + 0.2 + 25.1 = 25.4 exactly", ["淮安市", "25.4"] == [amounts[2][0], amounts[2][-1]],
      amounts)

# duplicates (DESIGN 5)
d = {r[0]: r for r in rows(run(["--by", "agency", "--metrics", "t3.new.total", SEEDS, EXTRA]))}
k = {r[0]: r for r in rows(run(["--keep-duplicates", "--by", "agency", "--metrics",
                                "t3.new.total", SEEDS, EXTRA]))}
# Both copies have 228 numbers and no failed rule: the smaller doc wins
# (mirror/ < seeds/), whatever the order of the input.
check("a mirror of seed 001 is counted once", d["延津县民政局"][1:] == ["1", "0", "0", "1", "5"],
      d["延津县民政局"])
rev = {r[0]: r for r in rows(run(["--by", "agency", "--metrics", "t3.new.total", EXTRA, SEEDS]))}
check("the same copy wins in either order", rev == d, rev.get("延津县民政局"))
cat = open(SEEDS, encoding="utf-8").read() + open(EXTRA, encoding="utf-8").read()
lines = cat.splitlines(True)
for name, order in (("reversed", lines[::-1]), ("shuffled", lines[1::2] + lines[0::2])):
    p = subprocess.run([AGG, "--by", "doc"], input="".join(order).encode(), capture_output=True)
    q = subprocess.run([AGG, "--by", "doc"], input=cat.encode(), capture_output=True)
    check("--by doc: the same bytes with the records " + name, p.stdout == q.stdout, name)
check("--keep-duplicates counts it", k["延津县民政局"][1:] == ["2", "0", "0", "0", "5"],
      k["延津县民政局"])

# two agencies of one name in two places whose region stays ambiguous share
# the code of the candidates' common ancestor: they are two reports, not
# copies (a resolved pair of the same keys is one)
def twin(doc, status, n):
    return ('{"doc":"%s","agency":"太平镇人民政府","year":2024,"region":{"code":"440000",'
            '"province":"广东省","level":"province","status":"%s"},'
            '"values":{"t3.new.total":%d}}\n' % (doc, status, n)).encode()


amb = rows(run(["--by", "province", "--metrics", "t3.new.total"],
               stdin=twin("a.txt", "ambiguous", 3) + twin("b.txt", "ambiguous", 5)))
check("ambiguous regions: two reports of one name both count", amb[1][1:] == ["2", "0", "0",
                                                                              "0", "8"], amb)
res = rows(run(["--by", "province", "--metrics", "t3.new.total"],
               stdin=twin("a.txt", "resolved", 3) + twin("b.txt", "resolved", 5)))
check("resolved regions: the same keys are copies", res[1][1:5] == ["1", "0", "0", "1"], res)

# write errors and pipes
p = subprocess.run([AGG, SEEDS], stdout=open("/dev/full", "wb"), stderr=subprocess.PIPE)
check("/dev/full: exit 2 with a message", p.returncode == 2 and b"write error" in p.stderr,
      p.stderr)
p = subprocess.run("'%s' --long --by doc '%s' '%s' | head -1 >/dev/null; "
                   "echo ${PIPESTATUS[0]}" % (AGG, SEEDS, EXTRA), shell=True,
                   executable="/bin/bash", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
check("| head ends quietly", p.stderr == b"", p.stderr)
p = subprocess.run([AGG, "--errors", "/nonexistent/dir/e.csv", SEEDS], stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE)
check("unwritable --errors file: exit 2", p.returncode == 2 and p.stderr, p.stderr)

# the copies of keyed reports wait in a temporary file in $TMPDIR: one that
# cannot be made is trouble (exit 2, said), never a silent loss
env = dict(os.environ, TMPDIR=os.path.join(TMP, "no-such-dir"))
p = subprocess.run([AGG, SEEDS], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
check("unwritable $TMPDIR: exit 2 with a message",
      p.returncode == 2 and b"No such file or directory" in p.stderr and b"$TMPDIR" in p.stderr
      and p.stdout == b"",
      (p.returncode, p.stderr))
p = subprocess.run([AGG, "--keep-duplicates", SEEDS], stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE, env=env)
check("unwritable $TMPDIR: --keep-duplicates needs none", p.returncode == 0, p.stderr)
env["TMPDIR"] = TMP
p = subprocess.run([AGG, "--by", "doc", SEEDS, EXTRA], stdout=subprocess.PIPE, env=env)
check("$TMPDIR: the same bytes", p.stdout == run(["--by", "doc", SEEDS, EXTRA]))
check("$TMPDIR: the temporary file is gone", os.listdir(TMP) == [] or
      not any(f.startswith("nianbao-aggregate.") for f in os.listdir(TMP)), os.listdir(TMP))

# a side file named - is a file, not standard output: no clash with the
# table there (two tables on standard output are refused: golden cases)
p = subprocess.run([AGG, "--by", "province", "--errors", "-", SEEDS], cwd=TMP,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
check("--errors -: a file named -, beside the table on standard output",
      p.returncode == 0 and p.stdout == run(["--by", "province", SEEDS]) and
      open(os.path.join(TMP, "-"), encoding="utf-8").readline().startswith("doc,"),
      (p.returncode, p.stderr))
os.remove(os.path.join(TMP, "-"))

# the seed records of the goldens are what tabulate writes (region and
# category aside, which tabulate may not fill yet)
ex, tb = os.path.join(BIN, "extract"), os.path.join(BIN, "tabulate")
if os.path.exists(ex) and os.path.exists(tb):
    corpus = os.path.join(SRC, "corpus", "seeds")
    p = subprocess.run("'%s' '%s' | '%s'" % (ex, corpus, tb), shell=True,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    real = [json.loads(l) for l in p.stdout.decode().splitlines()]
    mine = [json.loads(l) for l in open(SEEDS, encoding="utf-8")]
    for r in real + mine:
        for key in ("doc", "region", "category"):
            r.pop(key, None)
    check("seeds.jsonl matches extract | tabulate on corpus/seeds", real == mine)

shutil.rmtree(TMP)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
