#!/usr/bin/env bash
# extract over PDF and Word files built here from the seeds (make-office.py):
# each is one document whose values through normalize | tabulate are the
# seed's, exactly; bad ones
# (truncated, encrypted, scanned, no Unicode map, a .doc, a zip named
# .docx, a .docx without document.xml, a deep document.xml) are error
# records or, for a zip of reports, its members; and the real PDF and
# DOCX of shared/real/formats/ when present.
. "$(dirname "$0")/extract-common.bash"
cd "$tmp"
mk() { python3 "$here/make-office.py" "$@" || fail "make-office.py $*"; }
values() { # FILE [ERRORS]: the values of the one report record (and
    # ERRORS error records), sorted JSON
    "$bin/extract" "$1" 2>/dev/null | "$bin/normalize" | "$bin/tabulate" 2>/dev/null |
        python3 -c 'import json,sys
r=[json.loads(l) for l in sys.stdin]; e=[x for x in r if "error" in x]
r=[x for x in r if "error" not in x]
assert len(r)==1 and len(e)==int(sys.argv[1]), r
print(json.dumps(r[0].get("values"), sort_keys=True))' "${2:-0}"
}
same_values() { # NAME SEED FILE MAXMISSED
    python3 - "$2" "$3" "$4" <<'PY' || fail "$1: values differ from the seed's"
import json, sys
seed, got, maxmiss = json.loads(sys.argv[1]), json.loads(sys.argv[2]), float(sys.argv[3])
wrong = [k for k in got if got[k] is not None and got[k] != seed.get(k)]
miss = [k for k in seed if seed[k] is not None and got.get(k) is None]
print("\n".join("wrong %s: %s, want %s" % (k, got[k], seed.get(k)) for k in wrong))
sys.exit(1 if wrong or len(miss) > maxmiss * len(seed) else 0)
PY
    checks=$((checks + 1))
}
for s in "$src"/corpus/seeds/*.txt; do
    n=$(basename "$s" .txt)
    want=$(values "$s")
    mk docx "$s" "$n.docx"
    run "$n-docx" "$n.docx"
    expect_rc "$n-docx" 0
    has "$n-docx" $'\tenc=utf-8 fmt=docx'
    same_values "$n-docx" "$want" "$(values "$n.docx")" 0
    mk pdf "$s" "$n.pdf"
    run "$n-pdf" "$n.pdf"
    expect_rc "$n-pdf" 0
    has "$n-pdf" $'\tenc=utf-8 fmt=pdf'
    same_values "$n-pdf" "$want" "$(values "$n.pdf")" 0
    # golden documents: the text of each, reviewed once (NB_UPDATE=1 rewrites)
    for k in docx pdf; do
        python3 "$here/extract-docs.py" "$n-$k.out" "$n.$k" >"$n.$k.txt"
        exp=$here/extract-formats/$n.$k.txt
        checks=$((checks + 1))
        if [ "${NB_UPDATE:-}" = 1 ]; then
            mkdir -p "$here/extract-formats" && cp "$n.$k.txt" "$exp"
        elif ! cmp -s "$n.$k.txt" "$exp"; then
            fail "$n.$k: text differs from $exp:"
            diff "$exp" "$n.$k.txt" | head -10
        fi
    done
done
seed=$(ls "$src"/corpus/seeds/*.txt | head -n 1)

# one document in an archive too, named by content not by name
cp 000_*.docx report.bin && cp 000_*.pdf scan-named.doc
cmake -E tar cf in.tar report.bin scan-named.doc
run tar in.tar
expect_rc tar 0
has tar $'in.tar!report.bin\tenc=utf-8 fmt=docx'
has tar $'in.tar!scan-named.doc\tenc=utf-8 fmt=pdf'
count tar . 2
# on stdin
"$bin/extract" <000_*.docx >stdin.out 2>/dev/null
rc=$?
summarise stdin
expect_rc stdin 0
has stdin $'-\tenc=utf-8 fmt=docx'

# the Word table rules: gridSpan and vMerge keep positions, deleted text,
# field codes and alternate-content fallbacks are not text, a w:tab in a
# paragraph is a TAB, no-break spaces are trimmed, full-width text stays
python3 - <<'PY'
import zipfile
src = zipfile.ZipFile([n for n in __import__("os").listdir(".") if n.startswith("000_") and n.endswith(".docx")][0])
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
def tc(text, pr=""):
    return "<w:tc><w:tcPr>%s</w:tcPr><w:p><w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p></w:tc>" % (pr, text)
rows = ["<w:tr>%s</w:tr>" % (tc("A", '<w:gridSpan w:val="2"/>') + tc("B")),
        "<w:tr>%s</w:tr>" % (tc("C", '<w:vMerge w:val="restart"/>') + tc("D") + tc("E")),
        "<w:tr>%s</w:tr>" % (tc("", "<w:vMerge/>") + tc("F") + tc("\u00a0G\u00a0")),
        "<w:tr>%s</w:tr>" % (tc("") + tc("\u00a0") + tc(""))]
body = ('<w:p><w:r><w:t>规章</w:t></w:r><w:r><w:tab/><w:t>１２</w:t></w:r>'
        '<w:del><w:r><w:delText>99</w:delText></w:r></w:del>'
        '<w:r><w:instrText>PAGE</w:instrText></w:r>'
        '<mc:AlternateContent><mc:Choice><w:r><w:t>甲</w:t></w:r></mc:Choice>'
        '<mc:Fallback><w:r><w:t>乙</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>'
        '<w:tbl>%s</w:tbl>' % "".join(rows))
with zipfile.ZipFile("rules.docx", "w") as z:
    for n in src.namelist():
        z.writestr(n, src.read(n) if n != "word/document.xml" else
                   '<w:document %s><w:body>%s</w:body></w:document>' % (W, body))
PY
run rules rules.docx
expect_rc rules 0
body rules $'规章\t１２甲'
body rules $'A\t\tB'
body rules $'C\tD\tE'
body rules $'\tF\tG'
count rules . 1
checks=$((checks + 1))
[ "$(python3 "$here/extract-docs.py" rules.out rules.docx | wc -l)" = 4 ] ||
    fail "rules: a row of empty cells kept, or lines lost"

# a page turned by /Rotate (a landscape table) reads as the upright one
for r in 90 180 270; do
    sed "s|/MediaBox \[0 0 595 842\]|/MediaBox [0 0 595 842] /Rotate $r|" 000_*.pdf >rot$r.pdf
    run rot$r rot$r.pdf
    checks=$((checks + 1))
    diff <(tail -n +2 000_*-pdf.out) <(tail -n +2 rot$r.out) >/dev/null ||
        fail "rot$r: a page turned $r degrees reads differently"
done

# an archive of reports whose names look like a Word file's parts, larger
# than the member cap: read as an archive from a file; on a pipe, an error
mkdir -p wz/word && cp "$src"/corpus/seeds/*.txt wz/word/
(cd wz && python3 -c 'import zipfile,glob; z=zipfile.ZipFile("../word.zip","w"); [z.write(f) for f in sorted(glob.glob("word/*"))]; z.close()')
run wordzip --max-member-bytes 20000 word.zip
expect_rc wordzip 0
count wordzip $'^word.zip!word/.*fmt=text' 5
cat word.zip | "$bin/extract" --max-member-bytes 20000 >wordpipe.out 2>wordpipe.err
rc=$?
summarise wordpipe
expect_rc wordpipe 1
has wordpipe $'-\terror=too-big: a zip naming Office parts'

# bad ones
head -c 2500 000_*.pdf >cut.pdf
run cut cut.pdf
expect_rc cut 1
has cut "cut.pdf"$'\terror=damaged'
# cut after its first page: the pages read, then an error document
head -c 10000 000_*.pdf >half.pdf
run half half.pdf
expect_rc half 1
has half $'half.pdf\tenc=utf-8 fmt=pdf'
has half $'half.pdf\\+lost\terror=damaged: truncated PDF'
# a page count that lies (2,000,000,000 pages in 19 KB)
sed 's|/Count 2 >>|/Count 2000000000 >>|' 000_*.pdf >liar.pdf
run liar liar.pdf
expect_rc liar 1
has liar $'liar.pdf\terror=damaged: damaged PDF: it claims 2000000000 pages'
# a page tree node written inline (ISO 32000 forbids it) with a null kid:
# MuPDF's page lookup spots a cycle by object number, an inline node has
# none, and its lookup went round forever (fuzz_extract found it).  The
# pages that can be read are read; the others are a damaged-PDF error.
sed 's|/Kids \[|/Kids [<< /Type /Pages /Kids [null] /Count 3 >> |; s|/Count 2 >>|/Count 5 >>|' \
    000_*.pdf >inline.pdf
timeout 60 "$bin/extract" inline.pdf >inline.out 2>inline.err </dev/null
rc=$?
summarise inline
expect_rc inline 1
has inline $'inline.pdf\tenc=utf-8 fmt=pdf'
has inline $'inline.pdf\+lost\terror=damaged: damaged PDF: 3 of its 5 pages could not be read'
[ "$rc" = 124 ] || same_values inline "$(values 000_*.pdf)" "$(values inline.pdf 1)" 0
# the root of the page tree inline, its first kid null
sed 's|/Pages [0-9]* 0 R|/Pages << /Type /Pages /Kids [null] /Count 1 >>|' 000_*.pdf >inroot.pdf
timeout 60 "$bin/extract" inroot.pdf >inroot.out 2>inroot.err </dev/null
rc=$?
summarise inroot
expect_rc inroot 1
has inroot $'inroot.pdf\terror=damaged: damaged PDF: none of its 1 pages could be read'
# the same inline node in a file MuPDF repairs on the way (it reads the
# tree again): met while the tree is walked, or when page 0 is loaded
for k in walk page; do
    mk repair$k - repair$k.pdf
    timeout 60 "$bin/extract" --pdf-seconds 0 repair$k.pdf >repair$k.out 2>repair$k.err </dev/null
    rc=$?
    summarise repair$k
    expect_rc repair$k 1
    has repair$k $'repair'$k$'.pdf\tenc=utf-8 fmt=pdf'
    has repair$k $'repair'$k$'.pdf\\+lost\terror=damaged: damaged PDF: 1 of its 3 pages could not be read'
done
# 2.5 KB that MuPDF draws for minutes (forms drawing forms, 10^8 strokes):
# read in a process of its own, stopped at the CPU limit, an error document
mk formbomb - bomb.pdf
run bomb --pdf-seconds 1 bomb.pdf
expect_rc bomb 1
has bomb $'bomb.pdf\terror=damaged: the PDF reader (MuPDF) was stopped after 1 s of CPU time'
# extract killed while its worker draws: the worker does not live on
"$bin/extract" --pdf-seconds 60 bomb.pdf >/dev/null 2>&1 </dev/null &
px=$! pw=
for _ in $(seq 100); do
    pw=$(cat /proc/$px/task/$px/children 2>/dev/null) && pw=${pw%% *} && [ -n "$pw" ] && break
    sleep 0.1
done
kill -9 $px 2>/dev/null
wait $px 2>/dev/null
for _ in $(seq 100); do
    [ -n "$pw" ] && [ -d /proc/$pw ] && ! grep -q '^State:.*Z' /proc/$pw/status 2>/dev/null ||
        break
    sleep 0.1
done
checks=$((checks + 1))
if [ -z "$pw" ]; then
    fail "bomb: no worker process seen"
elif [ -d /proc/$pw ] && ! grep -q '^State:.*Z' /proc/$pw/status 2>/dev/null; then
    fail "bomb: the worker $pw outlived extract"
    kill -9 $pw 2>/dev/null
fi
# read in this process (--pdf-seconds 0): the same document as in a child
run inproc --pdf-seconds 0 000_*.pdf
expect_rc inproc 0
checks=$((checks + 1))
cmp -s 000_*-pdf.out inproc.out || fail "inproc: a PDF read in this process reads differently"
for bad in -1 x 86401 ''; do
    "$bin/extract" --pdf-seconds "$bad" 000_*.pdf >/dev/null 2>usage.err
    rc=$?
    checks=$((checks + 1))
    [ "$rc" = 2 ] && grep -q "invalid number of seconds" usage.err ||
        fail "--pdf-seconds '$bad': exit $rc, want 2 and a usage message"
done
mk encrypted "$seed" locked.pdf
run locked locked.pdf
expect_rc locked 1
has locked $'locked.pdf\terror=encrypted'
mk scan - scan.pdf
run scan scan.pdf
expect_rc scan 1
has scan $'scan.pdf\terror=no_text: no text layer in its 2 pages'
mk nounicode - garbled.pdf
run garbled garbled.pdf
expect_rc garbled 1
has garbled $'garbled.pdf\terror=no_text'
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 a legacy Word file' >old.doc
run doc old.doc
expect_rc doc 1
has doc $'old.doc\terror=unsupported_format'
has doc "libreoffice --headless --convert-to docx"
cp "$src"/corpus/seeds/000_*.txt a.txt && cp "$src"/corpus/seeds/001_*.txt b.txt
python3 -c 'import zipfile; z=zipfile.ZipFile("reports.docx","w"); z.write("a.txt"); z.write("b.txt"); z.close()'
run zipdocx reports.docx
expect_rc zipdocx 0
has zipdocx $'reports.docx!a.txt\tenc=utf-8 fmt=text'
count zipdocx . 2
python3 - <<'PY'
import zipfile
src = zipfile.ZipFile([n for n in __import__("os").listdir(".") if n.startswith("000_") and n.endswith(".docx")][0])
with zipfile.ZipFile("nodoc.docx", "w") as z:
    for n in src.namelist():
        if n != "word/document.xml":
            z.writestr(n, src.read(n))
with zipfile.ZipFile("deep.docx", "w") as z:  # stored: [Content_Types].xml after 1.5 MB
    for n in src.namelist():
        z.writestr(n, src.read(n) if n != "word/document.xml" else
                   '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                   + "<w:sdt>" * 100000 + "</w:sdt>" * 100000 + "</w:body></w:document>")
with zipfile.ZipFile("broken.docx", "w") as z:
    for n in src.namelist():
        z.writestr(n, src.read(n) if n != "word/document.xml" else "<w:document><w:body><w:p>")
PY
run nodoc nodoc.docx
expect_rc nodoc 1
has nodoc $'nodoc.docx\terror=damaged: damaged Word file: its main part word/document.xml is missing'
run deep deep.docx
expect_rc deep 1
has deep $'deep.docx\terror=damaged'
run broken broken.docx
expect_rc broken 1
has broken $'broken.docx\terror=damaged'
run big --max-member-bytes 1000 000_*.docx
expect_rc big 1
has big "error=too-big"

# the real files, when shared/ is there
real=$shared/real/formats
if [ -f "$real/003_huaian_city_2024.pdf" ]; then
    run r003 "$real/003_huaian_city_2024.pdf"
    expect_rc r003 0
    has r003 $'\tenc=utf-8 fmt=pdf'
    body r003 $'一、本年新收政府信息公开申请数量\t3001\t53\t0\t0\t61\t4\t3119'
    body r003 $'（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t447\t7\t0\t0\t0\t0\t454'
    checks=$((checks + 1))
    grep -qE '^- ?[0-9]+ ?-$' r003.out && fail "r003: a page number left in the text"
fi
if [ -f "$real/007_shanghai_govoffice_2019.docx" ]; then
    run r007 "$real/007_shanghai_govoffice_2019.docx"
    expect_rc r007 0
    count r007 . 1
    body r007 $'规章\t13\t13\t\t524'
fi
if [ -f "$real/政务公开年报模版.docx" ]; then
    run tpl "$real/政务公开年报模版.docx"
    expect_rc tpl 0
    count tpl . 1
    checks=$((checks + 1))
    [ "$(grep -c $'\t' tpl.out)" -ge 20 ] || fail "tpl: fewer than 20 table rows"
fi
finish
