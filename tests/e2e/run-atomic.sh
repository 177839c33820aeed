#!/usr/bin/env bash
# run-atomic.sh BIN SOURCE SHARED - 'nianbao run' replaces OUTDIR whole or
# not at all: interrupted by SIGINT or SIGTERM at each phase (the stages
# reading a slow input, aggregate, the rename) it exits 128+N, stops every
# process it started and leaves the previous OUTDIR byte for byte; a full
# disk leaves it too.  Phases are reached deterministically through the
# NB_RUN_HOLD hook (a FIFO nobody writes to), never by sleeping.
. "$(dirname "$0")/run-common.bash"
# await FILE: wait until FILE exists (the run reached a phase), 60 s at most
await() {
    for _ in $(seq 600); do
        [ -e "$1" ] && return 0
        sleep 0.1
    done
    return 1
}

seed=$(ls "$src"/corpus/seeds/*.txt | head -1)
"$bin/nianbao" run -q -o "$tmp/out" "$src/corpus/seeds" >/dev/null 2>&1
expect "first run: exit 0" 0 $?
before=$(snap "$tmp/out")
[ -n "$before" ] && ok "first run wrote out/" || no "first run wrote nothing"

# interrupt SIG PHASE WANT JOBS: a second run (-j JOBS) over a slow FIFO
# input, stopped at PHASE
interrupt() {
    local sig=$1 phase=$2 want=$3 jobs=$4 hold=$tmp/hold pid st
    rm -rf "$hold" && mkdir "$hold"
    mkfifo "$hold/$phase.go" "$hold/in.txt"
    # set -m: a background job of a script ignores SIGINT unless it has its
    # own process group (and a shell cannot trap what it started ignoring)
    set -m
    NB_TEST_TAG=$tmp NB_RUN_HOLD=$hold "$bin/nianbao" run -q -j "$jobs" -o "$tmp/out" "$hold/in.txt" "$src/corpus/seeds" \
        >/dev/null 2>&1 &
    pid=$!
    set +m
    # The input: half a report now; the rest only once the run got past the
    # stages (the FIFO keeps extract reading meanwhile).
    exec 7>"$hold/in.txt"
    head -c 2000 "$seed" >&7
    if [ "$phase" = stages ]; then
        await "$hold/stages" || no "$sig at $phase (-j $jobs): never got there"
    else
        cat "$seed" >&7
    fi
    exec 7>&-
    [ "$phase" = stages ] || await "$hold/$phase" || no "$sig at $phase (-j $jobs): never got there"
    # A signal that lands between two commands of the shell and its 'wait'
    # is answered only when the child waited for ends, which a hold never
    # does: send it again until the run is gone.
    for _ in $(seq 600); do
        kill -s "$sig" "$pid" 2>/dev/null || break
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$pid" 2>/dev/null || break 2
            sleep 0.1
        done
    done
    wait "$pid"
    st=$?
    expect "$sig during $phase (-j $jobs): exit $want" "$want" "$st"
    expect "$sig during $phase (-j $jobs): previous out/ intact" "$before" "$(snap "$tmp/out")"
    expect "$sig during $phase (-j $jobs): no temporary folder left" "" \
        "$(ls -A "$tmp" | grep -v '^out$\|^hold$\|^\.out\.lock$')"
    # every stage stopped: nothing holds the input FIFO or the hold open,
    # no tail follows a pipeline's records
    expect "$sig during $phase (-j $jobs): no process left" "" \
        "$(left "$tmp")"
}
# -j 1: one pipeline; -j 3: split, three pipelines, their tails and merge
for jobs in 1 3; do
    for phase in stages aggregate rename; do
        interrupt INT "$phase" 130 "$jobs"
        interrupt TERM "$phase" 143 "$jobs"
    done
    interrupt HUP aggregate 129 "$jobs"
done

# A run that fails (an unreadable operand: status 2) leaves out/ as it was.
"$bin/nianbao" run -q -o "$tmp/out" "$src/corpus/seeds" "$tmp/no-such.tar.gz" >/dev/null 2>&1
expect "failed run: exit 2" 2 $?
expect "failed run: previous out/ intact" "$before" "$(snap "$tmp/out")"

# reports.jsonl not written whole (tee's status 1: a write error, not error
# records): trouble, out/ as it was.  A tee that copies its input but fails.
mkdir "$tmp/faketee"
printf '#!/bin/sh\ncat\nexit 1\n' >"$tmp/faketee/tee"
chmod +x "$tmp/faketee/tee"
PATH=$tmp/faketee:$PATH "$bin/nianbao" run -q -o "$tmp/out" "$src/corpus/seeds" >/dev/null 2>&1
expect "reports.jsonl cut short: exit 2" 2 $?
expect "reports.jsonl cut short: previous out/ intact" "$before" "$(snap "$tmp/out")"
rm -r "$tmp/faketee"

# No document: says so, exits 1, leaves out/.
mkdir "$tmp/empty"
msg=$("$bin/nianbao" run -o "$tmp/out" "$tmp/empty" 2>&1 >/dev/null)
expect "empty directory: exit 1" 1 $?
case $msg in *"no document"*) ok "empty directory: says so" ;; *) no "empty directory: said '$msg'" ;; esac
expect "empty directory: previous out/ intact" "$before" "$(snap "$tmp/out")"

# Operands after -- reach extract as files, even when they look like options.
mkdir "$tmp/dash" && cp "$seed" "$tmp/dash/-m1k"
(cd "$tmp/dash" && "$bin/nianbao" run -q -o d -- -m1k >/dev/null 2>&1)
expect "a file named -m1k after --: exit 0" 0 $?
expect "a file named -m1k after --: one report" 1 \
    "$(wc -l <"$tmp/dash/d/reports.jsonl" 2>/dev/null | tr -d ' ')"
(cd "$tmp/dash" && "$bin/nianbao" run -o d2 -m1k >/dev/null 2>&1)
expect "an unknown option before --: exit 2" 2 $?
"$bin/nianbao" run --help | grep -q 'nianbao run' && ok "run --help" || no "run --help"
"$bin/nianbao" --help | grep -q 'nianbao run' && ok "--help" || no "--help"
"$bin/nianbao" run -o >/dev/null 2>&1
expect "-o without OUTDIR: exit 2" 2 $?
(cd "$tmp/dash" && "$bin/nianbao" run -q -o . -- -m1k >/dev/null 2>&1)
expect "-o . (the current folder): exit 2" 2 $?
expect "-o .: nothing replaced" "-m1k d" "$(ls "$tmp/dash" | tr '\n' ' ' | sed 's/ $//')"

# OUTDIR is compared with the current folder and the inputs by their
# physical paths: a run never replaces (deletes) a folder that holds them,
# nor reads its own output from inside an input folder.
mkdir -p "$tmp/g/sub" && cp "$seed" "$tmp/g/sub/keep.txt"
(cd "$tmp/g/sub" && "$bin/nianbao" run -q -o "$tmp/g/sub" keep.txt >/dev/null 2>"$tmp/g.err")
expect "-o the current folder by its full path: exit 2" 2 $?
(cd "$tmp/g/sub" && "$bin/nianbao" run -q -o "$tmp/g" keep.txt >/dev/null 2>>"$tmp/g.err")
expect "-o a folder above the current one: exit 2" 2 $?
ln -s "$tmp/g" "$tmp/g-link"
"$bin/nianbao" run -q -o "$tmp/g-link/sub" "$tmp/g/sub/keep.txt" >/dev/null 2>>"$tmp/g.err"
expect "-o a folder holding the input, through a link: exit 2" 2 $?
expect "inputs and folders kept" "keep.txt" "$(ls -A "$tmp/g/sub" | tr '\n' ' ' | sed 's/ $//')"
"$bin/nianbao" run -q -o "$tmp/g/sub/out" "$tmp/g" >/dev/null 2>>"$tmp/g.err"
expect "-o inside an input folder: exit 2" 2 $?
expect "-o inside an input folder: nothing written there" "keep.txt" "$(ls -A "$tmp/g/sub" | tr '\n' ' ' | sed 's/ $//')"
expect "each refusal says why" 4 "$(grep -c 'holds the current folder\|holds the input\|inside the input' "$tmp/g.err")"

# The operand - is the run's standard input (a background command's is
# /dev/null unless given it).
(cd "$tmp/g" && "$bin/nianbao" run -q -o s -- - <"$seed" >/dev/null 2>&1)
expect "- reads standard input: exit 0" 0 $?
expect "- reads standard input: one report, its agency found" 1 \
    "$(grep -c '^{"doc":"-","agency":"[^"]' "$tmp/g/s/reports.jsonl" 2>/dev/null)"

# -q: a failed run still says what failed and why.
msg=$("$bin/nianbao" run -q -o "$tmp/g/f" "$src/corpus/seeds" "$tmp/no-such.tar.gz" 2>&1 >/dev/null)
case $msg in *"no-such.tar.gz"*) ok "-q: a failed run names the input" ;; *) no "-q: failed run said '$msg'" ;; esac
# stderr or stdin closed: the run goes on, and leaves nothing behind.
"$bin/nianbao" run -o "$tmp/g/c" "$src/corpus/seeds" 2>&-
expect "stderr closed: exit 0" 0 $?
"$bin/nianbao" run -q -o "$tmp/g/c" "$src/corpus/seeds" <&-
expect "stdin closed: exit 0" 0 $?
expect "stderr or stdin closed: no temporary folder left" ".c.lock .f.lock .s.lock c s sub" \
    "$(ls -A "$tmp/g" | tr '\n' ' ' | sed 's/ $//')"

# Two runs of one OUTDIR: the second waits for the first (which holds at
# its rename), then keeps its night: both nights are there.
mkdir "$tmp/lk" && mkfifo "$tmp/lk/rename.go"
"$bin/nianbao" run -q -k --night n0 -o "$tmp/g/k" "$seed" >/dev/null 2>&1
NB_RUN_HOLD=$tmp/lk "$bin/nianbao" run -q -k --night n1 -o "$tmp/g/k" "$seed" >/dev/null 2>&1 &
p1=$!
await "$tmp/lk/rename" || no "the first run never got to its rename"
"$bin/nianbao" run -k --night n2 -o "$tmp/g/k" "$seed" >/dev/null 2>"$tmp/lk/second.err" &
p2=$!
waited=
for _ in $(seq 600); do
    grep -q 'waiting for the other run' "$tmp/lk/second.err" && waited=1 && break
    sleep 0.1
done
expect "a second run of one OUTDIR waits" 1 "$waited"
: >"$tmp/lk/rename.go"
wait "$p1"
expect "the first run: exit 0" 0 $?
wait "$p2"
expect "the second run: exit 0" 0 $?
expect "both nights kept" "n0.jsonl n1.jsonl n2.jsonl" \
    "$(ls "$tmp/g/k/records" | tr '\n' ' ' | sed 's/ $//')"

# A new folder left by a run killed with SIGKILL goes at the next run;
# killed between commit's two renames, OUTDIR is missing and its .old is
# the previous one: put back, every night kept.
mkdir -p "$tmp/g/.k.new.dead01/.run" "$tmp/g/.k.new.dead02.old"
"$bin/nianbao" run -q -k --night n3 -o "$tmp/g/k" "$seed" >/dev/null 2>&1
expect "a dead run's folders are removed" "" "$(ls -A "$tmp/g" | grep '^\.k\.new')"
mkdir "$tmp/g/.k.new.dead03" && mv "$tmp/g/k" "$tmp/g/.k.new.dead03.old"
"$bin/nianbao" run -q -k --night n4 -o "$tmp/g/k" "$seed" >/dev/null 2>&1
expect "killed between the renames: the previous OUTDIR is put back" \
    "n0.jsonl n1.jsonl n2.jsonl n3.jsonl n4.jsonl" "$(ls "$tmp/g/k/records" | tr '\n' ' ' | sed 's/ $//')"
expect "killed between the renames: nothing left beside it" "" "$(ls -A "$tmp/g" | grep '^\.k\.new')"
# a file operand that is a symbolic link into OUTDIR holds an input there
cp "$seed" "$tmp/g/k/a.txt" && ln -s "$tmp/g/k/a.txt" "$tmp/g/in-link.txt"
"$bin/nianbao" run -q -o "$tmp/g/k" "$tmp/g/in-link.txt" >/dev/null 2>&1
expect "an operand linked into OUTDIR: exit 2, the file kept" "2 1" "$? $(ls "$tmp/g/k/a.txt" | wc -l)"
rm "$tmp/g/in-link.txt"
# the lock is the run's alone: no process it started holds it after it
# (progress's sleep did), so a run right after does not wait
"$bin/nianbao" run --progress -o "$tmp/g/p2" "$seed" >/dev/null 2>&1
"$bin/nianbao" run -o "$tmp/g/p2" "$seed" >/dev/null 2>"$tmp/g/p2.err"
expect "a run right after one with --progress does not wait" 0 "$(grep -c waiting "$tmp/g/p2.err")"
# standard input on every night: its doc - names no page, each is counted
(cd "$tmp/g" && "$bin/nianbao" run -q -k --night s1 -o sk -- - <"$seed" >/dev/null 2>&1)
(cd "$tmp/g" && "$bin/nianbao" run -q -k --night s2 -o sk -- - <"$(ls "$src"/corpus/seeds/*.txt | sed -n 2p)" >/dev/null 2>&1)
expect "- on two nights: both reports counted" 2 "$(($(wc -l <"$tmp/g/sk/reports.csv") - 1))"

# The stages are all four, or none: a missing normalize is an error, not
# a run without it.
mkdir "$tmp/lx"
for s in extract tabulate aggregate; do ln -s "$bin/$s" "$tmp/lx/$s"; done
cp "$bin/nianbao" "$tmp/lx/"
"$tmp/lx/nianbao" run -q -o "$tmp/g/lx" "$seed" >/dev/null 2>&1
expect "normalize missing: exit 2" 2 $?

# A full disk: a small tmpfs holding out/ (needs mount; skipped without it).
mnt=$tmp/small
mkdir "$mnt"
if mount -t tmpfs -o size=1m tmpfs "$mnt" 2>/dev/null; then
    "$bin/nianbao" run -q -o "$mnt/out" "$src/corpus/seeds" >/dev/null 2>&1
    expect "full disk: the first run fits" 0 $?
    small=$(snap "$mnt/out")
    # fill the disk, then free 64 KiB: less than a new out/ needs
    dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null
    truncate -s -64K "$mnt/filler"
    "$bin/nianbao" run -q -o "$mnt/out" "$src/corpus/seeds" >/dev/null 2>&1
    expect "full disk: exit 2" 2 $?
    expect "full disk: previous out/ intact" "$small" "$(snap "$mnt/out")"
    expect "full disk: no temporary folder left" ".out.lock filler out" \
        "$(ls -A "$mnt" | tr '\n' ' ' | sed 's/ $//')"
    umount "$mnt" && mnt=
else
    echo "skip full disk: cannot mount a tmpfs here"
    mnt=
fi

finish
