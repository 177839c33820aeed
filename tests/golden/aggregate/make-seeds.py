#!/usr/bin/env python3
"""make-seeds.py - write the report records the aggregate goldens read.

The records of the five seeds are written here by hand from SCHEMA.md
section 13 (7.6 for derived cells) in the shape of DESIGN 2.2, as tabulate
writes them (values, states and flags match `extract corpus | tabulate`;
region and category as the seeds resolve, reference/gazetteer.md):

  seeds.jsonl  the five seeds, in order 000..004
  extra.jsonl  valid records for the edges: placeholders, amounts, h0,
               duplicates, formula-like agency names, no region, null year,
               an ambiguous region
  bad.jsonl    an upstream error record and malformed lines

Run from anywhere: python3 tests/golden/aggregate/make-seeds.py
The metric ids come from pipeline/schema_table.h, so nothing is spelled twice.
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(HERE, "..", "..", "..", "pipeline", "schema_table.h")

METRICS = []  # (id, formats, origin)
with open(TABLE, encoding="utf-8") as f:
    for line in f:
        m = re.match(r'NB_METRIC\("([^"]+)", NB_FMT_(\w+), NB_ORIGIN_(\w+)', line)
        if m:
            METRICS.append((m.group(1), m.group(2), m.group(3)))
assert len(METRICS) == 247

COLS = ["natural", "commercial", "research", "nonprofit", "legal", "other_org", "total"]
DENY = ["secret", "law", "safety", "third_party", "internal", "process", "enforcement", "query"]
UNABLE = ["not_held", "need_create", "unclear"]
DECLINE = ["petition", "repeat", "publication", "mass", "confirm"]
T3_ROWS_BOTH = (["new", "carried_in", "open", "partial"] + ["deny." + r for r in DENY]
                + ["unable." + r for r in UNABLE] + ["decline." + r for r in DECLINE]
                + ["result_total", "carried_out"])
T3_OTHER_2021 = ["other.no_correction", "other.unpaid_fee", "other.misc"]


def t2_ids(fmt):
    return [i for i, f, o in METRICS if i.startswith("t2.") and f in (fmt, "BOTH")]


def t3_cells(rows):
    return ["t3.%s.%s" % (r, c) for r in rows for c in COLS]


T4 = [i for i, f, o in METRICS if i.startswith("t4.")]


def derive(values, states, flags, t3fmt):
    """SCHEMA 7.6: group cells from their reported leaves, as tabulate
    writes them: only for a t3 that is there; a derived cell with an
    unknown operand is null with state missing; in an undetermined t3
    without (六) rows t3.other.<col> is missing too."""
    if t3fmt is None:
        return
    groups = [("deny", DENY), ("unable", UNABLE), ("decline", DECLINE)]
    if t3fmt in ("2021", "undetermined"):
        groups.append(("other", [r.split(".")[1] for r in T3_OTHER_2021]))
    for g, leaves in groups:
        for c in COLS:
            ops = ["t3.%s.%s.%s" % (g, l, c) for l in leaves]
            st = [states.get(o, "num" if o in values else "missing") for o in ops]
            target = "t3.%s.%s" % (g, c)
            if any(s in ("text", "ambiguous", "missing") for s in st):
                values[target] = None
                states[target] = "missing"
                continue
            values[target] = sum(values[o] for o in ops if values.get(o) is not None)
            fl = []
            if any(s != "num" for s in st):
                fl.append("h0")
            if g == "other":
                fl.append("derived")
            if fl:
                flags[target] = fl


T2_SUBS = {"2019": ["art20_1", "art20_5", "art20_6", "art20_8", "art20_9"],
           "2021": ["art20_1", "art20_5", "art20_6", "art20_8"]}


def report(doc, agency, year, region, category, t2, t3, t4, values, states=None, flags=None,
           checks=None, cites=None, evidence="title"):
    """One record in DESIGN 2.2's shape, members in the order tabulate
    writes them (values and states in SCHEMA order, as tabulate does)."""
    states = dict(states or {})
    flags = flags or {}
    tables = {}
    for name, (status, fmt) in (("t2", t2), ("t3", t3), ("t4", t4)):
        tables[name] = {"status": status}
        if fmt:
            tables[name]["format"] = fmt
        if name == "t2" and fmt in T2_SUBS:
            tables[name]["subtables"] = {s: fmt for s in T2_SUBS[fmt]}
    derive(values, states, flags, t3[1])
    order = {m[0]: k for k, m in enumerate(METRICS)}
    values = {i: values[i] for i in sorted(values, key=lambda i: order.get(i, len(order)))}
    states = {i: states[i] for i in sorted(states, key=lambda i: order.get(i, len(order)))}
    rec = {"doc": doc, "agency": agency}
    if agency is not None and evidence:
        rec["agency_evidence"] = evidence  # where tabulate found the name
    rec["year"] = year
    if cites:
        rec["cites"] = cites
    if region is not None:
        rec["region"] = region
    if category is not None:
        rec["category"] = category
    # version 2 of the record: failing checks only, no delta (lhs - rhs),
    # empty states, flags, checks and warnings left out
    checks = [{k: v for k, v in c.items() if k != "delta"} for c in checks or []
              if c["verdict"] in ("fail", "fail_h0")]
    rec.update({"tables": tables, "values": values})
    for key, val in (("states", states), ("flags", flags), ("checks", checks)):
        if val:
            rec[key] = val
    return rec


def na_checks(rules):
    return [{"rule": r, "verdict": "na", "lhs": None, "rhs": None, "delta": None} for r in rules]


def region(code, province, city=None, county=None, level="county", status="resolved", **more):
    r = {"code": code, "province": province}
    if city:
        r["city"] = city
    if county:
        r["county"] = county
    r.update(more)
    r["level"] = level
    r["status"] = status
    return r


CIVIL = {"id": "civil_affairs", "name": "民政"}
BAL = ["c.t3.balance." + c for c in COLS]
RES = ["c.t3.results." + c for c in COLS]
T4SUM = ["c.t4.sum." + b for b in ("review", "suit_direct", "suit_after")]
LINGDONG = dict(code="230503", province="黑龙江省", city="双鸭山市", county="岭东区")


def zeros(ids):
    return {i: 0 for i in ids}


seeds = []
# 000: t2 2019, t3 truncated after unable.need_create (undetermined), bare t4 row.
v = zeros(t2_ids("2019") + t3_cells(T3_ROWS_BOTH[:14]) + T4)
seeds.append(report("seeds/000.txt", "岭东区民政局", 2023, region(**LINGDONG), CIVIL,
                    ("present", "2019"), ("partial", "undetermined"), ("present", "both"), v,
                    flags={i: ["header_inferred"] for i in T4},
                    checks=na_checks(BAL + RES)))
# 001: all 2021, all zero.
v = zeros(t2_ids("2021") + t3_cells(T3_ROWS_BOTH + T3_OTHER_2021) + T4)
seeds.append(report("seeds/001.txt", "延津县民政局", 2023,
                    region("410726", "河南省", "新乡市", "延津县"), CIVIL,
                    ("present", "2021"), ("present", "2021"), ("present", "both"), v))
# 002: no tables at all.
seeds.append(report("seeds/002.txt", "威海市文登区民政局", 2023,
                    region("371003", "山东省", "威海市", "文登区"), CIVIL,
                    ("absent", None), ("absent", None), ("absent", None), {},
                    checks=na_checks(BAL + RES + T4SUM), cites="2021-30"))
# 003: a sub-district office, all 2019, all zero.
v = zeros(t2_ids("2019") + t3_cells(T3_ROWS_BOTH + ["other"]) + T4)
seeds.append(report("seeds/003.txt", "岭东区中心街道办事处", 2023,
                    region(**dict(LINGDONG, code="230503005"), township="中心街道",
                           level="township"),
                    {"id": "subdistrict", "name": "街道办事处"},
                    ("present", "2019"), ("present", "2019"), ("present", "both"), v))
# 004: 2021, inconsistent t3 (balance and results fail).
v = zeros(t2_ids("2021") + t3_cells(T3_ROWS_BOTH + T3_OTHER_2021) + T4)
v.update({"t2.art20_5.license.decisions": 7, "t3.new.natural": 1, "t3.new.total": 1,
          "t3.open.natural": 1, "t3.open.total": 1})
fails = ([{"rule": "c.t3.balance." + c, "verdict": "fail", "lhs": 1, "rhs": 0, "delta": 1}
          for c in ("natural", "total")]
         + [{"rule": "c.t3.results." + c, "verdict": "fail", "lhs": 0, "rhs": 1, "delta": -1}
            for c in ("natural", "total")])
seeds.append(report("seeds/004.txt", "石嘴山市民政局", 2023,
                    region("640200", "宁夏回族自治区", "石嘴山市", level="city"), CIVIL,
                    ("present", "2021"), ("present", "2021"), ("present", "both"), v,
                    checks=fails, cites="2021-30"))

extra = []
# Placeholders of every kind, an amount with decimals, h0 derived cells.
v = zeros(t2_ids("2021") + t3_cells(T3_ROWS_BOTH + T3_OTHER_2021) + T4)
st = {}
for i in ("t2.art20_1.rules.issued", "t2.art20_1.rules.repealed", "t2.art20_1.rules.valid"):
    st[i] = "slash"
st["t3.deny.secret.commercial"] = "blank"
st["t3.new.research"] = "text"
st["t3.carried_in.legal"] = "ambiguous"
st["t4.review.pending"] = "dash"
st["t4.suit_after.total"] = "none"
for i in st:
    v[i] = None
v.update({"t2.art20_8.fee.amount": 25.1, "t3.new.natural": 21, "t3.new.total": 21,
          "t3.open.natural": 12, "t3.open.total": 12, "t3.partial.natural": 3,
          "t3.partial.total": 3, "t3.deny.law.natural": 2, "t3.deny.law.total": 2,
          "t3.result_total.natural": 17, "t3.result_total.total": 17,
          "t3.carried_out.natural": 4, "t3.carried_out.total": 4,
          "t4.review.correct": 1, "t4.review.total": 2, "t4.review.maintain": 1})
extra.append(report("extra/洪泽区民政局.txt", "洪泽区民政局", 2023,
                    region("320813", "江苏省", "淮安市", "洪泽区"), CIVIL,
                    ("present", "2021"), ("present", "2021"), ("present", "both"), v, st,
                    {"t2.art20_8.fee.amount": ["label_variant"]},
                    [{"rule": "c.t4.sum.review", "verdict": "fail_h0", "lhs": 2, "rhs": 2,
                      "delta": 0}]))
# A 2019 report with an amount converted from 元 and a negative delta.
v = zeros(t2_ids("2019") + t3_cells(T3_ROWS_BOTH + ["other"]) + T4)
v.update({"t2.art20_9.procurement.amount": 1234.5678, "t2.art20_8.fee.delta_items": -3,
          "t2.art20_9.procurement.projects": 5})
extra.append(report("extra/淮安市财政局.txt", "淮安市财政局", 2023,
                    region("320800", "江苏省", "淮安市", level="city"),
                    {"id": "finance", "name": "财政"},
                    ("present", "2019"), ("present", "2019"), ("present", "both"), v,
                    flags={"t2.art20_9.procurement.amount": ["unit_converted"]}))
# Another amount, to sum decimals exactly: 0.1 + 0.2 must print 0.3.
v = zeros(t2_ids("2021"))
v["t2.art20_8.fee.amount"] = 0.2
extra.append(report("extra/清江浦区民政局.txt", "清江浦区民政局", 2023,
                    region("320812", "江苏省", "淮安市", "清江浦区"), CIVIL,
                    ("present", "2021"), ("absent", None), ("absent", None), v))
v = zeros(t2_ids("2021"))
v["t2.art20_8.fee.amount"] = 0.1
extra.append(report("extra/淮阴区民政局.txt", "淮阴区民政局", 2023,
                    region("320804", "江苏省", "淮安市", "淮阴区"), CIVIL,
                    ("present", "2021"), ("absent", None), ("absent", None), v))
# A duplicate of seed 001 (a mirror): same agency, region and year; not counted.
v = zeros(t2_ids("2021") + t3_cells(T3_ROWS_BOTH + T3_OTHER_2021) + T4)
v["t3.new.total"] = 5
extra.append(report("mirror/延津县民政局.txt", "延津县民政局", 2023,
                    region("410726", "河南省", "新乡市", "延津县"), CIVIL,
                    ("present", "2021"), ("present", "2021"), ("present", "both"), v))
# Formula-like agency names (scraped web pages), one with a tab, one with a
# comma and quotes; no region, no category.
for n, name in enumerate(["=SUM(A1)", "+86 10 1234", "@x", "-x", "a\tb局", 'He said "hi", ok']):
    extra.append(report("inject/%d.txt" % n, name, 2022, None, None,
                        ("absent", None), ("absent", None), ("present", "both"),
                        {"t4.review.total": n}))
# Null year: never a duplicate, unknown year key.
extra.append(report("extra/noyear.txt", "某某县人民政府办公室", None,
                    region("410726", "河南省", "新乡市", "延津县"), None,
                    ("absent", None), ("absent", None), ("present", "both"), zeros(T4)))
# Ambiguous region: the lowest common ancestor of two districts of 淮安市.
extra.append(report("extra/ambiguous.txt", "区民政局", 2023,
                    region("320800", "江苏省", "淮安市", level="city", status="ambiguous",
                           candidates=["320803", "320804"]), CIVIL,
                    ("absent", None), ("absent", None), ("present", "both"), zeros(T4)))

bad = [
    json.dumps({"doc": "a.tar.gz!broken.doc",
                "error": {"stage": "extract", "code": "decode",
                          "message": "bytes at offset 12 decode as no supported encoding"}},
               ensure_ascii=False),
    "this line is not JSON",
    json.dumps(["an", "array"]),
    json.dumps({"doc": "wrong-types.txt", "agency": "甲局", "values": [1, 2]},
               ensure_ascii=False),
    json.dumps({"doc": "contradiction.txt", "values": {"t3.new.total": 3},
                "states": {"t3.new.total": "slash"}}),
    "",
    json.dumps({"doc": "fine.txt", "agency": "乙局", "year": 2023,
                "values": {"t3.new.total": 2}, "states": {}}, ensure_ascii=False),
    '{"doc":"truncated.txt","values":{"t3.new.total":',
    '{"doc":"string-value.txt","values":{"t3.new.total":"3"}}',
    '{"doc":"state-name.txt","values":{"t3.new.total":null},"states":{"t3.new.total":"zero"}}',
    '{"doc":"null-no-state.txt","values":{"t3.new.total":null}}',
    '{"doc":"year-string.txt","year":"2023","values":{"t3.new.total":1}}',
    '{"doc":"year-range.txt","year":20233,"values":{"t3.new.total":1}}',
    '{"doc":"region-string.txt","region":"江苏省","values":{"t3.new.total":1}}',
    '{"doc":"province-number.txt","region":{"province":32},"values":{"t3.new.total":1}}',
    '{"doc":"checks-object.txt","values":{"t3.new.total":1},"checks":{"rule":"x"}}',
    '{"doc":"check-no-verdict.txt","values":{"t3.new.total":1},"checks":[{"rule":"c.x"}]}',
    '{"doc":"check-lhs.txt","values":{"t3.new.total":1},'
    '"checks":[{"rule":"c.x","verdict":"fail","lhs":"1","rhs":0}]}',
    '{"doc":"huge.txt","values":{"t3.new.total":1e300}}',
    '{"doc":"too-big.txt","values":{"t3.new.total":10000000000000}}',
    '{"doc":"dup-member.txt","values":{"t3.new.total":1,"t3.new.total":2}}',
    '{"doc":"flags-string.txt","values":{"t3.new.total":1},"flags":{"t3.new.total":"h0"}}',
    '{"agency":"no doc","values":{"t3.new.total":1}}',
    '{"doc":7,"values":{"t3.new.total":1}}',
    '{"doc":"error-string.txt","error":"it broke"}',
    '{"doc":"trailing.txt","values":{"t3.new.total":1}} x',
    '{"doc":"nan.txt","values":{"t3.new.total":NaN}}',
    b'{"doc":"bad-utf8-\xff\xfe.txt","values":{"t3.new.total":1}}',
    b'{"doc":"nul.txt",\x00"values":{}}',
    "[" * 5000 + "]" * 5000,
    '{"doc":"crlf.txt","agency":"丙局","year":2023,"values":{"t3.new.total":4},"states":{}}\r',
    "   ",
]


def write(name, recs):
    with open(os.path.join(HERE, name), "wb") as f:
        for r in recs:
            if isinstance(r, str):
                r = r.encode("utf-8")
            elif not isinstance(r, bytes):
                r = json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            f.write(r + b"\n")


write("seeds.jsonl", seeds)
write("extra.jsonl", extra)
write("bad.jsonl", bad)
