#!/usr/bin/env python3
"""make-office.py KIND SEED OUT - write a test PDF or DOCX from a text report.

KIND is one of:
  docx       the seed as Word: lines with TAB as w:tbl rows, others w:p
  pdf        the seed as a PDF in the standard CJK font STSong-Light
             (UniGB-UCS2-H, not embedded): cells placed in columns
  encrypted  the pdf with an /Encrypt dictionary whose user password is
             not empty
  scan       a PDF of two pages with drawings and no text
  nounicode  a PDF whose text is in an Identity-H font without ToUnicode
  formbomb   a PDF of 2 KB whose page draws a form that draws the next one
             ten times, 9 forms deep: 10^8 strokes (MuPDF: minutes)
  repairwalk a PDF of 3 pages whose page tree holds an inline node with a
             null kid, and an object the table misplaces that MuPDF meets
             while the tree is walked: it repairs the file, reading the tree
             again (inline node and all)
  repairpage the same, the misplaced object met when page 0 is loaded
Nothing but the standard library: the tests build their inputs.
"""
import sys
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(lines, out):
    body = []
    rows = []

    def flush():
        if rows:
            body.append("<w:tbl><w:tblPr/>%s</w:tbl>" % "".join(rows))
            rows.clear()

    for ln in lines:
        if "\t" in ln:
            cells = "".join('<w:tc><w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p></w:tc>'
                            % escape(c) for c in ln.split("\t"))
            rows.append("<w:tr>%s</w:tr>" % cells)
        else:
            flush()
            body.append("<w:p><w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>" % escape(ln))
    flush()
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="%s"><w:body>%s<w:sectPr/></w:body></w:document>'
           % (W_NS, "".join(body)))
    ct = ('<?xml version="1.0" encoding="UTF-8"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    core = ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.'
            'openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/'
            'dc/elements/1.1/"><dc:title>年度报告</dc:title><dc:creator>测试</dc:creator>'
            '</cp:coreProperties>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_rels/.rels", rels)
        z.writestr("docProps/core.xml", core)
        z.writestr("word/document.xml", doc)
        z.writestr("[Content_Types].xml", ct)


def pdf_file(objs, trailer, misplace=None):
    """A PDF file of the objects objs (bytes, numbered from 1) and the
    trailer's entries; misplace maps an object's number to another's whose
    place the table gives instead (a table MuPDF has to repair)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    for num, other in (misplace or {}).items():
        offs[num - 1] = offs[other - 1]
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += (b"trailer\n<< /Size %d %s>>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, trailer, xref))
    return bytes(out)


def pdf_objects(pages, font, extra_trailer=""):
    """A PDF file from page content streams (bytes) and a font dict."""
    objs = []

    def add(s):
        objs.append(s if isinstance(s, bytes) else s.encode())
        return len(objs)

    cat = add("")
    pages_id = add("")
    font_id = add(font) if font else None
    kids = []
    for content in pages:
        c = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        res = "/Resources << /Font << /F1 %d 0 R >> >>" % font_id if font_id else ""
        kids.append(add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] %s /Contents %d 0 R >>"
                        % (pages_id, res, c)))
    objs[cat - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objs[pages_id - 1] = ("<< /Type /Pages /Kids [%s] /Count %d >>"
                          % (" ".join("%d 0 R" % k for k in kids), len(kids))).encode()
    info = add("<< /Title (Annual report) /Author (nianbao tests) >>")
    return pdf_file(objs, b"/Root %d 0 R /Info %d 0 R %s" % (cat, info, extra_trailer.encode()))


def formbomb(levels=9, fan=10):
    """One page of a line of text and a form XObject drawing the next form
    fan times, levels deep; the last strokes a line."""
    objs = []

    def add(b):
        objs.append(b if isinstance(b, bytes) else b.encode())
        return len(objs)

    cat, pages = add(""), add("")
    first = len(objs) + 1
    for i in range(levels):
        last = i + 1 == levels
        body = b"0 0 m 1 1 l S" if last else b"/X Do " * fan
        res = b"" if last else b"/Resources << /XObject << /X %d 0 R >> >>" % (first + i + 1)
        add(b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] %s /Length %d >>\nstream\n"
            % (res, len(body)) + body + b"\nendstream")
    text = b"/X Do BT /F1 12 Tf 50 800 Td (report) Tj ET"
    c = add(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
    font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page = add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /XObject "
               "<< /X %d 0 R >> /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
               % (pages, first, font, c))
    objs[cat - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
    objs[pages - 1] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page
    return pdf_file(objs, b"/Root %d 0 R " % cat)


def repaired_tree(when):
    """Three pages of one line; the second Pages node is inline with a null
    kid; one xref entry points at another object, so that MuPDF repairs the
    file when it first loads that object: a kid met while walking the tree
    (when == "walk") or page 0's contents (when == "page")."""
    text = b"BT /F1 12 Tf 72 712 Td (report) Tj ET"
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>")
    inline = b"<< /Type /Pages /Kids [null 3 0 R] /Count 2 >>"
    first = b"6 0 R" if when == "walk" else b"3 0 R"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + first + b" " + inline + b"] /Count 3 >>",
            page, b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    if when == "walk":
        objs.append(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    return pdf_file(objs, b"/Root 1 0 R ", {6: 4} if when == "walk" else {4: 5})


CJK_FONT = ("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
            "/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 /W [1 95 500] "
            "/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
            "/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 "
            "/StemV 80 >> >>] >>")


def show(x, y, size, text):
    hexs = "".join("%04X" % ord(c) for c in text if ord(c) < 0x10000)
    return b"BT /F1 %.1f Tf %.1f %.1f Td <%s> Tj ET\n" % (size, x, y, hexs.encode())


def pdf_pages(lines):
    """Lay the seed out: paragraphs wrapped at 40 characters, each run of
    TAB lines a table with its own column widths."""
    pages, cur, y = [], bytearray(), 790.0
    size = 10.0

    def newline(step):
        nonlocal cur, y
        y -= step
        if y < 60:
            pages.append(bytes(cur))
            cur, y = bytearray(), 790.0

    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            text = lines[i]
            while True:
                cur += show(50, y, size, text[:40])
                newline(18)
                text = text[40:]
                if not text:
                    break
            i += 1
            continue
        j = i
        while j < len(lines) and "\t" in lines[j]:
            j += 1
        rows = [ln.split("\t") for ln in lines[i:j]]
        ncol = max(len(r) for r in rows)
        width = [max(len(r[k]) if k < len(r) else 0 for r in rows) for k in range(ncol)]
        tsize = min(size, 495.0 / max(1, sum(w + 2 for w in width)))
        for r in rows:
            x = 50.0
            for k, cell in enumerate(r):
                if cell:
                    cur += show(x, y, tsize, cell)
                x += (width[k] + 2) * tsize
            newline(max(tsize * 2.4, 12))
        i = j
    if cur:
        pages.append(bytes(cur))
    return pages


def main():
    kind, seed, out = sys.argv[1:4]
    lines = [ln.rstrip("\n") for ln in open(seed, encoding="utf-8")] if seed != "-" else []
    lines = [ln.lstrip("#* ").rstrip() for ln in lines]
    lines = [ln for ln in lines if ln.strip()]
    if kind == "docx":
        docx(lines, out)
        return
    if kind == "pdf":
        data = pdf_objects(pdf_pages(lines), CJK_FONT)
    elif kind == "encrypted":
        enc = ("/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -4 "
               "/O <%s> /U <%s> >> /ID [<0123456789ABCDEF0123456789ABCDEF>"
               "<0123456789ABCDEF0123456789ABCDEF>] " % ("A5" * 32, "5A" * 32))
        data = pdf_objects(pdf_pages(lines), CJK_FONT, enc)
    elif kind == "scan":
        data = pdf_objects([b"0.5 g 50 50 400 600 re f\n", b"0 0 1 rg 10 10 100 100 re f\n"], None)
    elif kind == "nounicode":
        font = ("<< /Type /Font /Subtype /Type0 /BaseFont /XYZABC+SimSun /Encoding /Identity-H "
                "/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /XYZABC+SimSun "
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 "
                ">>] >>")
        body = b"".join(b"BT /F1 10 Tf 50 %d Td <%s> Tj ET\n" % (
            790 - 18 * k, b"".join(b"%04X" % (0x1000 + 37 * k + m) for m in range(30)))
            for k in range(20))
        data = pdf_objects([body], font)
    elif kind == "formbomb":
        data = formbomb()
    elif kind in ("repairwalk", "repairpage"):
        data = repaired_tree(kind[6:])
    else:
        sys.exit("make-office.py: unknown kind " + kind)
    open(out, "wb").write(data)


main()
