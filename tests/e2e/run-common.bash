# run-common.bash - sourced by the e2e tests of 'nianbao run' (run-*.sh,
# nights.sh) with the script's arguments BIN SOURCE SHARED: sets $bin and
# $src, makes $tmp (removed on exit, after unmounting $mnt if a test set
# it), and gives the counting helpers.  End a script with 'finish'.
set -u
bin=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
mnt=
cleanup() {
    [ -z "${mnt:-}" ] || umount "$mnt" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); echo "ok   $1"; }
no() { fails=$((fails + 1)); echo "FAIL $1"; }
expect() { # expect NAME WANT GOT
    if [ "$2" = "$3" ]; then ok "$1"; else no "$1: want '$2', got '$3'"; fi
}
# snap DIR: a listing of every file of DIR with its checksum
snap() { (cd "$1" && find . -type f -exec sha1sum {} + | sort); }
# differ DIR1 DIR2: the files of two OUTDIRs that are not the same bytes
# (an .xlsx compared part by part, but for the time it was written in
# docProps/core.xml), or that only one of them has
differ() {
    python3 - "$1" "$2" <<'EOF'
import os, sys, zipfile
def files(d):
    return {os.path.relpath(os.path.join(r, f), d)
            for r, _, fs in os.walk(d) for f in fs}
def parts(p):
    with zipfile.ZipFile(p) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
a, b = sys.argv[1:]
fa, fb = files(a), files(b)
bad = sorted(fa ^ fb)
for f in sorted(fa & fb):
    pa, pb = os.path.join(a, f), os.path.join(b, f)
    if f.endswith(".xlsx"):
        same = parts(pa) == parts(pb)
    else:
        same = open(pa, "rb").read() == open(pb, "rb").read()
    if not same:
        bad.append(f)
print(" ".join(bad))
EOF
}
# left TAG: the processes (pid and name) whose environment holds
# NB_TEST_TAG=TAG: give it to a run to find every process it started,
# those whose command line does not name the test's folder too
left() {
    local p
    for p in /proc/[0-9]*; do
        tr '\0' '\n' 2>/dev/null <"$p/environ" | grep -qxF "NB_TEST_TAG=$1" &&
            echo "${p#/proc/} $(cat "$p/comm" 2>/dev/null)"
    done
    return 0
}
finish() {
    echo "$passes passed, $fails failed"
    [ "$fails" -eq 0 ]
}
