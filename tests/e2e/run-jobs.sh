#!/usr/bin/env bash
# run-jobs.sh BIN SOURCE SHARED - 'nianbao run -j N' writes the same bytes
# as -j 1 in every file of OUTDIR (the workbook but for its time of
# writing), whatever N, over inputs that give error records, nested
# archives, duplicates, an empty member and fewer documents than
# pipelines; -j takes a number from 1 to 64 and nothing else; a pipeline
# that fails, is killed, or loses or gains a record fails the run and
# leaves OUTDIR as it was.
. "$(dirname "$0")/run-common.bash"
cd "$tmp" || exit 2
seeds=$src/corpus/seeds

# The inputs: synthetic reports, the seeds twice (duplicates), a zip with
# an archive inside, an empty file, a file that is not a report, and an
# archive cut short (error records, so -j 1 itself exits 1).
python3 "$src/scripts/gen-corpus" 40 gen.tar.gz >/dev/null 2>&1 ||
    { echo "skip: gen-corpus failed"; exit 77; }
mkdir in in/again
cp "$seeds"/*.txt in/
cp "$seeds"/*.txt in/again/
: >in/empty.txt
echo "not a report at all" >in/note.txt
head -c 20000 gen.tar.gz >in/cut.tar.gz
python3 - "$seeds" in/nested.zip <<'EOF'
import io, os, sys, zipfile
seeds, out = sys.argv[1:]
names = sorted(os.listdir(seeds))[:3]
inner = io.BytesIO()
with zipfile.ZipFile(inner, "w") as z:
    for n in names[:2]:
        z.write(os.path.join(seeds, n), "inner/" + n)
with zipfile.ZipFile(out, "w") as z:
    z.writestr("inner.zip", inner.getvalue())
    z.write(os.path.join(seeds, names[2]), "outer/" + names[2])
EOF
inputs=(gen.tar.gz in)

# -j's default: the number of cores, but 1 on two or fewer (one pipeline
# fills them): the run's normalize processes counted while it waits for
# its input, a FIFO nobody has written to yet
cores=$(nproc)
[ "$cores" -gt 2 ] || cores=1
[ "$cores" -le 64 ] || cores=64
mkdir hold && mkfifo hold/stages.go hold/in.txt
NB_TEST_TAG=$tmp/default NB_RUN_HOLD=$tmp/hold "$bin/nianbao" run -q -o dj hold/in.txt &
pid=$!
for _ in $(seq 600); do [ -e hold/stages ] && break; sleep 0.1; done
n=$(left "$tmp/default" | awk '$2 == "normalize"' | wc -l)
exec 7>hold/in.txt
cat "$seeds"/*.txt >&7
exec 7>&-
: >hold/stages.go
wait "$pid"
expect "-j's default: $cores pipeline(s) on $(nproc) cores" "$cores" "$n"

"$bin/nianbao" run -q -j 1 -k --night n -o j1 "${inputs[@]}"
want=$?
expect "-j 1: exit 1 (the cut archive's error records)" 1 "$want"
expect "-j 1: error records in errors.csv" 1 "$([ "$(wc -l <j1/errors.csv)" -gt 1 ] && echo 1)"
for j in 2 3 5 64; do
    "$bin/nianbao" run -q -j "$j" -k --night n -o "j$j" "${inputs[@]}"
    expect "-j $j: exit $want" "$want" $?
    expect "-j $j: every file the same bytes as -j 1" "" "$(differ j1 "j$j")"
done
# the records are in extract's order: those of the plain pipe
"$bin/extract" -q -- "${inputs[@]}" | "$bin/normalize" -q | "$bin/tabulate" -q >pipe.jsonl
cmp -s pipe.jsonl j3/reports.jsonl && ok "-j 3: reports.jsonl in extract's order" ||
    no "-j 3: reports.jsonl not the plain pipe's"
expect "--jobs=2 and -j2 spellings" "" "$(
    "$bin/nianbao" run -q --jobs=2 -o s1 "$seeds" && "$bin/nianbao" run -q -j2 -o s2 "$seeds" &&
        differ s1 s2
)"
# an OUTDIR whose name has a backslash, a space and a quote
"$bin/nianbao" run -q -j 3 -k --night n -o 'odd \t dir'"'"'s/out' "${inputs[@]}"
expect "-j 3 into 'odd \\t dir's/out': exit $want" "$want" $?
expect "-j 3 into 'odd \\t dir's/out': the same bytes as -j 1" "" "$(differ j1 'odd \t dir'"'"'s/out')"
# fewer documents than pipelines, and none at all
"$bin/nianbao" run -q -j 1 -o one1 "$seeds/$(ls "$seeds" | head -1)"
"$bin/nianbao" run -q -j 7 -o one7 "$seeds/$(ls "$seeds" | head -1)"
expect "one document, -j 7: exit 0" 0 $?
expect "one document, -j 7: the same bytes as -j 1" "" "$(differ one1 one7)"
mkdir nothing
"$bin/nianbao" run -q -j 4 -o none nothing 2>/dev/null
expect "no document, -j 4: exit 1" 1 $?
expect "no document, -j 4: no OUTDIR" "" "$(ls -d none 2>/dev/null)"
# the default is the number of cores, and the outputs are the same
"$bin/nianbao" run -q -k --night n -o dflt "${inputs[@]}"
expect "no -j: exit $want" "$want" $?
expect "no -j: the same bytes as -j 1" "" "$(differ j1 dflt)"
"$bin/nianbao" run --help | grep -q -- '--jobs' && ok "--help tells -j" || no "--help lacks -j"

# Bad -j: usage errors, status 2, nothing written.
for bad in 0 -1 abc 65 08 1.5 ' 2' '2 ' 99999999999999999999 ''; do
    msg=$("$bin/nianbao" run -q -j "$bad" -o bad "$seeds" 2>&1 >/dev/null)
    expect "-j '$bad': exit 2" 2 $?
    case $msg in *"-j takes a number"*) ok "-j '$bad': says why" ;;
    *) no "-j '$bad': said '$msg'" ;; esac
done
msg=$("$bin/nianbao" run -q --jobs= -o bad "$seeds" 2>&1 >/dev/null)
expect "--jobs= (empty): exit 2" 2 $?
"$bin/nianbao" run -q -o bad "$seeds" -j 2>/dev/null
expect "-j as an operand after the operands: read as a file, exit 2" 2 $?
"$bin/nianbao" run -q -j 2>/dev/null
expect "-j without a number: exit 2" 2 $?
expect "bad -j: no OUTDIR" "" "$(ls -d bad 2>/dev/null)"

# A pipeline that goes wrong fails the run; OUTDIR stays as it was.
# fake BEHAVIOUR: stages in a folder of their own, where the first
# tabulate started behaves, and the others do BEHAVIOUR.
fake() {
    rm -rf stages lock && mkdir stages
    for s in extract normalize aggregate; do ln -s "$bin/$s" "stages/$s"; done
    cat >stages/tabulate <<EOF
#!/bin/sh
mkdir "$tmp/lock" 2>/dev/null && exec "$bin/tabulate" "\$@"
$1
EOF
    chmod +x stages/tabulate
}
before=$(snap j1)
broken() { # broken NAME BEHAVIOUR WORDS: a run with one bad pipeline
    fake "$2"
    msg=$(NB_TEST_TAG=$tmp NB_LIBEXEC=$tmp/stages "$bin/nianbao" run -j 3 -k --night n -o j1 "${inputs[@]}" 2>&1 >/dev/null)
    expect "$1: exit 2" 2 $?
    expect "$1: OUTDIR as it was" "$before" "$(snap j1)"
    expect "$1: no temporary folder left" "" "$(ls -A | grep '^\.j1\.new')"
    case $msg in *"$3"*) ok "$1: says so" ;; *) no "$1: said '$msg'" ;; esac
    expect "$1: no process left" "" "$(left "$tmp")"
}
broken "a pipeline's tabulate fails" 'cat >/dev/null; exit 2' "failed (status 2)"
broken "a pipeline's tabulate is killed" 'kill -9 $$' "stopped by signal 9"
broken "a pipeline's tabulate stops reading" 'exit 0' "one record per document"
broken "a pipeline loses a record" "\"$bin/tabulate\" \"\$@\" | sed 1d" "one record per document"
broken "a pipeline loses its last record" "\"$bin/tabulate\" \"\$@\" | sed '\$d'" \
    "one record per document"
broken "a pipeline gains a record" "\"$bin/tabulate\" \"\$@\"; echo '{\"doc\":\"x\"}'" \
    "one record per document"
# a fake that behaves: the test's own machinery is not what fails
fake 'exec "$0.real" "$@"'
ln -s "$bin/tabulate" stages/tabulate.real
NB_LIBEXEC=$tmp/stages "$bin/nianbao" run -q -j 3 -k --night n -o fk "${inputs[@]}"
expect "fake stages that behave: exit $want" "$want" $?
expect "fake stages that behave: the same bytes" "" "$(differ j1 fk)"

finish
