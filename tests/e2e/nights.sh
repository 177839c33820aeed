#!/usr/bin/env bash
# nights.sh BIN SOURCE SHARED - incremental nights (DESIGN 5): two nights
# kept by 'nianbao run --keep' give the same tables as one run over both
# nights' inputs, with the reports of both nights counted once; a night run
# again replaces its records; 'aggregate --merge' refuses to count a rollup
# twice (the same file, a copy, rollups sharing a report) unless --force.
. "$(dirname "$0")/run-common.bash"
tables="rollup.csv region.csv reports.csv rates.csv rollup-long.csv checks.csv conflicts.csv"
same_tables() { # same_tables NAME DIR1 DIR2
    local bad=
    for f in $tables; do cmp -s "$2/$f" "$3/$f" || bad="$bad $f"; done
    expect "$1" "" "$bad"
}

# Two nights that overlap: night 1 has seeds 000-002 and 30 synthetic
# reports, night 2 seeds 002-004 and the same 30 again (a re-scrape).
mkdir -p "$tmp/n1" "$tmp/n2"
python3 "$src/scripts/gen-corpus" 30 "$tmp/gen.tar.gz" >/dev/null 2>&1 ||
    { echo "skip: gen-corpus failed"; exit 77; }
seeds=("$src"/corpus/seeds/*.txt)
cp "${seeds[0]}" "${seeds[1]}" "${seeds[2]}" "$tmp/n1/"
cp "${seeds[2]}" "${seeds[3]}" "${seeds[4]}" "$tmp/n2/"
cd "$tmp" || exit 2
mkdir again && cp gen.tar.gz again/ # the re-scrape, as it lands on night 2
"$bin/nianbao" run -q -k --night 2024-01-01 -o kept n1 gen.tar.gz
expect "night 1: exit 0" 0 $?
"$bin/nianbao" run -q -k --night 2024-01-02 -o kept n2 again/gen.tar.gz
expect "night 2: exit 0" 0 $?
expect "both nights kept" "2024-01-01.jsonl 2024-01-02.jsonl" "$(ls kept/records | tr '\n' ' ' | sed 's/ $//')"
"$bin/nianbao" run -q -o once n1 gen.tar.gz n2 again/gen.tar.gz
expect "one run over both nights: exit 0" 0 $?
same_tables "two kept nights = one run over both nights' inputs" kept once
n=$(awk -F, 'NR > 1 { s += $3 } END { print s }' kept/rollup.csv)
d=$(awk -F, 'NR > 1 { s += $6 } END { print s }' kept/rollup.csv)
all=$(cat kept/records/*.jsonl | wc -l)
expect "every record is a counted report or a duplicate" "$all" "$((n + d))"
expect "the overlap counted once: seed 002 and the 30 again are duplicates" 1 \
    "$([ "$d" -ge 31 ] && echo 1 || echo "$d")"
"$bin/nianbao" run -q -o first n1 gen.tar.gz
expect "the records of night 1 alone are not enough" 1 \
    "$(cmp -s first/rollup.csv kept/rollup.csv || echo 1)"

# The same night again replaces its records: nothing is counted twice.
"$bin/nianbao" run -q -k --night 2024-01-02 -o kept n2 again/gen.tar.gz
expect "night 2 again: exit 0" 0 $?
same_tables "night 2 run twice = once" kept once
"$bin/nianbao" run -q -k --night ../x -o kept n2 >/dev/null 2>&1
expect "--night with a slash: exit 2" 2 $?

# A scrape folder read again on the next night: its pages count once, as
# the later night read them, those without an agency, region or year
# (nothing to know them as copies by) and the unreadable ones too.
mkdir p && cp "${seeds[0]}" p/ && cp "$src/tests/golden/extract/stdin-html-table/input" p/t.in
printf 'report' | gzip | head -c 12 >p/cut.gz
"$bin/nianbao" run -q -k --night a -o pk p
"$bin/nianbao" run -q -k --night b -o pk p
expect "a folder read on two nights: exit 1 (the cut file)" 1 $?
"$bin/nianbao" run -q -o p1 p
same_tables "a folder read on two nights = read once" pk p1
expect "its unreadable file is one error" 2 "$(wc -l <pk/errors.csv)"
echo 'another page, no tables, no agency' >p/t.in
"$bin/nianbao" run -q -k --night c -o pk p
expect "a page changed on night c: counted once" 1 "$(grep -c '/t\.in,' pk/reports.csv)"
expect "a page changed on night c: as night c read it (now not a report)" 1 \
    "$(grep -c 't\.in,tabulate,no-table' pk/errors.csv)"
msg=$("$bin/nianbao" run -k --night c -o pk p 2>&1 >/dev/null)
case $msg in *"6 earlier nights' records of a page read again since"*) ok "summary: the records read again" ;;
*) no "summary: $msg" ;; esac

# --merge counts a rollup once: the same file, a copy, an overlap.
agg=$bin/aggregate
# by agency, region and year: the re-scrape has other doc ids, the same
# reports
"$agg" --long --by agency,region_code,year kept/records/2024-01-01.jsonl >a.csv
"$agg" --long --by agency,region_code,year kept/records/2024-01-02.jsonl >b.csv
cp a.csv a-copy.csv
for args in "a.csv a.csv" "a.csv a-copy.csv" "a.csv b.csv"; do
    # shellcheck disable=SC2086
    msg=$("$agg" --merge $args 2>&1 >/dev/null)
    st=$?
    expect "--merge $args: exit 2" 2 "$st"
    case $msg in *"twice"*"--force"*) ok "--merge $args: says why" ;;
    *) no "--merge $args: said '$msg'" ;; esac
done
"$agg" --merge --force a.csv a.csv >/dev/null 2>&1
expect "--merge --force a.csv a.csv: exit 0" 0 $?
cat a.csv a.csv | "$agg" --merge >/dev/null 2>&1
expect "--merge of a rollup cat twice on stdin: exit 2" 2 $?
"$agg" --long --by doc "$src/tests/golden/aggregate/seeds.jsonl" >s.csv
"$agg" --long --by doc "$src/tests/golden/aggregate/extra.jsonl" >e.csv
"$agg" --merge s.csv e.csv >/dev/null 2>&1
expect "--merge of two disjoint shards: exit 0" 0 $?
"$agg" --long --by province a.csv >/dev/null 2>&1
"$agg" --merge --by province a.csv a-copy.csv >/dev/null 2>&1
expect "--merge --by province of a copy: still refused (the same bytes)" 2 $?

finish
