#!/usr/bin/env bash
# identity-html.sh BIN SOURCE SHARED - the evidence an HTML page carries about
# itself travels extract | normalize | tabulate and places the report: the
# header's meta (SiteIDCode, SiteName, title, saved-from URL) and the path.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0

page() { # FILE HEAD-HTML BODY-HTML
    mkdir -p "$(dirname "$tmp/$1")"
    printf '<!DOCTYPE html><html><head><meta charset="utf-8">%s</head><body>%s</body></html>\n' \
        "$2" "$3" > "$tmp/$1"
}
run() { # FILE -> the record's "agency|agency_evidence|year|code|status|evidence|category"
    (cd "$tmp" && "$bin/extract" "$1" | "$bin/normalize" | "$bin/tabulate" 2>/dev/null) |
        python3 -c 'import json,sys
r=json.loads(sys.stdin.readline()); g=r.get("region") or {}
print("|".join(str(x) for x in (r.get("agency"), r.get("agency_evidence"), r.get("year"),
      g.get("code"), g.get("status"), g.get("evidence"), (r.get("category") or {}).get("id"))))'
}
check() { # NAME FILE WANT
    local got
    got=$(run "$2")
    if [ "$got" = "$3" ]; then pass=$((pass + 1)); echo "ok   $1"
    else fail=$((fail + 1)); echo "FAIL $1: got '$got', want '$3'"; fi
}
body='<p>一、总体情况</p><p>本单位认真落实条例。</p><p>二、主动公开政府信息情况</p>'

page a/1.html '<title>中村乡2020年政府信息公开工作年度报告</title><meta name="SiteIDCode" content="3607330001">' "$body"
check "SiteIDCode places an ambiguous township" a/1.html "中村乡|meta|2020|360733206|resolved|meta.SiteIDCode|township_gov"

page a/2.html '<meta name="SiteName" content="会昌县人民政府"><meta name="ArticleTitle" content="中村乡2020年政府信息公开工作年度报告">' "$body"
check "SiteName places it; ArticleTitle names it" a/2.html "中村乡|meta|2020|360733206|resolved|meta.SiteName|township_gov"

page a/3.html '<title>中村乡2020年政府信息公开工作年度报告 - 会昌县人民政府</title>' "$body"
check "the site's name after the title" a/3.html "中村乡|meta|2020|360733206|resolved|meta.title|township_gov"

page a/4.html '<!-- saved from url=(0052)http://www.huichang.gov.cn/hcxxxgk/202101/157a.shtml --><title>中村乡2020年政府信息公开工作年度报告</title>' "$body"
check "the saved-from URL's host" a/4.html "中村乡|meta|2020|360733206|resolved|host|township_gov"

page www.huichang.gov.cn/hcxxxgk/202101/157a.shtml '<title>中村乡2020年政府信息公开工作年度报告</title>' "$body"
check "the path's host (wget -x)" www.huichang.gov.cn/hcxxxgk/202101/157a.shtml "中村乡|meta|2020|360733206|resolved|host|township_gov"

page a/5.html '<title>中村乡2020年政府信息公开工作年度报告</title>' "$body"
check "no evidence: honestly ambiguous" a/5.html "中村乡|meta|2020|None|ambiguous|meta|township_gov"

page a/6.html '<meta name="SiteIDCode" content="6207020001"><title>岭东区民政局2023年政府信息公开工作年度报告</title>' "$body"
check "a code that contradicts a unique name loses" a/6.html "岭东区民政局|meta|2023|230503|resolved|meta|civil_affairs"

page a/7.html '<meta name="SiteIDCode" content="3213220037"><title>教育局2022年政府信息公开工作年度报告</title>' "$body"
check "a name-less agency takes the site's division" a/7.html "教育局|meta|2022|321322|resolved|meta.SiteIDCode|education"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
