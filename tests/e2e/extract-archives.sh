#!/usr/bin/env bash
# extract over good inputs built at test time from corpus/: tar in every
# compression, pax, zip, 7z, cpio, a directory, stdin, compressed single
# files, a nested archive, members in GB18030, UTF-16 LE/BE, CRLF and HTML.
# Bodies are compared with the seeds they were made from.
. "$(dirname "$0")/extract-common.bash"
seeds=$src/corpus/seeds
s1=$seeds/001_148ca16f23ea2526.txt
t=$tmp/tree
corpus_tree "$t"
cd "$tmp"

# tar.gz: every member, decoded, bodies equal to the seeds
(cd "$t" && cmake -E tar czf "$tmp/c.tar.gz" 000_4d27c7cf704db1e1.txt 001_148ca16f23ea2526.txt \
    002_0a737c20a99ed187.txt 003_555b38ce0adfb193.txt 004_4d0dc32836f03b08.txt enc)
run tgz c.tar.gz
expect_rc tgz 0
count tgz 'enc=' 9
count tgz 'error=' 0
has tgz $'c.tar.gz!001_148ca16f23ea2526.txt\tenc=utf-8 fmt=text'
has tgz $'c.tar.gz!enc/gb18030.txt\tenc=gb18030 fmt=text'
has tgz $'c.tar.gz!enc/utf16le.txt\tenc=utf-16le fmt=text'
has tgz $'c.tar.gz!enc/utf16be.txt\tenc=utf-16be fmt=text'
has tgz $'c.tar.gz!enc/crlf.txt\tenc=utf-8 fmt=text'
same_body tgz c.tar.gz!001_148ca16f23ea2526.txt "$s1"
same_body tgz c.tar.gz!enc/gb18030.txt "$s1"
same_body tgz c.tar.gz!enc/utf16le.txt "$seeds/000_4d27c7cf704db1e1.txt"
same_body tgz c.tar.gz!enc/utf16be.txt "$seeds/003_555b38ce0adfb193.txt"
same_body tgz c.tar.gz!enc/crlf.txt "$seeds/004_4d0dc32836f03b08.txt"
grep -q '"archive":"c.tar.gz","member":"enc/gb18030.txt","bytes":'"$(wc -c <"$t/enc/gb18030.txt")"',"mtime":' c.tar.gz.out 2>/dev/null ||
    grep -aq '"archive":"c.tar.gz","member":"enc/gb18030.txt","bytes":'"$(wc -c <"$t/enc/gb18030.txt")"',"mtime":' tgz.out ||
    fail "tgz: header of the GB18030 member lacks archive/member/bytes/mtime"

# the same archive on stdin, with no operand and with -
"$bin/extract" <c.tar.gz >stdin.out 2>stdin.err
rc=$?
summarise stdin
expect_rc stdin 0
count stdin 'enc=' 9
has stdin $'-!enc/gb18030.txt\tenc=gb18030'
"$bin/extract" - <c.tar.gz >dash.out 2>dash.err
rc=$?
expect_rc dash 0
cmp -s stdin.out dash.out || fail "dash: 'extract -' differs from 'extract' on stdin"
"$bin/extract" - <"$s1" >stdtxt.out 2>stdtxt.err
rc=$?
summarise stdtxt
expect_rc stdtxt 0
count stdtxt 'enc=' 1
same_body stdtxt - "$s1"

# every compression and tar flavour cmake can write, and zip, 7z
for f in "cjf c.tar.bz2" "cJf c.tar.xz" "cf c.tar --format=pax" "cf c.gnu.tar --format=gnutar" \
    "cf c.zip --format=zip" "cf c.7z --format=7zip"; do
    set -- $f
    (cd "$t" && cmake -E tar "$1" "$tmp/$2" ${3:-} 001_148ca16f23ea2526.txt enc/gb18030.txt)
    run "$2" "$2"
    expect_rc "$2" 0
    count "$2" 'enc=' 2
    same_body "$2" "$2!enc/gb18030.txt" "$s1"
done
if (cd "$t" && cmake -E tar cf "$tmp/c.tar.zst" --zstd 001_148ca16f23ea2526.txt) 2>/dev/null; then
    run zst c.tar.zst
    expect_rc zst 0
    same_body zst c.tar.zst!001_148ca16f23ea2526.txt "$s1"
fi

# zip from Python: deflated, with a UTF-8 (flag 0x800) Chinese member name
# and a directory entry (skipped); cpio (newc) written by hand
python3 - "$t" <<'PY'
import os, sys, zipfile
t = sys.argv[1]
with zipfile.ZipFile("py.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("报告/", "")
    z.write(os.path.join(t, "enc/gb18030.txt"), "报告/延津县民政局.txt")
    z.write(os.path.join(t, "002_0a737c20a99ed187.txt"), "报告/文登区.txt")
def cpio(out, files):
    with open(out, "wb") as f:
        for i, (name, data) in enumerate(files + [("TRAILER!!!", b"")]):
            n = name.encode() + b"\0"
            hdr = b"070701" + b"".join(b"%08X" % v for v in (
                i + 1, 0o100644 if data else 0, 0, 0, 1, 1700000000, len(data), 0, 0, 0, 0,
                len(n), 0))
            f.write(hdr + n + b"\0" * (-(len(hdr) + len(n)) % 4))
            f.write(data + b"\0" * (-len(data) % 4))
cpio("c.cpio", [("a/民政局.txt", open(os.path.join(t, "enc/utf16le.txt"), "rb").read())])
PY
run pyzip py.zip
expect_rc pyzip 0
count pyzip 'enc=' 2
hasnt pyzip $'py.zip!报告/\t'
same_body pyzip 'py.zip!报告/延津县民政局.txt' "$s1"
has pyzip $'py.zip!报告/延津县民政局.txt\tenc=gb18030'
run cpio c.cpio
expect_rc cpio 0
same_body cpio 'c.cpio!a/民政局.txt' "$seeds/000_4d27c7cf704db1e1.txt"

# compressed single files: one document named by the path
for z in "gzip .gz" "bzip2 .bz2" "xz .xz"; do
    set -- $z
    command -v "$1" >/dev/null || continue
    "$1" -c <"$t/enc/gb18030.txt" >"report.txt$2"
    run "raw$2" "report.txt$2"
    expect_rc "raw$2" 0
    count "raw$2" 'enc=gb18030' 1
    same_body "raw$2" "report.txt$2" "$s1"
done

# a .gz whose trailer's CRC is wrong: ISA-L's reader says so (an error
# document, exit 1); libarchive's filter, without ISA-L, reads it (BUGS)
python3 -c 'import gzip, sys
g = bytearray(gzip.compress(open(sys.argv[1], "rb").read()))
g[-8] ^= 1
open(sys.argv[2], "wb").write(bytes(g))' "$t/enc/gb18030.txt" badcrc.txt.gz
run badcrc badcrc.txt.gz
if "$bin/extract" --version | grep -q 'ISA-L'; then
    expect_rc badcrc 1
    count badcrc 'enc=' 0
    checks=$((checks + 1))
    grep -aq '"code":"archive","message":"[^"]*gzip data damaged' badcrc.out ||
        fail "badcrc: no archive error naming the damage: $(head -c 300 badcrc.out)"
else
    expect_rc badcrc 0
fi

# a directory: walked recursively, in sorted order, plain files by path
run dir tree
expect_rc dir 0
cut -f1 dir.sum >dir.docs
printf '%s\n' tree/000_4d27c7cf704db1e1.txt tree/001_148ca16f23ea2526.txt \
    tree/002_0a737c20a99ed187.txt tree/003_555b38ce0adfb193.txt tree/004_4d0dc32836f03b08.txt \
    tree/enc/crlf.txt tree/enc/gb18030.txt tree/enc/utf16be.txt tree/enc/utf16le.txt >dir.want
checks=$((checks + 1))
cmp -s dir.docs dir.want || { fail "dir: documents not in sorted path order:"; diff dir.want dir.docs; }
same_body dir tree/enc/utf16be.txt "$seeds/003_555b38ce0adfb193.txt"
grep -aq '"doc":"tree/enc/gb18030.txt","bytes"' dir.out || fail "dir: a plain file has archive/member"
checks=$((checks + 1))

# several operands: documents in operand order
run multi "$s1" c.zip tree/enc/crlf.txt
expect_rc multi 0
cut -f1 multi.sum >multi.docs
printf '%s\n' "$s1" c.zip!001_148ca16f23ea2526.txt c.zip!enc/gb18030.txt tree/enc/crlf.txt >multi.want
checks=$((checks + 1))
cmp -s multi.docs multi.want || { fail "multi: operand order lost:"; diff multi.want multi.docs; }

# one level of nesting: a zip inside a tar.gz is read, its members named
# OUTER!INNER!MEMBER, next to a plain member
mkdir nest && cp c.zip nest/inner.zip && cp "$s1" nest/plain.txt
(cd nest && cmake -E tar czf "$tmp/outer.tgz" inner.zip plain.txt)
run nest outer.tgz
expect_rc nest 0
count nest 'enc=' 3
has nest $'outer.tgz!inner.zip!enc/gb18030.txt\tenc=gb18030'
has nest $'outer.tgz!plain.txt\tenc=utf-8'
grep -aq '"archive":"outer.tgz!inner.zip","member":"enc/gb18030.txt"' nest.out ||
    fail "nest: nested member's archive is not OUTER!INNER"
checks=$((checks + 1))
same_body nest outer.tgz!inner.zip!001_148ca16f23ea2526.txt "$s1"
# a compressed file inside an archive is read through its filter
gzip -c <"$t/enc/utf16le.txt" >nest/u.txt.gz
(cd nest && cmake -E tar cf "$tmp/gzin.tar" u.txt.gz)
run gzin gzin.tar
expect_rc gzin 0
has gzin $'gzin.tar!u.txt.gz\tenc=utf-16le'
same_body gzin gzin.tar!u.txt.gz "$seeds/000_4d27c7cf704db1e1.txt"
# GB18030 text is a document without a probe as an archive; the same text
# compressed, next to it, is still read through its filter
mkdir zin && cp "$t/enc/gb18030.txt" zin/plain.txt
for z in "gzip .gz" "bzip2 .bz2" "xz .xz" "zstd .zst"; do
    set -- $z
    command -v "$1" >/dev/null && "$1" -c <"$t/enc/gb18030.txt" >"zin/r$2"
done
(cd zin && cmake -E tar cf "$tmp/zin.tar" plain.txt r.*)
run zin zin.tar
expect_rc zin 0
count zin 'error=' 0
has zin $'zin.tar!plain.txt\tenc=gb18030 fmt=text'
same_body zin zin.tar!plain.txt "$s1"
for f in zin/r.*; do
    has zin "zin.tar!${f#zin/}"$'\tenc=gb18030 fmt=text'
    same_body zin "zin.tar!${f#zin/}" "$s1"
done

# -v: a summary line on stderr
"$bin/extract" -v c.tar.gz >/dev/null 2>v.err
grep -qx 'extract: 9 documents, 0 errors' v.err || fail "-v: summary line: $(cat v.err)"
checks=$((checks + 1))
# --version names the libraries
"$bin/extract" --version >ver.out
grep -q '^extract (nianbao) .*libarchive .*zlib' ver.out || fail "--version: $(cat ver.out)"
checks=$((checks + 1))
finish
