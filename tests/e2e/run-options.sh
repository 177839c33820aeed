#!/usr/bin/env bash
# run-options.sh BIN SOURCE SHARED - 'nianbao run' is spreadsheet-ready:
# CSVs begin with a BOM unless --no-bom, and aggregate's options (--labels
# zh, --null, --coverage, --keep-duplicates) reach every table; the summary
# names every count.
. "$(dirname "$0")/run-common.bash"
seeds=$src/corpus/seeds
cd "$tmp" || exit 2
bom=$(printf '\357\273\277')

"$bin/nianbao" run -q -o a "$seeds"
for f in rollup.csv region.csv reports.csv rates.csv rollup-long.csv checks.csv errors.csv \
    conflicts.csv; do
    expect "$f begins with a BOM by default" "$bom" "$(head -c 3 "a/$f")"
done
[ -s a/nianbao.xlsx ] && ok "nianbao.xlsx beside the CSVs" || no "no nianbao.xlsx"
"$bin/nianbao" run -q --no-bom --no-xlsx -o b "$seeds"
expect "--no-xlsx: no workbook" "" "$(ls b/nianbao.xlsx 2>/dev/null)"
expect "--no-bom: rollup.csv begins with its header" "province" "$(head -c 8 b/rollup.csv)"

"$bin/nianbao" run -q --labels zh --null NA -o z "$seeds"
expect "--labels zh: Chinese headers" "${bom}省份,类别,报告数" "$(head -1 z/rollup.csv | cut -d, -f1-3)"
expect "--labels zh: categories in Chinese" "民政" "$(sed -n 2p z/rollup.csv | cut -d, -f2)"
expect "--labels zh: levels in Chinese" "县级" \
    "$(awk -F, 'NR > 1 && $5 == "县级" { print $5; exit }' z/region.csv)"
case $(head -1 z/reports.csv) in *"采购总金额（万元）"*) ok "--labels zh: amounts say 万元" ;;
*) no "--labels zh: no 万元 in the header of reports.csv" ;; esac
grep -q ',NA' z/reports.csv && ok "--null NA reaches reports.csv" || no "--null NA not in reports.csv"
"$bin/nianbao" run -q --coverage -o c "$seeds"
head -1 c/rollup.csv | grep -q 't3.new.total:n_num' && ok "--coverage reaches rollup.csv" ||
    no "--coverage not in rollup.csv"
"$bin/nianbao" run -q --labels fr -o x "$seeds" 2>/dev/null
expect "--labels fr: exit 2" 2 $?
expect "--labels fr: no OUTDIR" "" "$(ls -d x 2>/dev/null)"

# the summary names every count in words
msg=$("$bin/nianbao" run -o s "$seeds" 2>&1 >/dev/null)
for words in "documents in" "reports counted" "duplicate copies" "errors" \
    "failing a consistency rule" "without a province" "copies disagree"; do
    case $msg in *"$words"*) ok "summary: $words" ;; *) no "summary lacks '$words': $msg" ;; esac
done
expect "summary: 5 reports counted" 1 "$(echo "$msg" | grep -c '^ *5 reports counted')"

# --progress: held after the stages, the run shows the documents so far
# (polled for, never timed); without a terminal and without --progress,
# no progress line.
mkdir hold && mkfifo hold/aggregate.go
NB_RUN_HOLD=$tmp/hold "$bin/nianbao" run --progress -o p "$seeds" 2>progress.err &
pid=$!
seen=
for _ in $(seq 600); do
    grep -q '5 documents' progress.err 2>/dev/null && seen=1 && break
    sleep 0.1
done
: >hold/aggregate.go
wait "$pid"
expect "--progress: exit 0" 0 $?
expect "--progress: 5 documents shown" 1 "$seen"
expect "--progress: no 'Terminated' when it stops" 0 "$(grep -c Terminated progress.err)"
"$bin/nianbao" run -q --progress -o qp "$seeds" 2>qp.err
expect "-q wins over --progress: no progress line" 0 "$(grep -c 'elapsed' qp.err)"
"$bin/nianbao" run -o np "$seeds" 2>np.err
expect "no terminal: no progress line" 0 "$(grep -c 'elapsed' np.err)"

finish
