#!/usr/bin/env bash
# extract's limits against hostile input: --max-member-bytes (an oversized
# member, a zip bomb skipped without inflating it, a tar.gz bomb read in
# bounded memory), --max-depth (nesting), write errors, usage errors.
. "$(dirname "$0")/extract-common.bash"
seeds=$src/corpus/seeds
s1=$seeds/001_148ca16f23ea2526.txt
s4=$seeds/004_4d0dc32836f03b08.txt # 12,919 bytes
cd "$tmp"

# an oversized member among small ones; an oversized plain file
mkdir o && cp "$s1" o/small.txt && cp "$s4" o/big.txt
(cd o && cmake -E tar czf "$tmp/o.tgz" big.txt small.txt)
run over -m 10k o.tgz "$s4"
expect_rc over 1
has over $'o.tgz!big.txt\terror=too-big: member of 12919 bytes, larger than --max-member-bytes (10240)'
has over $'o.tgz!small.txt\tenc=utf-8'
has over "$s4"$'\terror=too-big'
run under --max-member-bytes 12919 o.tgz
expect_rc under 0
count under 'enc=' 2

# a zip bomb: 64 MiB of zeros deflated to ~64 KiB, between two good
# members.  Its deflate data is overwritten with junk past its first 4 KiB,
# so a reader that inflated it would fail: the too-big error (and no
# archive error) shows it was skipped by its declared size.
python3 - <<'PY'
import zipfile, zlib
with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("a.txt", "好\n")
    z.writestr("bomb.txt", bytes(64 << 20))
    z.writestr("z.txt", "尾\n")
    info = z.getinfo("bomb.txt")
data = bytearray(open("bomb.zip", "rb").read())
start = info.header_offset + 30 + len(info.filename) + 4096
data[start:start + info.compress_size - 8192] = b"J" * (info.compress_size - 8192)
open("bomb.zip", "wb").write(bytes(data))
PY
run bomb -m 1M bomb.zip
expect_rc bomb 1
has bomb $'bomb.zip!bomb.txt\terror=too-big: member of 67108864 bytes'
has bomb $'bomb.zip!a.txt\tenc=utf-8'
has bomb $'bomb.zip!z.txt\tenc=utf-8'
count bomb 'error=archive' 0
# the same bomb on stdin (no seeking, no central directory): still an
# error document for it, and no crash
"$bin/extract" -m 1M <bomb.zip >bombin.out 2>bombin.err
rc=$?
summarise bombin
expect_rc bombin 1
has bombin $'-!a.txt\tenc=utf-8'
count bombin $'^-!bomb.txt\terror=' 1

# a tar.gz bomb (sizes declared, data inflated to be skipped): memory stays
# bounded, far below the member's 256 MiB
python3 - <<'PY'
import gzip, io, tarfile
with gzip.open("bomb.tgz", "wb", compresslevel=1) as g, tarfile.open(fileobj=g, mode="w") as t:
    ti = tarfile.TarInfo("bomb.txt"); ti.size = 256 << 20
    t.addfile(ti, io.BytesIO(bytes(ti.size)))
    ti = tarfile.TarInfo("after.txt"); ti.size = 4
    t.addfile(ti, io.BytesIO("尾\n".encode()))
PY
python3 - "$bin/extract" >rss.txt <<'PY'
import resource, subprocess, sys
p = subprocess.run([sys.argv[1], "-m", "1M", "bomb.tgz"], stdout=open("tgzbomb.out", "wb"),
                   stderr=subprocess.DEVNULL)
print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
read -r rc kb <rss.txt
summarise tgzbomb
expect_rc tgzbomb 1
has tgzbomb $'bomb.tgz!bomb.txt\terror=too-big'
has tgzbomb $'bomb.tgz!after.txt\tenc=utf-8'
checks=$((checks + 1))
[ "$kb" -lt $((128 << 10)) ] || fail "tgzbomb: peak RSS $kb KiB for a 256 MiB member under -m 1M"

# a member that grows past the limit while it is read (no declared size:
# a gzip-compressed member inside a tar)
head -c $((3 << 20)) /dev/zero | tr '\0' 'a' | gzip -c >o/grow.txt.gz
(cd o && cmake -E tar cf "$tmp/grow.tar" grow.txt.gz small.txt)
run grow -m 1M grow.tar
expect_rc grow 1
has grow $'grow.tar!grow.txt.gz\terror=too-big'
has grow $'grow.tar!small.txt\tenc=utf-8'

# nesting: one level read by default; -d 0 reads none; two levels stop at 1
mkdir n1 n2
cp "$s1" n1/in.txt
(cd n1 && cmake -E tar cf "$tmp/n2/inner.zip" --format=zip in.txt)
cp "$s1" n2/plain.txt
(cd n2 && cmake -E tar czf "$tmp/outer.tgz" inner.zip plain.txt)
mkdir n3 && cp outer.tgz n3/ && (cd n3 && cmake -E tar cf "$tmp/outer2.tar" outer.tgz)
run depth0 -d 0 outer.tgz
expect_rc depth0 1
has depth0 $'outer.tgz!inner.zip\terror=nesting: an archive nested more than 0 levels deep'
has depth0 $'outer.tgz!plain.txt\tenc=utf-8'
run depth1 outer2.tar
expect_rc depth1 1
has depth1 $'outer2.tar!outer.tgz!inner.zip\terror=nesting'
has depth1 $'outer2.tar!outer.tgz!plain.txt\tenc=utf-8'
run depth2 -d 2 outer2.tar
expect_rc depth2 0
has depth2 $'outer2.tar!outer.tgz!inner.zip!in.txt\tenc=utf-8'
# a damaged archive inside an archive: an error document named by it
head -c 300 n2/inner.zip >n2/broken.zip
(cd n2 && cmake -E tar cf "$tmp/nbroken.tar" broken.zip plain.txt)
run nbroken nbroken.tar
expect_rc nbroken 1
count nbroken '^nbroken.tar!broken.zip.*error=archive' 1
has nbroken $'nbroken.tar!plain.txt\tenc=utf-8'

# a directory with a symbolic link to its parent: not followed, no loop,
# and not lost in silence: a skipped record, as in an archive
mkdir -p loop/d && cp "$s1" loop/d/r.txt && ln -s .. loop/d/up
run loop loop
expect_rc loop 1
count loop 'enc=' 1
has loop $'loop/d/up\terror=skipped'
# a FIFO and a dangling link in a walked folder: a record each, status 1
# (the operand was read: not trouble, which would cost a nightly run)
mkdir walk && cp "$s1" walk/r.txt && mkfifo walk/fifo && ln -s nowhere walk/dangling
run walk walk
expect_rc walk 1
count walk 'enc=' 1
has walk $'walk/fifo\terror=skipped'
has walk $'walk/dangling\terror=io'

# write errors: exit 2 with a message; a closed pipe ends quietly
"$bin/extract" "$s1" >/dev/full 2>full.err
rc=$?
checks=$((checks + 1))
[ "$rc" = 2 ] && grep -q '^extract: write error' full.err || fail "/dev/full: exit $rc, stderr: $(cat full.err)"
# usage errors: exit 2, one line + a hint, nothing on stdout
for a in "-m 0" "-m 12x" "-m -5" "-d 9" "-d x" "--bogus" "-z" "--max-member-bytes"; do
    # shellcheck disable=SC2086
    "$bin/extract" $a "$s1" >usage.out 2>usage.err
    rc=$?
    checks=$((checks + 1))
    [ "$rc" = 2 ] && [ ! -s usage.out ] && [ "$(wc -l <usage.err)" = 2 ] &&
        grep -qx "Try 'extract --help'." usage.err || fail "usage '$a': exit $rc, stderr: $(cat usage.err)"
done
"$bin/extract" --help >help.out
rc=$?
checks=$((checks + 1))
[ "$rc" = 0 ] && grep -q -- '--max-member-bytes' help.out || fail "--help: exit $rc"
finish
