"""xlsx.py BIN SOURCE - aggregate --xlsx against its CSV tables: every sheet
holds the same cells as its CSV written with --labels zh (numbers as
numbers, text as text, nulls empty), a frozen header row, an autofilter,
column widths; the chart sheets exist with native column charts.  Read with
zipfile and the sheet XML; when LibreOffice is installed, it also converts
the workbook back to CSV and the values must match."""
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
import xml.etree.ElementTree as ET

BIN, SRC = sys.argv[1], sys.argv[2]
GOLD = os.path.join(SRC, "tests", "golden", "aggregate")
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
fails = passes = 0


def check(name, ok, detail=""):
    global fails, passes
    if ok:
        passes += 1
        print("ok   " + name)
    else:
        fails += 1
        print("FAIL %s %s" % (name, str(detail)[:300]))


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def read_xlsx(path):
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    sheets = {}
    for s in wb.find("m:sheets", NS):
        name, rid = s.get("name"), s.get("{%s}id" % NS["r"])
        part = "xl/" + target[rid]
        root = ET.fromstring(z.read(part))
        rows = []
        for row in root.iter("{%s}row" % NS["m"]):
            cells = {}
            for c in row.findall("m:c", NS):
                if c.get("t") == "inlineStr":
                    cells[col_index(c.get("r"))] = "".join(
                        t.text or "" for t in c.iter("{%s}t" % NS["m"]))
                    continue
                v = c.find("m:v", NS)
                if v is None:
                    continue
                cells[col_index(c.get("r"))] = (shared[int(v.text)] if c.get("t") == "s"
                                                 else float(v.text))
            width = max(cells) + 1 if cells else 0
            rows.append([cells.get(i, "") for i in range(width)])
        sheets[name] = (part, root, rows)
    return z, sheets


def same(csv_rows, sheet_rows):
    for i, crow in enumerate(csv_rows):
        srow = sheet_rows[i] if i < len(sheet_rows) else []
        srow = srow + [""] * (len(crow) - len(srow))
        for j, cv in enumerate(crow):
            sv = srow[j]
            if isinstance(sv, float):
                if cv == "" or abs(float(cv) - sv) > 1e-9 * max(1, abs(sv)):
                    return "row %d col %d: csv %r, sheet %r" % (i, j, cv, sv)
            else:
                want = cv[1:] if cv.startswith("'") else cv
                if want != sv:
                    return "row %d col %d: csv %r, sheet %r" % (i, j, cv, sv)
    return "" if len(csv_rows) == len(sheet_rows) else "%d rows, %d in the sheet" % (
        len(csv_rows), len(sheet_rows))


tmp = tempfile.mkdtemp()
try:
    agg = os.path.join(BIN, "aggregate")
    book = os.path.join(tmp, "t.xlsx")
    tables = {"rollup": ["--by", "province,category", "--coverage"],
              "reports": ["--by", "doc,agency,year,level,category"],
              "rates": ["--rates", "--metrics", "d.*", "--by", "province"],
              "long": ["--long", "--by", "year,province"]}
    args = [agg, "-q", "--labels", "zh", "--xlsx", book]
    for name, opts in tables.items():
        args += opts + ["-o", os.path.join(tmp, name + ".csv")]
    p = subprocess.run(args + [os.path.join(GOLD, "seeds.jsonl"), os.path.join(GOLD, "extra.jsonl")],
                       capture_output=True)
    check("aggregate --xlsx: exit 1 (extra.jsonl has malformed lines) or 0",
          p.returncode in (0, 1), p.stderr)
    z, sheets = read_xlsx(book)
    check("one sheet per table, the chart table and two chart sheets",
          list(sheets) == ["rollup", "reports", "rates", "long", "按省份", "新收申请", "行政复议"],
          list(sheets))
    for name in tables:
        rows = list(csv.reader(open(os.path.join(tmp, name + ".csv"), encoding="utf-8")))
        part, root, srows = sheets[name]
        check("sheet %s = %s.csv (%d rows)" % (name, name, len(rows)), same(rows, srows) == "",
              same(rows, srows))
        pane = root.find(".//m:pane", NS)
        check("sheet %s: frozen header row" % name,
              pane is not None and pane.get("state") == "frozen" and pane.get("ySplit") == "1")
        check("sheet %s: autofilter" % name, root.find("m:autoFilter", NS) is not None)
        check("sheet %s: column widths" % name, root.find("m:cols", NS) is not None)
    rollup = sheets["rollup"][2]
    check("Chinese headers", rollup[0][:3] == ["省份", "类别", "报告数"], rollup[0][:3])
    check("Chinese category names", "民政" in [r[1] for r in rollup[1:]],
          [r[1] for r in rollup[1:]])
    check("numbers as numbers", isinstance(rollup[1][2], float), rollup[1][2])
    reports = sheets["reports"][2]
    amount = [h for h in reports[0] if "采购总金额" in h]
    check("an amount says 万元", amount and amount[0].endswith("（万元）"), amount)
    years = [r[2] for r in reports[1:] if r[2] != ""]
    check("years are numbers", years and all(isinstance(y, float) for y in years), years[:3])
    check("neutralised text shown as it was", "=SUM(A1)" in [r[1] for r in reports[1:]],
          [r[1] for r in reports[1:]][:8])
    charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    check("two native charts", len(charts) == 2, charts)
    xml = z.read(charts[0]).decode("utf-8") if charts else ""
    check("the chart is a column chart over the province sheet",
          "<c:barChart>" in xml and "按省份" in xml, xml[:200])
    prov = sheets["按省份"][2]
    want = {r[0]: r for r in csv.reader(io.StringIO(subprocess.run(
        [agg, "--labels", "zh", "--by", "province", "--metrics", "t3.new.total,t4.review.total",
         os.path.join(GOLD, "seeds.jsonl"), os.path.join(GOLD, "extra.jsonl")],
        capture_output=True, text=True).stdout))}
    check("the chart table = aggregate --by province", same(list(want.values()), prov) == "",
          same(list(want.values()), prov))
    # a workbook that cannot be written: status 2 and a message
    p = subprocess.run([agg, "--xlsx", "/nonexistent/dir/t.xlsx", "-o", os.path.join(tmp, "x.csv"),
                        os.path.join(GOLD, "seeds.jsonl")], capture_output=True)
    check("an unwritable workbook: exit 2 with a message", p.returncode == 2 and p.stderr, p.stderr)
    # SOURCE_DATE_EPOCH: the workbook's creation time, so the same bytes
    # from the same records; malformed, an error and no workbook
    books = []
    for k in range(2):
        books.append(os.path.join(tmp, "epoch%d.xlsx" % k))
        p = subprocess.run([agg, "-q", "--xlsx", books[-1], "-o", os.path.join(tmp, "e.csv"),
                            os.path.join(GOLD, "seeds.jsonl")], capture_output=True,
                           env=dict(os.environ, SOURCE_DATE_EPOCH="1764547200"))
        if k == 0:
            time.sleep(1.1)  # a second later: the clock would show in core.xml
    same_bytes = all(os.path.exists(b) for b in books) and \
        open(books[0], "rb").read() == open(books[1], "rb").read()
    check("SOURCE_DATE_EPOCH: the same bytes twice", same_bytes)
    core = zipfile.ZipFile(books[0]).read("docProps/core.xml").decode() if same_bytes else ""
    check("SOURCE_DATE_EPOCH: the workbook's creation time",
          ">2025-12-01T00:00:00Z</dcterms:created>" in core, core[-300:])
    for bad in ["x", "", "-5", "0", "12abc", "99999999999999999999"]:
        bk, bc = os.path.join(tmp, "bad.xlsx"), os.path.join(tmp, "bad.csv")
        p = subprocess.run([agg, "--xlsx", bk, "-o", bc, os.path.join(GOLD, "seeds.jsonl")],
                           capture_output=True, env=dict(os.environ, SOURCE_DATE_EPOCH=bad))
        check("SOURCE_DATE_EPOCH=%r: exit 2, a message, no workbook, no table: told before "
              "reading" % bad, p.returncode == 2 and b"SOURCE_DATE_EPOCH" in p.stderr and
              not os.path.exists(bk) and not os.path.exists(bc), (p.returncode, p.stderr))
    # the workbook is in Chinese whatever --labels: categories too
    ids = os.path.join(tmp, "ids.xlsx")
    subprocess.run([agg, "-q", "--xlsx", ids, "--by", "province,category", "-o",
                    os.path.join(tmp, "ids.csv"), os.path.join(GOLD, "seeds.jsonl")],
                   capture_output=True)
    cats = [r[1] for r in read_xlsx(ids)[1]["ids"][2][1:]]
    check("without --labels zh: categories in Chinese in the workbook", "民政" in cats and
          "civil_affairs" not in cats, cats)
    # two tables of one base name, and one named as a chart sheet: a sheet
    # each, numbered, and the charts still over the province table
    for d in ("a", "b"):
        os.makedirs(os.path.join(tmp, d), exist_ok=True)
    twins = os.path.join(tmp, "twins.xlsx")
    p = subprocess.run([agg, "-q", "--xlsx", twins, "--by", "province", "-o",
                        os.path.join(tmp, "a", "r.csv"), "--by", "doc", "-o",
                        os.path.join(tmp, "b", "r.csv"), "--by", "city", "-o",
                        os.path.join(tmp, "a", "新收申请.csv"), os.path.join(GOLD, "seeds.jsonl")],
                   capture_output=True)
    z2, sh2 = read_xlsx(twins) if p.returncode == 0 else (None, {})
    check("sheets of one name are numbered, exit 0",
          list(sh2) == ["r", "r (2)", "新收申请", "按省份", "新收申请 (2)", "行政复议"],
          (p.returncode, p.stderr, list(sh2)))
    refs = [re.findall(r"<c:f>([^<]*)</c:f>", z2.read(n).decode())
            for n in sorted(z2.namelist()) if n.startswith("xl/charts/chart")] if z2 else []
    check("the charts read the province table", refs and all(
        f.startswith("'按省份'!") for r in refs for f in r), refs)
    # a table's name that is not UTF-8 (a GBK file name), longer than a
    # sheet's: 31 characters, each byte that is not UTF-8 an _
    gbk = os.path.join(tmp.encode(), b"\xb0\xa1" * 120 + b".csv")
    gbook = os.path.join(tmp, "gbk.xlsx")
    p = subprocess.run([agg.encode(), b"-q", b"--xlsx", gbook.encode(), b"--by", b"province",
                        b"-o", gbk, os.path.join(GOLD, "seeds.jsonl").encode()],
                       capture_output=True)
    gnames = list(read_xlsx(gbook)[1]) if p.returncode == 0 else []
    check("a table name that is not UTF-8: a sheet of 31 _", gnames[:1] == ["_" * 31],
          (p.returncode, p.stderr, gnames))
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office:
        out = os.path.join(tmp, "lo")
        subprocess.run([office, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                        "--outdir", out, book], capture_output=True, timeout=300)
        got = sorted(os.listdir(out)) if os.path.isdir(out) else []
        check("LibreOffice converts the workbook", len(got) >= 4, got)
        for f in got:
            for name in tables:
                if f.endswith("-%s.csv" % name):
                    lo = list(csv.reader(open(os.path.join(out, f), encoding="utf-8")))
                    mine = list(csv.reader(open(os.path.join(tmp, name + ".csv"), encoding="utf-8")))
                    norm = lambda rows: [[c[1:] if c.startswith("'") else
                                          (repr(round(float(c), 6)) if re.fullmatch(r"-?[0-9.]+", c) else c)
                                          for c in r] for r in rows]
                    check("LibreOffice reads %s back to the CSV's values" % name,
                          norm(lo) == norm(mine))
    else:
        print("skip LibreOffice: not installed (the sheets were read with zipfile)")
finally:
    shutil.rmtree(tmp)
print("%d passed, %d failed" % (passes, fails))
sys.exit(1 if fails else 0)
