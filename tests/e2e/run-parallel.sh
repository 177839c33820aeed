#!/usr/bin/env bash
# run-parallel.sh BIN SOURCE SHARED - the README's recipe past one machine,
# run with GNU parallel on this one (local slots, -j2, --sshlogin :):
# shards by archive, each extract | normalize | tabulate | aggregate --long,
# then aggregate --merge, gives the same bytes as one 'nianbao run' over
# all the archives, for every rollup; the shards' records given to one
# aggregate give every table; a shard that fails fails the job.
. "$(dirname "$0")/run-common.bash"
command -v parallel >/dev/null || { echo "skip: no GNU parallel (scripts/setup installs it)"; exit 77; }
parallel --version 2>/dev/null | grep -q 'GNU parallel' || { echo "skip: not GNU parallel"; exit 77; }
cd "$tmp" || exit 2
mkdir path && for s in extract normalize tabulate aggregate nianbao; do ln -s "$bin/$s" path/; done
export PATH=$tmp/path:$PATH

# Three archives: the members of one synthetic scrape dealt out in thirds
# (no report has a copy in another archive), a fourth with the seeds.
python3 "$src/scripts/gen-corpus" 90 all.tar.gz >/dev/null 2>&1 ||
    { echo "skip: gen-corpus failed"; exit 77; }
mkdir x && tar -xzf all.tar.gz -C x && (cd x && find . -type f | LC_ALL=C sort) >list
split -n l/3 -d list part.
for p in part.0*; do tar -czf "scrape-${p#part.}.tar.gz" -C x -T "$p"; done
tar -czf scrape-03.tar.gz -C "$src/corpus" seeds
expect "four archives" 4 "$(ls scrape-*.tar.gz | wc -l)"

long='year,region_code,province,city,county,level,category,format'
# map [AGGREGATE-OPTION]...: the shards, two at a time, with the options
map() {
    parallel --will-cite -j2 --sshlogin 2/: --halt now,fail=1 \
        "set -o pipefail; nianbao extract -q -- {} | nianbao normalize -q | nianbao tabulate -q |
         nianbao aggregate -q $* --long --rates --by $long > {/.}.long.csv" ::: scrape-*.tar.gz
}
map
expect "map: exit 0" 0 $?
expect "map: one long rollup per archive" 4 "$(ls scrape-*.long.csv | wc -l)"
nianbao run -q --no-bom --no-xlsx -o single scrape-*.tar.gz
expect "the single run: exit 0" 0 $?
expect "no report has copies in two archives" 0 \
    "$(awk -F, 'NR > 1 { s += $6 } END { print s + 0 }' single/rollup.csv)"
# reduce NAME OPTION...: one merged table against the single run's
reduce() {
    local name=$1
    shift
    nianbao aggregate --merge "$@" scrape-*.long.csv >"m-$name"
    expect "--merge $*: exit 0" 0 $?
    cmp -s "m-$name" "single/$name" && ok "--merge: $name the same bytes as one run" ||
        no "--merge: $name differs from one run"
}
reduce rollup.csv --by province,category
reduce region.csv --by region_code,province,city,county,level
reduce rates.csv --rates --by province,category --metrics 'd.*'
reduce rollup-long.csv --long --rates --by "$long"
# Hadoop's shuffle: every line of every shard in any order, reverse-sorted
# by the reducer so that the headers come first (README)
cat scrape-*.long.csv | python3 -c 'import random, sys
lines = sys.stdin.readlines(); random.Random(7).shuffle(lines); sys.stdout.writelines(lines)' |
    LC_ALL=C sort -r | nianbao aggregate --merge --by province,category >m-shuffled.csv
cmp -s m-shuffled.csv single/rollup.csv && ok "shuffled lines, sort -r, --merge: the same bytes" ||
    no "shuffled lines, sort -r, --merge: differs"
# the inputs' order does not matter
nianbao aggregate --merge --by province,category $(ls scrape-*.long.csv | sort -r) >m-reversed.csv
cmp -s m-reversed.csv single/rollup.csv && ok "--merge in reverse order: the same bytes" ||
    no "--merge in reverse order differs"

# --keep-duplicates on both sides: the seeds twice (copies in two shards)
cp scrape-03.tar.gz scrape-04.tar.gz
rm -f scrape-*.long.csv
map --keep-duplicates
nianbao run -q --keep-duplicates --no-bom --no-xlsx -o kd scrape-*.tar.gz
# (the two seeds' rollups are the same bytes: --force merges them)
nianbao aggregate --merge --force --by province,category scrape-*.long.csv >m-kd.csv
cmp -s m-kd.csv kd/rollup.csv && ok "--keep-duplicates: copies in two shards, the same bytes" ||
    no "--keep-duplicates: merged rollup differs"

# Records instead of rollups: copies in two shards count once, and every
# table (checks, errors, conflicts) is one run's.
parallel --will-cite -j2 --sshlogin 2/: --halt now,fail=1 \
    "set -o pipefail; nianbao extract -q -- {} | nianbao normalize -q | nianbao tabulate -q > {/.}.jsonl" \
    ::: scrape-*.tar.gz
expect "map to records: exit 0" 0 $?
nianbao run -q --no-bom --no-xlsx -o dup scrape-*.tar.gz
nianbao aggregate --by province,category --checks checks.csv --errors errors.csv \
    --conflicts conflicts.csv scrape-*.jsonl >rollup.csv
for f in rollup.csv checks.csv errors.csv conflicts.csv; do
    cmp -s "$f" "dup/$f" && ok "records reduced: $f the same bytes as one run" ||
        no "records reduced: $f differs"
done
expect "records reduced: the copies counted once" 1 \
    "$([ "$(awk -F, 'NR > 1 { s += $6 } END { print s + 0 }' rollup.csv)" -ge 5 ] && echo 1)"

# A shard that fails (an archive that is not there) fails the job.
parallel --will-cite -j2 --sshlogin 2/: --halt now,fail=1 \
    "set -o pipefail; nianbao extract -q -- {} | nianbao normalize -q | nianbao tabulate -q |
     nianbao aggregate -q --long --by $long > {/.}.long.csv" ::: scrape-00.tar.gz missing.tar.gz \
    2>/dev/null
st=$?
expect "a shard that fails: parallel's status is not 0" 1 "$([ "$st" -ne 0 ] && echo 1)"
# and a cut long rollup is refused by --merge
head -c 3000 scrape-00.tar.long.csv >cut.long.csv
nianbao aggregate --merge --by province cut.long.csv >/dev/null 2>&1
expect "--merge of a cut rollup: not status 0" 1 "$([ $? -ne 0 ] && echo 1)"

finish
