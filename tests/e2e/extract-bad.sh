#!/usr/bin/env bash
# extract over bad input: truncated and corrupt archives, junk, missing and
# empty files, undecodable members, hostile names, controls, write errors,
# usage errors.  Each must give an error document (or exit 2) and go on to
# the next operand: never a crash, a hang or replacement characters.
. "$(dirname "$0")/extract-common.bash"
seeds=$src/corpus/seeds
s1=$seeds/001_148ca16f23ea2526.txt
cd "$tmp"
mkdir many
for i in $(seq -w 1 40); do cp "$seeds/00$((10#$i % 5))"_*.txt "many/r$i.txt"; done

# a truncated tar.gz: the members read so far, then an error document for
# the archive, exit 1, and the next operand is still read
(cd many && cmake -E tar czf "$tmp/full.tgz" .)
head -c $(($(wc -c <full.tgz) * 6 / 10)) full.tgz >cut.tgz
run cut cut.tgz "$s1"
expect_rc cut 1
n=$(grep -c '^cut.tgz!.*enc=utf-8' cut.sum)
checks=$((checks + 1))
[ "$n" -ge 10 ] && [ "$n" -lt 40 ] || fail "cut: $n members before the cut, want 10 to 39"
count cut '^cut.tgz	error=archive: corrupt or truncated archive' 1
checks=$((checks + 1))
[ "$(tail -n 2 cut.sum | head -n 1 | cut -f1)" = cut.tgz ] || fail "cut: the archive's error document is not after its members"
has cut "$s1"$'\tenc=utf-8'
stderr_has cut 'extract: cut.tgz: corrupt or truncated archive'

# a truncated plain tar: cut inside a member's data (named in the message)
# and cut inside a header (libarchive's format order once read that as a
# clean end of the archive)
(cd many && cmake -E tar cf "$tmp/full.tar" r01.txt r02.txt r03.txt r04.txt)
for cut in 21000 20000; do
    head -c $cut full.tar >cut.tar
    run cuttar$cut cut.tar
    expect_rc cuttar$cut 1
    count cuttar$cut 'enc=' 3
    has cuttar$cut $'cut.tar!r03.txt\tenc=utf-8'
    count cuttar$cut $'^cut.tar\terror=archive: corrupt or truncated archive' 1
done
has cuttar21000 $'cut.tar\terror=archive: corrupt or truncated archive at member \'r04.txt\''

# a corrupt tar.gz: bytes overwritten in the middle of the deflate data
cp full.tgz bad.tgz
printf 'JUNKJUNKJUNKJUNKJUNKJUNKJUNKJUNK' | dd of=bad.tgz bs=1 seek=$(($(wc -c <full.tgz) / 2)) conv=notrunc 2>/dev/null
run corrupt bad.tgz "$s1"
expect_rc corrupt 1
# (the junk reads as a damaged tar header, then the archive ends early,
# or with ISA-L's reader the gzip trailer's CRC refuses it: one record for
# the archive, so that its id stays unique; both said on stderr)
count corrupt '^bad.tgz	error=archive: corrupt or truncated archive: Damaged tar archive' 1
count corrupt '^bad.tgz	error=' 1
if "$bin/extract" --version | grep -q 'ISA-L'; then
    stderr_has corrupt 'extract: bad.tgz: corrupt or truncated archive: gzip data damaged'
else
    stderr_has corrupt 'extract: bad.tgz: corrupt or truncated archive: Truncated tar archive'
fi
has corrupt "$s1"$'\tenc=utf-8'

# a truncated zip, cut inside its third member, and a zip with junk in its
# middle: error documents, never a crash
(cd many && cmake -E tar cf "$tmp/full.zip" --format=zip r01.txt r02.txt r03.txt)
head -c $(($(wc -c <full.zip) * 7 / 10)) full.zip >cut.zip
run cutzip cut.zip "$s1"
expect_rc cutzip 1
count cutzip '^cut.zip.*error=archive' 1
has cutzip "$s1"$'\tenc=utf-8'
cp full.zip junk.zip
head -c 3000 /dev/zero | tr '\0' 'J' | dd of=junk.zip bs=1 seek=100 conv=notrunc 2>/dev/null
run junkzip junk.zip
expect_rc junkzip 1
count junkzip 'error=archive' 1

# not an archive and not text: binary junk, an ELF executable, on stdin too
python3 -c 'import random,sys; r=random.Random(7); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(20000)))' >junk.bin
run junk junk.bin "$bin/extract" "$s1"
expect_rc junk 1
has junk $'junk.bin\terror=decode: '
has junk "$bin/extract"$'\terror='
has junk "$s1"$'\tenc=utf-8'
"$bin/extract" <junk.bin >stdjunk.out 2>stdjunk.err
rc=$?
summarise stdjunk
expect_rc stdjunk 1
has stdjunk $'-\terror=decode'

# a missing file: exit 2, an io error document, the next operand read
run missing no-such-file "$s1"
expect_rc missing 2
has missing $'no-such-file\terror=io: cannot open: No such file or directory'
has missing "$s1"$'\tenc=utf-8'
stderr_has missing 'extract: no-such-file: cannot open: No such file or directory'
# a missing file is trouble (2) even after error documents (1)
run missing2 junk.bin no-such-file
expect_rc missing2 2

# an empty file, empty stdin and an empty member: empty documents
: >empty.txt
mkdir e && : >e/empty.txt && cp "$s1" e/
(cd e && cmake -E tar czf "$tmp/e.tgz" empty.txt 001_148ca16f23ea2526.txt)
run empty empty.txt e.tgz
expect_rc empty 0
has empty $'empty.txt\tenc=utf-8 fmt=text lines=0 controls=0 bytes=0'
has empty $'e.tgz!empty.txt\tenc=utf-8 fmt=text lines=0 controls=0 bytes=0'
has empty $'e.tgz!001_148ca16f23ea2526.txt\tenc=utf-8'
"$bin/extract" </dev/null >stdempty.out 2>stdempty.err
rc=$?
summarise stdempty
expect_rc stdempty 0
has stdempty $'-\tenc=utf-8 fmt=text lines=0'

# undecodable members among good ones: error documents, the others read
mkdir u
cp "$s1" u/good.txt
printf '\x80\x81\xff\xfe\xfd abc\n' >u/bad.txt               # neither UTF-8 nor GB18030
{ printf '\xff\xfe'; printf 'a\x00\x00\xd8b\x00'; } >u/utf16.txt # UTF-16 with an unpaired surrogate
{ printf '\xef\xbb\xbf'; printf 'ok\xc3\x28\n'; } >u/bom.txt   # a UTF-8 BOM, then invalid UTF-8
(cd u && cmake -E tar czf "$tmp/u.tgz" bad.txt bom.txt good.txt utf16.txt)
run undec u.tgz
expect_rc undec 1
has undec $'u.tgz!bad.txt\terror=decode'
has undec $'u.tgz!utf16.txt\terror=decode'
has undec $'u.tgz!good.txt\tenc=utf-8'
count undec 'error=' 3
stderr_has undec 'extract: u.tgz!bad.txt: '

# controls: NUL, 0x1E, ESC, DEL-free C0 removed and counted, CR/CRLF to LF
printf 'a\x00b\x1ec\x1b[0m\r\n\x1e{"doc":"fake"}\r\nend\rlast' >ctl.txt
run ctl ctl.txt
expect_rc ctl 0
has ctl $'ctl.txt\tenc=utf-8 fmt=text lines=4 controls=4'
body ctl 'abc[0m'
body ctl '{"doc":"fake"}'
body ctl 'last'

# hostile member names: raw GBK bytes in a zip without the UTF-8 flag,
# bytes that are no encoding in a tar, a name with a quote and a newline
python3 - <<'PY'
import io, tarfile, zipfile
name = "民政局报告.txt".encode("gbk")
ph = b"X" * (len(name) - 4) + b".txt"
with zipfile.ZipFile("gbk.zip", "w") as z:
    z.writestr(ph.decode(), "延津县民政局\n")
data = open("gbk.zip", "rb").read().replace(ph, name)
open("gbk.zip", "wb").write(data)
with tarfile.open("names.tar", "w", format=tarfile.GNU_FORMAT) as t:
    for n in (b"bad\xff\xfe.txt", b'q"uote\nnl.txt'):
        ti = tarfile.TarInfo(n.decode("utf-8", "surrogateescape"))
        body = "好\n".encode()
        ti.size = len(body)
        t.addfile(ti, io.BytesIO(body))
PY
run gbk gbk.zip
expect_rc gbk 0
has gbk $'gbk.zip!民政局报告.txt\tenc=utf-8'
run names names.tar
expect_rc names 0
count names 'enc=utf-8' 2
grep -aqF '"member":"bad\\xFF\\xFE.txt"' names.out || grep -aqF '"member":"bad\\xff\\xfe.txt"' names.out ||
    fail "names: an undecodable name is not written with \\xNN escapes: $(grep -a bad names.out)"
checks=$((checks + 1))
grep -aqF '"member":"q\"uote\nnl.txt"' names.out || fail "names: quote and newline not escaped in JSON"
checks=$((checks + 1))

# a huge line: one body line of 12 MB comes out whole
python3 -c 'import sys; sys.stdout.write("表\t" * (2 << 20) + "尾\n短行\n")' >huge.txt
(cp huge.txt u/ && cd u && cmake -E tar czf "$tmp/huge.tgz" huge.txt good.txt)
run huge huge.tgz
expect_rc huge 0
has huge $'huge.tgz!huge.txt\tenc=utf-8 fmt=text lines=2'
checks=$((checks + 1))
[ "$(grep -a '尾$' huge.out | wc -c)" = $(((2 << 20) * 4 + 4)) ] || fail "huge: the long line is not whole"
finish
