#!/usr/bin/env python3
"""The expected results of SCHEMA 13 on the five seeds, cell by cell.

Usage: tabulate-seeds.py BIN SOURCE.  Runs extract | tabulate on each seed
and checks tables, formats, statuses, every reported cell and the rule
verdicts against SCHEMA 13 (not against a recorded output).
"""
import json, os, subprocess, sys

bin_dir, src = sys.argv[1], sys.argv[2]
schema = [l.split("\t") for l in open(os.path.join(src, "data/schema.tsv"), encoding="utf-8")][1:]
ids = [r[0] for r in schema]
origin = {r[0]: r[2] for r in schema}
fails = []

def check(cond, what):
    if not cond:
        fails.append(what)

def run(seed):
    path = [os.path.join(src, "corpus/seeds", f) for f in os.listdir(os.path.join(src, "corpus/seeds"))
            if f.startswith(seed)][0]
    ex = subprocess.run([os.path.join(bin_dir, "extract"), path], capture_output=True, check=True)
    tb = subprocess.run([os.path.join(bin_dir, "tabulate"), "--all-checks"], input=ex.stdout,
                        capture_output=True, check=True)
    return json.loads(tb.stdout)

def verdicts(r):
    return {c["rule"]: c["verdict"] for c in r.get("checks", [])}

T3_2021 = ["new", "carried_in", "open", "partial", "deny.secret", "deny.law", "deny.safety",
           "deny.third_party", "deny.internal", "deny.process", "deny.enforcement", "deny.query",
           "unable.not_held", "unable.need_create", "unable.unclear", "decline.petition",
           "decline.repeat", "decline.publication", "decline.mass", "decline.confirm",
           "other.no_correction", "other.unpaid_fee", "other.misc", "result_total", "carried_out"]
T3_2019 = T3_2021[:20] + ["other", "result_total", "carried_out"]
COLS = ["natural", "commercial", "research", "nonprofit", "legal", "other_org", "total"]

def fmt(i):
    return [r[1] for r in schema if r[0] == i][0]

t2_2019 = [i for i in ids if i.startswith("t2.") and fmt(i) in ("2019", "both")]
t2_2021 = [i for i in ids if i.startswith("t2.") and fmt(i) in ("2021", "both")]
t4 = [i for i in ids if i.startswith("t4.")]

def all_zero(r, cells, what):
    for i in cells:
        check(r["values"].get(i, "absent") == 0, "%s: %s is %s, want 0" % (what, i, r["values"].get(i, "absent")))

# 000: t2 2019 x5, t3 undetermined partial (14 rows), t4 header-less
r = run("000")
check(r["agency"] == "岭东区民政局" and r["year"] == 2023, "000 identity")
check(r["tables"]["t2"]["format"] == "2019" and len(r["tables"]["t2"]["subtables"]) == 5, "000 t2 format")
all_zero(r, t2_2019, "000")
check(len([i for i in r["values"] if i.startswith("t2.")]) == 22, "000 t2 count")
check(r["tables"]["t3"] == {"status": "partial", "format": "undetermined"}, "000 t3 table")
rows = T3_2021[:14]
all_zero(r, ["t3.%s.%s" % (w, c) for w in rows for c in COLS], "000")
for w in T3_2021[14:] + ["other"]:
    for c in COLS:
        i = "t3.%s.%s" % (w, c)
        if origin[i] == "reported":
            check(i not in r["values"], "000 %s should be absent" % i)
all_zero(r, ["t3.deny.%s" % c for c in COLS], "000 derived")
for g in ("unable", "decline", "other"):
    for c in COLS:
        check(r.get("states", {}).get("t3.%s.%s" % (g, c)) == "missing", "000 t3.%s.%s missing" % (g, c))
all_zero(r, t4, "000")
check(all("header_inferred" in r.get("flags", {}).get(i, []) for i in t4), "000 t4 header_inferred")
v = verdicts(r)
check(sum(1 for k, x in v.items() if k.startswith("c.t3.rowsum.") and x == "pass") == 14, "000 rowsum x14")
check(all(v["c.t3.balance.%s" % c] == "na" and v["c.t3.results.%s" % c] == "na" for c in COLS), "000 na")
check(all(v["c.t4.sum.%s" % b] == "pass" for b in ("review", "suit_direct", "suit_after")), "000 t4 pass")

# 001: all 2021, all zero, all pass
r = run("001")
check(r["agency"] == "延津县民政局" and r["year"] == 2023, "001 identity")
check(r["tables"]["t3"] == {"status": "present", "format": "2021"}, "001 t3")
all_zero(r, t2_2021 + ["t3.%s.%s" % (w, c) for w in T3_2021 for c in COLS] + t4, "001")
check(all(x == "pass" for x in verdicts(r).values()), "001 all pass")

# 002: no tables, all na
r = run("002")
check(r["agency"] == "威海市文登区民政局" and r["year"] == 2023, "002 identity")
check(all(r["tables"][t]["status"] == "absent" for t in ("t2", "t3", "t4")), "002 absent")
check(r["values"] == {}, "002 no values (the narrative 收到1件 is not a cell)")
check(all(x == "na" for x in verdicts(r).values()) and len(verdicts(r)) == 17, "002 all na")

# 003: 2019 everywhere, all zero, all pass
r = run("003")
check(r["agency"] == "岭东区中心街道办事处" and r["year"] == 2023, "003 identity")
check(r["tables"]["t3"] == {"status": "present", "format": "2019"}, "003 t3")
all_zero(r, t2_2019 + ["t3.%s.%s" % (w, c) for w in T3_2019 for c in COLS] + t4, "003")
check(all(x == "pass" for x in verdicts(r).values()), "003 all pass")

# 004: 2021; license 7; new/open natural+total 1; four failing rules
r = run("004")
check(r["agency"] == "石嘴山市民政局" and r["year"] == 2023, "004 identity")
ones = {"t3.new.natural", "t3.new.total", "t3.open.natural", "t3.open.total"}
for i in t2_2021 + ["t3.%s.%s" % (w, c) for w in T3_2021 for c in COLS] + t4:
    want = 7 if i == "t2.art20_5.license.decisions" else 1 if i in ones else 0
    check(r["values"].get(i) == want, "004 %s is %s, want %s" % (i, r["values"].get(i), want))
v = verdicts(r)
bad = {k for k, x in v.items() if x != "pass"}
check(bad == {"c.t3.balance.natural", "c.t3.balance.total", "c.t3.results.natural",
              "c.t3.results.total"}, "004 failing rules: %s" % sorted(bad))
c = {x["rule"]: x for x in r.get("checks", [])}
check(c["c.t3.balance.total"]["lhs"] == 1 and c["c.t3.balance.total"]["rhs"] == 0, "004 balance lhs/rhs")
check("delta" not in c["c.t3.results.natural"], "004 no delta (lhs - rhs: record version 2)")
check(c["c.t3.results.natural"]["lhs"] - c["c.t3.results.natural"]["rhs"] == -1, "004 results lhs - rhs")

# region and category (DESIGN 2.2, gazetteer reference 2.4)
want = {"000": ("230503", "county", "civil_affairs"), "001": ("410726", "county", "civil_affairs"),
        "002": ("371003", "county", "civil_affairs"), "003": ("230503005", "township", "subdistrict"),
        "004": ("640200", "city", "civil_affairs")}
for sd, (code, level, cat) in want.items():
    r = run(sd)
    reg = r.get("region", {})
    check(reg.get("code") == code and reg.get("level") == level and reg.get("status") == "resolved",
          "%s region %s, want %s %s" % (sd, reg, code, level))
    check(r.get("category", {}).get("id") == cat, "%s category %s, want %s" % (sd, r.get("category"), cat))
r = run("003")
check(r["region"].get("county") == "岭东区" and r["region"].get("township") == "中心街道", "003 names")
r = run("004")
check(r["region"].get("province") == "宁夏回族自治区" and "county" not in r["region"], "004 names")

for f in fails:
    print("FAIL", f)
print("tabulate-seeds: %d failed" % len(fails))
sys.exit(1 if fails else 0)
