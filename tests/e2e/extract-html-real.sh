#!/usr/bin/env bash
# extract over the real HTML report shared/real/007_*.html (rowspan,
# colspan, &nbsp; cells): its table rows come out as TAB-separated lines
# with every cell in its column.  Also inside a zip, and as GB18030 with a
# <meta charset>.  Skips (77) when shared/ is absent.
. "$(dirname "$0")/extract-common.bash"
html=$(ls "$shared"/real/007_*.html 2>/dev/null | head -n 1)
[ -n "$html" ] || { echo "skip: no $shared/real/007_*.html"; exit 77; }
cd "$tmp"
rows=(
    $'规章\t13\t13\t\t524'
    $'规范性文件\t60\t60\t\t368'
    $'行政许可\t0\t\t0\t0'
    $'政府集中采购\t6\t\t251000元\t'
    $'一、本年新收政府信息公开申请数量\t\t\t821\t35\t\t\t2\t1\t859'
    $'四、结转下年度继续办理\t\t\t72\t\t\t\t\t\t72'
)
cp "$html" page.html
run real page.html
expect_rc real 0
has real $'page.html\tenc=utf-8 fmt=html'
for r in "${rows[@]}"; do body real "$r"; done
checks=$((checks + 1))
[ "$(grep -c $'\t' real.out)" -ge 40 ] || fail "real: fewer than 40 table rows"
grep -qiE '<td|&nbsp;|<script' real.out && fail "real: markup left in the text"
checks=$((checks + 1))

# the same page in a zip, and converted to GB18030 with its <meta> saying so
sed 's/charset=[Uu][Tt][Ff]-8/charset=gb18030/' page.html | iconv -f UTF-8 -t GB18030 >gb.htm
grep -qi 'charset=gb18030' gb.htm || sed -i '1s/^/<meta charset="gb18030">/' gb.htm
python3 -c 'import zipfile; z = zipfile.ZipFile("p.zip", "w", zipfile.ZIP_DEFLATED); z.write("page.html", "年报/page.html"); z.write("gb.htm", "年报/gb.htm"); z.close()'
run zip p.zip
expect_rc zip 0
has zip $'p.zip!年报/page.html\tenc=utf-8 fmt=html'
has zip $'p.zip!年报/gb.htm\tenc=gb18030 fmt=html'
for r in "${rows[@]}"; do
    checks=$((checks + 1))
    [ "$(grep -cxF -- "$r" zip.out)" = 2 ] || fail "zip: row '$r' not in both documents"
done
finish
