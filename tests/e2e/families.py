#!/usr/bin/env python3
"""families - random consistent reports, rendered in every layout family.

For each seed of a pseudo-random generator this makes a report whose
tables hold (SCHEMA 8: row sums, column sums, the balance, t4 block sums),
in the 2019 or the 2021 format, renders it the way each family found in
the wild prints it, runs extract | [normalize |] tabulate, and compares
every cell:

  tab       HTML flattened to TAB rows, with stray leading/trailing empty
            fields (the seeds, real/007)
  pipes     markdown pipe tables (needs normalize)
  mineru    markdown from PDF: invented headers 数据1…, value rows whose
            labels went loose beside the table (needs normalize)
  layout    pdftotext -layout: columns aligned with runs of spaces
  vertical  plain pdftotext: one cell per line, blank lines between
  glued     a crawler's dump: one line, the cells glued (real/010)

A wrong value fails the test at once; each family must also reach its
floor of correct cells (glued rows may stay ambiguous when several splits
add up; that is a miss, not an error).

With --perturb, each report is first changed the way real pages differ
from the template (rows swapped or dropped, text or a blank in a value
cell; see perturb): then a value read must still be the one printed, and
a cell the text no longer holds must be null; there is no floor.

Usage: families.py BIN_DIR [--n N] [--seed S] [--perturb KIND] [--skip FAM,...] [-v]
"""
import argparse
import atexit
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

COLS = ["natural", "commercial", "research", "nonprofit", "legal", "other_org", "total"]
T3_21 = [
    ("三、本年度办理结果", "（一）予以公开", "open"),
    (None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partial"),
    ("（三）不予公开", "1.属于国家秘密", "deny.secret"),
    (None, "2.其他法律行政法规禁止公开", "deny.law"),
    (None, "3.危及“三安全一稳定”", "deny.safety"),
    (None, "4.保护第三方合法权益", "deny.third_party"),
    (None, "5.属于三类内部事务信息", "deny.internal"),
    (None, "6.属于四类过程性信息", "deny.process"),
    (None, "7.属于行政执法案卷", "deny.enforcement"),
    (None, "8.属于行政查询事项", "deny.query"),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", "unable.not_held"),
    (None, "2.没有现成信息需要另行制作", "unable.need_create"),
    (None, "3.补正后申请内容仍不明确", "unable.unclear"),
    ("（五）不予处理", "1.信访举报投诉类申请", "decline.petition"),
    (None, "2.重复申请", "decline.repeat"),
    (None, "3.要求提供公开出版物", "decline.publication"),
    (None, "4.无正当理由大量反复申请", "decline.mass"),
    (None, "5.要求行政机关确认或重新出具已获取信息", "decline.confirm"),
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other.no_correction"),
    (None, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other.unpaid_fee"),
    (None, "3.其他", "other.misc"),
]
T3_19 = T3_21[:18] + [(None, "（六）其他处理", "other")]
T4 = ["review", "suit_direct", "suit_after"]
T4P = ["maintain", "correct", "other", "pending", "total"]


def small(rng, zero=0.6, big=False):
    if rng.random() < zero:
        return 0
    return rng.randint(1, 400 if big else 40)


def make_report(rng, fmt):
    v = {}
    rows = T3_21 if fmt == 2021 else T3_19
    tot = [0] * 6
    for _, _, path in rows:
        vals = [small(rng, 0.75) for _ in range(6)]
        for c in range(6):
            v["t3.%s.%s" % (path, COLS[c])] = vals[c]
            tot[c] += vals[c]
        v["t3.%s.total" % path] = sum(vals)
    cin, cout, new = [], [], []
    for c in range(6):
        cout.append(small(rng, 0.7))
        ci = rng.randint(0, tot[c] + cout[c]) if rng.random() < 0.3 else 0
        cin.append(ci)
        new.append(tot[c] + cout[c] - ci)
    for name, vals in (("result_total", tot), ("carried_in", cin), ("carried_out", cout), ("new", new)):
        for c in range(6):
            v["t3.%s.%s" % (name, COLS[c])] = vals[c]
        v["t3.%s.total" % name] = sum(vals)
    for b in T4:
        parts = [small(rng, 0.6) for _ in range(4)]
        for p in range(4):
            v["t4.%s.%s" % (b, T4P[p])] = parts[p]
        v["t4.%s.total" % b] = sum(parts)
    if fmt == 2021:
        for row in ("rules", "normative"):
            for col in ("issued", "repealed", "valid"):
                v["t2.art20_1.%s.%s" % (row, col)] = small(rng, 0.4, True)
        v["t2.art20_5.license.decisions"] = small(rng, 0.2, True)
        v["t2.art20_6.penalty.decisions"] = small(rng, 0.3, True)
        v["t2.art20_6.coercion.decisions"] = small(rng, 0.5, True)
        v["t2.art20_8.fee.amount"] = small(rng, 0.5, True)
    else:
        for row in ("rules", "normative"):
            for col in ("made", "published", "public_total"):
                v["t2.art20_1.%s.%s" % (row, col)] = small(rng, 0.4, True)
        for sub, row in (("art20_5", "license"), ("art20_5", "other_service"),
                         ("art20_6", "penalty"), ("art20_6", "coercion")):
            for col in ("prev_items", "delta_items", "decisions"):
                v["t2.%s.%s.%s" % (sub, row, col)] = small(rng, 0.4, True)
        v["t2.art20_8.fee.prev_items"] = small(rng, 0.5)
        v["t2.art20_8.fee.delta_items"] = small(rng, 0.5)
        v["t2.art20_9.procurement.projects"] = small(rng, 0.5)
        v["t2.art20_9.procurement.amount"] = small(rng, 0.5, True)
    return v


def tables(v, fmt):
    """The report as (kind, label, values) lines: kind is 'text' or 'row'."""
    out = [("text", "二、主动公开政府信息情况", None)]
    if fmt == 2021:
        out += [("text", "第二十条第（一）项", None),
                ("head", "信息内容", ["本年制发件数", "本年废止件数", "现行有效件数"])]
        for row, lab in (("rules", "规章"), ("normative", "行政规范性文件")):
            out.append(("row", lab, [v["t2.art20_1.%s.%s" % (row, c)] for c in ("issued", "repealed", "valid")]))
        out += [("text", "第二十条第（五）项", None), ("head", "信息内容", ["本年处理决定数量"]),
                ("row", "行政许可", [v["t2.art20_5.license.decisions"]]),
                ("text", "第二十条第（六）项", None), ("head", "信息内容", ["本年处理决定数量"]),
                ("row", "行政处罚", [v["t2.art20_6.penalty.decisions"]]),
                ("row", "行政强制", [v["t2.art20_6.coercion.decisions"]]),
                ("text", "第二十条第（八）项", None), ("head", "信息内容", ["本年收费金额（单位：万元）"]),
                ("row", "行政事业性收费", [v["t2.art20_8.fee.amount"]])]
    else:
        out += [("text", "第二十条第（一）项", None),
                ("head", "信息内容", ["本年新制作数量", "本年新公开数量", "对外公开总数量"])]
        for row, lab in (("rules", "规章"), ("normative", "规范性文件")):
            out.append(("row", lab, [v["t2.art20_1.%s.%s" % (row, c)] for c in ("made", "published", "public_total")]))
        for sub, cap, rows in (("art20_5", "第二十条第（五）项", (("license", "行政许可"), ("other_service", "其他对外管理服务事项"))),
                               ("art20_6", "第二十条第（六）项", (("penalty", "行政处罚"), ("coercion", "行政强制")))):
            out += [("text", cap, None), ("head", "信息内容", ["上一年项目数量", "本年增/减", "处理决定数量"])]
            for row, lab in rows:
                out.append(("row", lab, [v["t2.%s.%s.%s" % (sub, row, c)] for c in ("prev_items", "delta_items", "decisions")]))
        out += [("text", "第二十条第（八）项", None), ("head", "信息内容", ["上一年项目数量", "本年增/减"]),
                ("row", "行政事业性收费", [v["t2.art20_8.fee.prev_items"], v["t2.art20_8.fee.delta_items"]]),
                ("text", "第二十条第（九）项", None), ("head", "信息内容", ["采购项目数量", "采购总金额（万元）"]),
                ("row", "政府集中采购", [v["t2.art20_9.procurement.projects"], v["t2.art20_9.procurement.amount"]])]
    out += [("text", "三、收到和处理政府信息公开申请情况", None),
            ("head", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
             ["申请人情况"]),
            ("head", "", ["自然人", "法人或其他组织", "", "", "", "", "总计"]),
            ("head", "", ["", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""])]
    t3 = lambda p: [v["t3.%s.%s" % (p, c)] for c in COLS]
    out.append(("row", "一、本年新收政府信息公开申请数量", t3("new")))
    out.append(("row", "二、上年结转政府信息公开申请数量", t3("carried_in")))
    for group, lab, path in (T3_21 if fmt == 2021 else T3_19):
        out.append(("row", (group + " " if group else "") + lab, t3(path)))
    out.append(("row", "（七）总计", t3("result_total")))
    out.append(("row", "四、结转下年度继续办理", t3("carried_out")))
    out += [("text", "四、政府信息公开行政复议、行政诉讼情况", None),
            ("head", "行政复议", ["", "", "", "", "行政诉讼"]),
            ("head", "", ["", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"]),
            ("head", "结果维持", ["结果纠正", "其他结果", "尚未审结", "总计"] + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)]
    out.append(("row", "", [v["t4.%s.%s" % (b, p)] for b in T4 for p in T4P]))
    out.append(("text", "五、存在的主要问题及改进情况", None))
    out.append(("text", "无。", None))
    return out


def wrap(lab, rng):
    """A long label cut in two or three pieces, as PDF cells wrap it."""
    if len(lab) < 12 or rng.random() < 0.4:
        return [lab]
    k = rng.choice([2, 3])
    step = (len(lab) + k - 1) // k
    return [lab[i:i + step] for i in range(0, len(lab), step)]


def flush_loose(s, loose, rng):
    """Loose labels first (each cut in pieces), then their label-less rows."""
    for lab, _ in loose:
        s.extend(wrap(lab, rng))
    for _, text in loose:
        s.append("| " + " | ".join(text) + " |")
    del loose[:]


def render(fam, lines, rng):
    s = []
    loose = []
    footer = rng.randrange(len(lines))
    for i, (kind, lab, vals) in enumerate(lines):
        if i == footer and fam != "glued":
            s.append(rng.choice(["- 4 -", "— 5 —", "-3-", "第 2 页"]))
        vals = vals or []
        text = [str(x) for x in vals]
        if fam == "tab":
            if kind == "text":
                s.append(lab)
            else:
                lead = "\t" * rng.choice([0, 0, 1]) if kind == "row" else ""
                trail = "\t" * rng.choice([0, 0, 1, 2]) if kind == "row" else ""
                s.append(lead + "\t".join([lab] + text) + trail)
        elif fam == "pipes":
            if kind == "text":
                s.append(lab)
            else:
                s.append("| " + " | ".join([lab] + text) + " |")
                if kind == "head" and lab.startswith("信息内容"):
                    s.append("|" + "---|" * (len(text) + 1))
        elif fam == "mineru":
            # PDF to markdown: generic headers, and value rows whose labels
            # went loose (printed before them, in pieces, in reading order)
            if kind == "text":
                flush_loose(s, loose, rng)
                s.append(lab)
                if lab.startswith(("第二十条", "三、收到", "四、政府")):
                    n = 8 if lab.startswith("三") else 16 if lab.startswith("四") else 4
                    s.append("| " + " | ".join("数据%d" % (k + 1) for k in range(n)) + " |")
                    s.append("|" + "---|" * n)
            elif kind == "row" and lab and len(vals) == 7 and rng.random() < 0.3:
                loose.append((lab, text))
                if len(loose) >= rng.choice([1, 2, 3]):
                    flush_loose(s, loose, rng)
            else:
                flush_loose(s, loose, rng)
                s.append("| " + " | ".join([lab] + text) + " |")
        elif fam == "layout":
            if kind == "text":
                s.append(lab)
            else:
                # a wrapped label: the numbers on its middle line
                parts = wrap(lab, rng) if kind == "row" else [lab]
                mid = (len(parts) - 1) // 2
                for j, part in enumerate(parts):
                    if j == mid:
                        s.append("  " + part + "    " + "".join(t.rjust(8) for t in text))
                    else:
                        s.append("  " + part)
        elif fam == "vertical":
            if kind == "text":
                s += [lab, ""]
            else:
                parts = wrap(lab, rng) if lab else []
                for t in parts + [t for t in text if t != ""]:
                    s += [t, ""]
        elif fam == "glued":
            if kind == "text":
                s.append(lab)
            else:
                s.append(lab + "".join(text))
    if fam == "glued":
        return "某某县人民政府2021年政府信息公开工作年度报告\n正文 " + " ".join(s) + "\n"
    return "某某县人民政府2021年政府信息公开工作年度报告\n\n" + "\n".join(s) + "\n"


def t3_paths(lines, fmt):
    """The positions of table 三's rows in lines, with their paths."""
    paths = ["new", "carried_in"] + [p for _, _, p in (T3_21 if fmt == 2021 else T3_19)]
    paths += ["result_total", "carried_out"]
    at = [i for i, (kind, _, vals) in enumerate(lines) if kind == "row" and vals and len(vals) == 7]
    return list(zip(at, paths))


def perturb(kind, lines, truth, fmt, rng):
    """Lines changed the way real pages differ from the template, and the
    cells that must then be null (the text no longer holds them):
      swap   two neighbouring rows of 三 printed in each other's place
      drop   a row of 三 missing (a crawler or converter lost it)
      text   a value cell of 三 holding text: O typed for 0, 5/3, 12+3
      blank  a 0 of 三 left blank (null, not 0)
    A value that is read must be the one printed, wherever its row went."""
    lines = list(lines)
    rows = t3_paths(lines, fmt)
    keys = lambda path: ["t3.%s.%s" % (path, c) for c in COLS]
    if kind == "swap":
        k = rng.randrange(len(rows) - 1)
        (i, _), (j, _) = rows[k], rows[k + 1]
        lines[i], lines[j] = lines[j], lines[i]
        return lines, set()
    if kind == "drop":
        i, path = rng.choice(rows)
        del lines[i]
        return lines, set(keys(path))
    i, path = rng.choice(rows)
    k, lab, vals = lines[i]
    vals = list(vals)
    if kind == "text":
        c = rng.randrange(7)
        vals[c] = rng.choice(["O", "5/3", "12+3", "22。"])
    else:
        zeros = [c for c in range(7) if vals[c] == 0] or [0]
        c = rng.choice(zeros)
        vals[c] = ""
    lines[i] = (k, lab, vals)
    return lines, {keys(path)[c]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--perturb", choices=["swap", "drop", "text", "blank"],
                    help="change each report (see perturb); then only wrong values fail")
    ap.add_argument("--skip", default="", help="families left out, comma-separated")
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    norm = os.path.join(a.bin, "normalize")
    have_norm = os.access(norm, os.X_OK)
    floors = {"tab": 1.0, "pipes": 0.99, "mineru": 0.90, "layout": 0.99, "vertical": 0.98,
              "glued": 0.80}
    skip = [f for f in a.skip.split(",") if f]
    if any(f not in floors for f in skip):
        ap.error("--skip: no such family in %s" % ",".join(skip))
    fams = [f for f in floors if (have_norm or f not in ("pipes", "mineru")) and f not in skip]
    bad = 0
    tmp = tempfile.mkdtemp(prefix="nb-families.")
    failed = []  # a failure's reports are kept, to be looked at
    atexit.register(lambda: failed or shutil.rmtree(tmp, True))
    for fam in fams:
        good = total = wrong = 0
        for k in range(a.n):
            rng = random.Random(a.seed * 100003 + k)
            fmt = 2021 if k % 3 else 2019
            truth = make_report(rng, fmt)
            lines, gone = tables(truth, fmt), set()
            if a.perturb:
                lines, gone = perturb(a.perturb, lines, truth, fmt, rng)
            path = os.path.join(tmp, "%s-%d.txt" % (fam, k))
            with open(path, "w", encoding="utf-8") as f:
                f.write(render(fam, lines, rng))
            cmd = "'%s/extract' '%s'" % (a.bin, path)
            if have_norm:
                cmd += " | '%s'" % norm
            cmd += " | '%s/tabulate'" % a.bin
            out = subprocess.run(["bash", "-c", "set -o pipefail; " + cmd], capture_output=True)
            rec = json.loads(out.stdout.decode().splitlines()[0])
            got = rec.get("values", {})
            for key, want in truth.items():
                total += 1
                g = got.get(key)
                if key in gone and g is not None:
                    wrong += 1
                    print("  %s #%d WRONG %s: got %s, the text holds none (%s)" % (fam, k, key, g, path))
                elif g is None:
                    if a.v:
                        print("  %s #%d missed %s (want %s, %s)" % (fam, k, key, want,
                              rec.get("states", {}).get(key)))
                elif g == want:
                    good += 1
                else:
                    wrong += 1
                    print("  %s #%d WRONG %s: got %s, want %s (%s)" % (fam, k, key, g, want, path))
        ratio = good / total if total else 0
        ok = wrong == 0 and (a.perturb or ratio >= floors[fam])
        bad |= not ok
        if not ok:
            failed.append(fam)
        print("%-9s %5d cells  correct %6.2f%%  wrong %d  %s" % (fam, total, 100 * ratio, wrong,
              "ok" if ok else "FAIL" if a.perturb else "FAIL (floor %.0f%%)" % (100 * floors[fam])))
    if not have_norm:
        print("pipes, mineru: skipped, no normalize in %s" % a.bin)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
