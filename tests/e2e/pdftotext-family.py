#!/usr/bin/env python3
"""pdftotext-family.py BIN_DIR SOURCE_DIR WORK [SHARED] - the un-laid-out pdftotext family.

Writes reports whose table 三 is fully printed (every cell a number, so that a
row read in the wrong place gives wrong numbers rather than blanks) in the
layouts found in the wild: 2019 (one （六）其他处理 row with values), 2021
(three 其他处理 sub-rows), a 2021 report printing 其他处理 as one row, rows
left out, a blank value, mostly-zero tables.  Each goes to a PDF
(make-office.py), through plain `pdftotext` (no -layout: one cell per line
in the PDF's reading order) and extract | normalize | tabulate.  Every t3
and t4 cell the pipeline gives as a number must be the one printed: a wrong
number fails, a missed one is only counted.  With SHARED, the 2019-layout
report real/007 (HTML -> extract -> PDF) is checked against its truth too.

Exit 0 when no cell is wrong, 1 when one is, 77 when pdftotext is absent.
"""
import json
import os
import random
import shutil
import subprocess
import sys

COLS = ["natural", "commercial", "research", "nonprofit", "legal", "other_org", "total"]
HEAD = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况",
    "\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
    "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
]
# (id, group label printed on the group's first row, row label)
ROWS = [
    ("new", "", "一、本年新收政府信息公开申请数量"),
    ("carried_in", "", "二、上年结转政府信息公开申请数量"),
    ("open", "三、本年度办理结果", "（一）予以公开"),
    ("partial", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("deny.secret", "（三）不予公开", "1.属于国家秘密"),
    ("deny.law", "", "2.其他法律行政法规禁止公开"),
    ("deny.safety", "", "3.危及“三安全一稳定”"),
    ("deny.third_party", "", "4.保护第三方合法权益"),
    ("deny.internal", "", "5.属于三类内部事务信息"),
    ("deny.process", "", "6.属于四类过程性信息"),
    ("deny.enforcement", "", "7.属于行政执法案卷"),
    ("deny.query", "", "8.属于行政查询事项"),
    ("unable.not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unable.need_create", "", "2.没有现成信息需要另行制作"),
    ("unable.unclear", "", "3.补正后申请内容仍不明确"),
    ("decline.petition", "（五）不予处理", "1.信访举报投诉类申请"),
    ("decline.repeat", "", "2.重复申请"),
    ("decline.publication", "", "3.要求提供公开出版物"),
    ("decline.mass", "", "4.无正当理由大量反复申请"),
    ("decline.confirm", "", "5.要求行政机关确认或重新出具已获取信息"),
]
OTHER21 = [
    ("other.no_correction", "（六）其他处理",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other.unpaid_fee", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other.misc", "", "3.其他"),
]
OTHER19 = [("other", "", "（六）其他处理")]
# a 2021 form whose 其他处理 was filled in as one row: the three sub-labels
# in one cell beside one row of values
OTHER21ONE = [("other", "（六）其他处理", OTHER21[0][2] + OTHER21[1][2] + OTHER21[2][2])]
TAIL = [("result_total", "", "（七）总计"), ("carried_out", "", "四、结转下年度继续办理")]
SUBROWS = tuple(r[0] for r in OTHER21)


def row_values(rng, zeros):
    """Six applicant columns and their total; mostly zeros when zeros."""
    if zeros:
        v = [0] * 6
        if rng.random() < 0.3:
            v[rng.randrange(6)] = rng.randrange(1, 4)
    else:
        v = [rng.choice([0, 0, 1, 2, 3, 5, 12, 21, 47]) for _ in range(6)]
    return v + [sum(v)]


def report(rng, layout, zeros, drop=(), blank=None):
    """Lines of a report and the values printed ({id: number or None})."""
    other = {"2021": OTHER21, "2021merged": OTHER21ONE}.get(layout, OTHER19)
    leaves = ROWS[2:] + other
    vals = {}
    for rid, _, _ in leaves:
        vals[rid] = row_values(rng, zeros)
    res = [sum(vals[r][c] for r, _, _ in leaves) for c in range(7)]
    out = row_values(rng, zeros)
    carried = row_values(rng, True)
    new = [max(0, res[c] + out[c] - carried[c]) for c in range(6)]
    new.append(sum(new))
    vals.update({"new": new, "carried_in": carried, "result_total": res, "carried_out": out})
    t4 = [rng.choice([0, 0, 1, 2]) for _ in range(15)]
    for g in range(3):
        t4[5 * g + 4] = sum(t4[5 * g:5 * g + 4])
    lines = ["岭东区测试局 2020 年政府信息公开工作年度报告", "一、总体情况",
             "本局认真贯彻落实《条例》，全年依申请公开工作有序开展。",
             "三、收到和处理政府信息公开申请情况"] + HEAD
    truth = {}
    for rid, group, label in ROWS[:2] + leaves + TAIL:
        if rid in drop:
            continue
        cells = [str(x) for x in vals[rid]]
        for c in range(7):
            truth["t3.%s.%s" % (rid, COLS[c])] = vals[rid][c]
        if blank and blank[0] == rid:
            cells[blank[1]] = ""
            truth["t3.%s.%s" % (rid, COLS[blank[1]])] = None
        lines.append("\t".join([group, label] + cells))
    lines += ["四、政府信息公开行政复议、行政诉讼情况",
              "行政复议\t\t\t\t\t行政诉讼",
              "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉",
              "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
              "\t".join(str(x) for x in t4),
              "五、存在的主要问题及改进情况", "一是依申请公开答复质量有待提高。"]
    names = ["review", "suit_direct", "suit_after"]
    cols4 = ["maintain", "correct", "other", "pending", "total"]
    for i, x in enumerate(t4):
        truth["t4.%s.%s" % (names[i // 5], cols4[i % 5])] = x
    return lines, truth


def variants():
    """(name, layout, zeros, drop, blank) of every member made."""
    v = []
    for layout in ("2019", "2021", "2021one", "2021merged"):
        for zeros in (0, 1):
            v.append(("%s-%s" % (layout, "zeros" if zeros else "full"), layout, zeros, (), None))
        v.append(("%s-drop-process" % layout, layout, 0, ("deny.process",), None))
        v.append(("%s-drop-two" % layout, layout, 1, ("decline.confirm", "carried_in"), None))
        v.append(("%s-blank" % layout, layout, 0, (), ("deny.process", 0)))
        v.append(("%s-blank-other" % layout, layout, 1, (), ("open", 1)))
    return v


def reading_order(rng, lines):
    """The body as plain pdftotext gives it from real PDFs, one cell per
    line: a wrapped or vertically centred label is read later than its
    values, dumped with others before a later row (real/003: 予以公开 and
    部分公开 printed before 2.没有现成信息需要另行制作) or right after its
    own values."""
    out, late = [], []
    for ln in lines:
        cells = ln.split("\t")
        if len(cells) < 9 or not cells[1] or cells[1].isdigit():
            out += [c for c in cells if c]
            continue
        labs = [c for c in cells[:2] if c]
        vals = [c for c in cells[2:] if c != ""]
        r = rng.random()
        if r < 0.25:
            late += labs
            out += vals
        elif r < 0.35:
            out += vals + labs
        else:
            out += labs + vals
        if rng.random() < 0.15 and late:
            out += late
            late = []
    return out + late


def shuffled(bindir, work, n):
    """n members in simulated reading orders, with rows left out and
    blank cells: 0 when no cell is wrong."""
    wrong = 0
    for k in range(n):
        rng = random.Random(k)
        layout = rng.choice(["2019", "2021", "2021merged"])
        drop = tuple(rng.sample([r[0] for r in ROWS], rng.choice([0, 0, 1, 2])))
        blank = (rng.choice(["open", "deny.process", "new"]), rng.randrange(7)) \
            if rng.random() < 0.2 else None
        lines, truth = report(rng, layout, rng.random() < 0.5, drop, blank)
        path = os.path.join(work, "order-%d.txt" % k)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n\n".join(reading_order(rng, lines)) + "\n")
        wrong += check(pipeline(bindir, path), "order-%d" % k, truth, drop)
    return wrong


def pipeline(bindir, path):
    p1 = subprocess.Popen([os.path.join(bindir, "extract"), path], stdout=subprocess.PIPE)
    p2 = subprocess.Popen([os.path.join(bindir, "normalize")], stdin=p1.stdout,
                          stdout=subprocess.PIPE)
    p1.stdout.close()
    out = subprocess.run([os.path.join(bindir, "tabulate")], stdin=p2.stdout,
                         stdout=subprocess.PIPE).stdout
    p1.wait()
    p2.wait()
    recs = [json.loads(x) for x in out.decode().splitlines() if x.strip()]
    return recs[0] if len(recs) == 1 else {}


def office(src):
    """make-office.py as a module: its PDF writer."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("office", os.path.join(src, "tests", "e2e",
                                                                         "make-office.py"))
    mod = importlib.util.module_from_spec(spec)
    argv, sys.argv = sys.argv, ["make-office.py", "none", "-", os.devnull]
    try:
        spec.loader.exec_module(mod)
    except SystemExit:
        pass
    sys.argv = argv
    return mod


def wrapped_pdf(src, lines, out):
    """A PDF whose table 三 is drawn as real reports draw it: the group
    labels in a narrow column, one character per line, across their rows;
    the row labels wrapped in a column 9 characters wide; the values
    centred on the row's height.  pdftotext then reads the label blocks
    apart from the values, as it does on real reports."""
    o = office(src)
    pages, cur, y, size = [], bytearray(), 790.0, 9.0

    def flush():
        nonlocal cur, y
        pages.append(bytes(cur))
        cur, y = bytearray(), 790.0
    top = group = None  # [label, y of its first row, y below its last row]

    def close(g, x, step):
        nonlocal cur
        if g and g[2] is not None:
            parts = [g[0][i:i + step] for i in range(0, len(g[0]), step)]
            y0 = (g[1] + g[2]) / 2.0 + 6 * len(parts)
            for i, part in enumerate(parts):
                cur += o.show(x, y0 - 12 * i, size, part)
    for ln in lines:
        cells = ln.split("\t")
        if len(cells) < 9 or not any(c.isdigit() for c in "".join(cells[2:])):
            if y < 80:
                flush()
            cur += o.show(50, y, size, ln.replace("\t", " ")[:50])
            y -= 16
            continue
        label = cells[1]
        if cells[0].startswith("三、"):
            top = [cells[0], y, None]
        elif cells[0] or label.startswith("（六）") or label.startswith("（七）"):
            close(group, 58, 3)
            group = [cells[0], y, None] if cells[0] else None
        if label.startswith("四、") or label.startswith("（七）"):
            close(top, 44, 1)
            top = None
        wrap = [label[i:i + 9] for i in range(0, len(label), 9)] or [""]
        h = 12 * len(wrap) + 6
        if y - h < 60:
            close(group, 58, 3)
            close(top, 44, 1)
            flush()
            top = [top[0], y, None] if top else None
            group = [group[0], y, None] if group else None
        for i, part in enumerate(wrap):
            cur += o.show(80, y - 12 * i, size, part)
        mid = y - 12 * (len(wrap) - 1) / 2.0
        for k, c in enumerate(cells[2:9]):
            if c:
                cur += o.show(180 + 45 * k, mid, size, c)
        y -= h
        for g in (top, group):
            if g:
                g[2] = y
    close(group, 58, 3)
    close(top, 44, 1)
    if cur:
        pages.append(bytes(cur))
    open(out, "wb").write(o.pdf_objects(pages, o.CJK_FONT))


def to_pdftotext(src, work, name, lines, wrapped=False):
    txt = os.path.join(work, name + ".txt")
    with open(txt, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    pdf = os.path.join(work, name + ".pdf")
    if wrapped:
        wrapped_pdf(src, lines, pdf)
    else:
        subprocess.run([sys.executable, os.path.join(src, "tests", "e2e", "make-office.py"),
                        "pdf", txt, pdf], check=True)
    pt = os.path.join(work, name + ".pdftotext.txt")
    subprocess.run(["pdftotext", pdf, pt], check=True, stderr=subprocess.DEVNULL)
    return pt


def compare(name, rec, truth, prefixes=("t3.", "t4.")):
    vals = rec.get("values", {})
    wrong = missed = correct = 0
    for k, want in truth.items():
        if not k.startswith(prefixes):
            continue
        got = vals.get(k)
        if want is None:
            ok = got is None or got == 0
        elif got is None:
            missed += 1
            continue
        else:
            ok = got == want
        if ok:
            correct += 1
        else:
            wrong += 1
            print("%s: WRONG %s: got %s, want %s" % (name, k, got, want))
    print("%-28s correct %3d  missed %3d  wrong %d" % (name, correct, missed, wrong))
    return wrong


def main():
    bindir, src, work = sys.argv[1:4]
    shared = sys.argv[4] if len(sys.argv) > 4 else ""
    if not shutil.which("pdftotext"):
        print("pdftotext-family: no pdftotext: skipped")
        return 77
    os.makedirs(work, exist_ok=True)
    probe = to_pdftotext(src, work, "probe", ["本年新收 0"])
    if "本年新收" not in open(probe, encoding="utf-8", errors="replace").read():
        print("pdftotext-family: pdftotext cannot read CJK text (poppler-data): skipped")
        return 77
    wrong = 0
    for k, (name, layout, zeros, drop, blank) in enumerate(variants()):
        rng = random.Random(1000 + k)
        lines, truth = report(rng, "2019" if layout == "2021one" else layout, zeros, drop, blank)
        if layout == "2021one":  # a 2021 report printing 其他处理 as one row
            lines = [ln.replace("本年新制作数量", "本年制发件数") for ln in lines]
        for wrapped in (False, True):
            wrong += member(bindir, src, work, name + ("-wrapped" if wrapped else ""), lines,
                            truth, drop, wrapped)
    wrong += real_007(bindir, src, work, shared)
    wrong += shuffled(bindir, work, 120)
    print("pdftotext-family: %d wrong" % wrong)
    return 1 if wrong else 0


def member(bindir, src, work, name, lines, truth, drop, wrapped):
    """One report of the family: 0 when no cell is wrong."""
    return check(pipeline(bindir, to_pdftotext(src, work, name, lines, wrapped)), name, truth,
                 drop)


def check(rec, name, truth, drop):
    """Wrong cells of one record."""
    wrong = 0
    for rid in drop + SUBROWS * ("t3.other.total" in truth):
        # a row left out, or not printed apart, gives no number
        for c in COLS:
            got = rec.get("values", {}).get("t3.%s.%s" % (rid, c))
            if got is not None:
                print("%s: WRONG t3.%s.%s: got %s for a row not printed" % (name, rid, c, got))
                wrong += 1
    return wrong + compare(name, rec, truth)


def real_007(bindir, src, work, shared):
    """The 2019-layout real report 007, HTML -> text -> PDF -> pdftotext."""
    wrong = 0
    real = os.path.join(shared, "real") if shared else ""
    html = os.path.join(real, "007_shanghai_govoffice_2019.html")
    if real and os.path.exists(html):
        body = subprocess.run([os.path.join(bindir, "extract"), html],
                              stdout=subprocess.PIPE).stdout.decode().split("\n")[1:]
        truth = json.load(open(os.path.join(real, "truth", "007_shanghai_govoffice_2019.json"),
                               encoding="utf-8"))
        skip = set(truth.get("skip", []))
        vals = {k: v for k, v in truth["values"].items() if k not in skip}
        for wrapped in (False, True):
            name = "007" + ("-wrapped" if wrapped else "")
            rec = pipeline(bindir, to_pdftotext(src, work, name, body, wrapped))
            wrong += compare(name, rec, vals, ("t2.", "t3.", "t4."))
    return wrong


sys.exit(main())
