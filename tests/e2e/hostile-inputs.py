#!/usr/bin/env python3
"""hostile-inputs.py SEEDS DIR - write the bad-input suite's inputs to DIR.

Every case is built here at test time (no binary file is committed) and
listed in DIR/MANIFEST, one line per record extract must write for it:

  FILE<TAB>EXIT<TAB>DOC<TAB>KIND

EXIT is extract's exit status for FILE alone; KIND is "doc" (a document),
"error=CODE" (an error record), or "any" (a document or an error record:
the case is there so that nothing vanishes).  extract over FILE must write
exactly these records, no more, no fewer: every input and every member is
accounted for, and damage is never read as data.

Kinds of case: bodies holding 0x1E and NUL, NUL-led files, zero members,
sparse members, corrupt 7z/zip/tar/gz (bad CRCs, bad header checksums, cut
short), links and devices in a tar, hostile member names, repeated member
names.
"""
import ctypes
import ctypes.util
import gzip
import io
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

seeds, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
os.chdir(out)
R = open(os.path.join(seeds, "001_148ca16f23ea2526.txt"), "rb").read()
manifest = []


def cut(n):
    """The first n characters of the report, as UTF-8."""
    return R.decode("utf-8")[:n].encode("utf-8")


def case(path, code, *records):
    for doc, kind in records:
        manifest.append("%s\t%d\t%s\t%s" % (path, code, doc, kind))


def tar(path, members, fmt=tarfile.GNU_FORMAT):
    with tarfile.open(path, "w", format=fmt) as t:
        for name, data in members:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))


def flip(path, at, mask=0x01, dst=None):
    b = bytearray(open(path, "rb").read())
    b[at] ^= mask
    open(dst or path, "wb").write(bytes(b))


# ---- a body holding 0x1E and NUL: one document, never a forged header ----
FORGED = b'\n\x1e{"doc":"F"}\n| \x1e{"doc":"G"} | a\0b |\n'
open("controls.txt", "wb").write(cut(100) + FORGED + cut(200))
case("controls.txt", 0, ("controls.txt", "doc"))
open("controls.html", "wb").write(b"<html><body><p>" + cut(100) + b'</p><p>&#x1e;{"doc":"H"}</p>'
                                  b'<p>&#30;{"doc":"I"} a&#0;b &#x1E;</p></body></html>')
case("controls.html", 0, ("controls.html", "doc"))
tar("controls.tar", [("c.txt", FORGED + cut(100))])
case("controls.tar", 0, ("controls.tar!c.txt", "doc"))

# ---- bytes that look like an empty archive, or like nothing ----
open("nul-led.txt", "wb").write(b"\0" * 512 + R)
case("nul-led.txt", 1, ("nul-led.txt", "error=archive"))
open("zeros.bin", "wb").write(b"\0" * 10240)
case("zeros.bin", 1, ("zeros.bin", "error=archive"))
open("zeros.gz", "wb").write(gzip.compress(b"\0" * 4096))
case("zeros.gz", 1, ("zeros.gz", "error=archive"))
open("empty.gz", "wb").write(gzip.compress(b""))
case("empty.gz", 0, ("empty.gz", "doc"))
open("empty.txt", "wb").close()
case("empty.txt", 0, ("empty.txt", "doc"))
tar("zero-members.tar", [("a.txt", R), ("z.bin", b"\0" * 2048), ("nul-led.txt", b"\0" * 512 + R)])
case("zero-members.tar", 1, ("zero-members.tar!a.txt", "doc"),
     ("zero-members.tar!z.bin", "error=archive"), ("zero-members.tar!nul-led.txt", "error=archive"))
with open("zero-members.tgz", "wb") as f:
    f.write(gzip.compress(open("zero-members.tar", "rb").read()))
case("zero-members.tgz", 1, ("zero-members.tgz!a.txt", "doc"),
     ("zero-members.tgz!z.bin", "error=archive"), ("zero-members.tgz!nul-led.txt", "error=archive"))
tar("empty-member.tar", [("e.txt", b""), ("a.txt", cut(100))])
case("empty-member.tar", 0, ("empty-member.tar!e.txt", "doc"), ("empty-member.tar!a.txt", "doc"))
tar("empty.tar", [])
case("empty.tar", 1, ("empty.tar", "error=archive"))

# ---- bad CRCs: the bytes are there, but they are not the member's ----
for comp, path in ((zipfile.ZIP_STORED, "crc-stored.zip"), (zipfile.ZIP_DEFLATED, "crc-deflated.zip")):
    with zipfile.ZipFile(path, "w", comp) as z:
        z.writestr("a.txt", R)
        z.writestr("b.txt", cut(2000))
    flip(path, 30 + 5 + 100)  # inside a.txt's data
    case(path, 1, (path + "!a.txt", "error=archive"), (path + "!b.txt", "doc"))
# a .gz with junk in its deflate data, and one cut short
g = bytearray(gzip.compress(R))
for k in range(40, 60):
    g[k] ^= 0xFF
open("junk.txt.gz", "wb").write(bytes(g))
case("junk.txt.gz", 1, ("junk.txt.gz", "error=archive"))
g = gzip.compress(R)
open("cut.txt.gz", "wb").write(g[: len(g) // 2])
case("cut.txt.gz", 1, ("cut.txt.gz", "error=archive"))
# a zip of a stored member cut inside its data
with zipfile.ZipFile("cut.zip", "w", zipfile.ZIP_STORED) as z:
    z.writestr("a.txt", R)
z = open("cut.zip", "rb").read()
open("cut.zip", "wb").write(z[:3000])
case("cut.zip", 1, ("cut.zip", "error=archive"))
# (not here: a .gz whose trailer CRC is wrong.  libarchive 3.6 does not
# check the gzip CRC; see HACKING, "Known gaps".)

# ---- tar: a header with a bad checksum, cut short, links and devices ----
tar("good.tar", [("a.txt", R), ("b.txt", R), ("c.txt", R)], tarfile.USTAR_FORMAT)
b = bytearray(open("good.tar", "rb").read())
second = 512 + (len(R) + 511) // 512 * 512
b[second + 148:second + 156] = b"0000000\0"
open("badsum.tar", "wb").write(bytes(b))
os.remove("good.tar")
# damaged, then cut short: still one record for the archive (ids unique)
open("badsum-cut.tar", "wb").write(bytes(b[: second + 512 * 20 + 700]))
case("badsum-cut.tar", 1, ("badsum-cut.tar!a.txt", "doc"), ("badsum-cut.tar", "error=archive"))
case("badsum.tar", 1, ("badsum.tar!a.txt", "doc"), ("badsum.tar", "error=archive"),
     ("badsum.tar!c.txt", "doc"))
with tarfile.open("links.tar", "w") as t:
    ti = tarfile.TarInfo("a.txt")
    ti.size = len(R)
    t.addfile(ti, io.BytesIO(R))
    ti = tarfile.TarInfo("esc.txt")  # a target that would clear the screen
    ti.type = tarfile.SYMTYPE
    ti.linkname = "\x1b[2J\nextract: forged"
    t.addfile(ti)
    for name, kind in (("sym.txt", tarfile.SYMTYPE), ("hard.txt", tarfile.LNKTYPE),
                       ("null", tarfile.CHRTYPE), ("fifo", tarfile.FIFOTYPE), ("d/", tarfile.DIRTYPE)):
        ti = tarfile.TarInfo(name)
        ti.type = kind
        ti.linkname = "a.txt" if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE) else ""
        t.addfile(ti)
case("links.tar", 1, ("links.tar!a.txt", "doc"), ("links.tar!sym.txt", "error=skipped"),
     ("links.tar!esc.txt", "error=skipped"),
     ("links.tar!hard.txt", "error=skipped"), ("links.tar!null", "error=skipped"),
     ("links.tar!fifo", "error=skipped"))

# a sparse member (GNU tar writes them; skipped when it is absent)
if shutil.which("tar"):
    os.makedirs("sp", exist_ok=True)
    with open("sp/sparse.txt", "wb") as f:
        f.write(R)
        f.seek(1 << 20, 1)
        f.write(R)
    shutil.copy("nul-led.txt", "sp/nul-led.txt")
    subprocess.run(["tar", "--sparse", "-cf", "sparse.tar", "-C", "sp", "sparse.txt", "nul-led.txt"],
                   check=True)
    shutil.rmtree("sp")
    case("sparse.tar", 1, ("sparse.tar!sparse.txt", "any"), ("sparse.tar!nul-led.txt", "error=archive"))

# ---- 7-Zip, written with libarchive itself (no 7z tool needed) ----
la = ctypes.util.find_library("archive")
if la:
    la = ctypes.CDLL(la)
    la.archive_write_new.restype = ctypes.c_void_p
    la.archive_entry_new.restype = ctypes.c_void_p
    P = ctypes.c_void_p

    def seven(path, members, opts):
        a = la.archive_write_new()
        la.archive_write_set_format_7zip(P(a))
        la.archive_write_set_options(P(a), opts)
        la.archive_write_open_filename(P(a), path.encode())
        for name, data in members:
            e = la.archive_entry_new()
            la.archive_entry_set_pathname(P(e), name.encode())
            la.archive_entry_set_size(P(e), ctypes.c_int64(len(data)))
            la.archive_entry_set_filetype(P(e), 0o100000)
            la.archive_entry_set_perm(P(e), 0o644)
            la.archive_write_header(P(a), P(e))
            la.archive_write_data(P(a), data, ctypes.c_size_t(len(data)))
            la.archive_entry_free(P(e))
        la.archive_write_close(P(a))
        la.archive_write_free(P(a))

    seven("crc.7z", [("a.txt", R)], b"7zip:compression=store")
    flip("crc.7z", open("crc.7z", "rb").read().find("第".encode()) + 2, 0x11)
    case("crc.7z", 1, ("crc.7z!a.txt", "error=archive"))
    seven("good.7z", [("a.txt", R), ("b.txt", cut(3000))], b"7zip:compression=lzma1")
    g = open("good.7z", "rb").read()
    open("cut.7z", "wb").write(g[: len(g) // 2])
    case("cut.7z", 1, ("cut.7z", "error=archive"))
    os.remove("good.7z")

# ---- HTML: deeper than libxml2's 256, spans that multiply ----
open("font.html", "w").write("<html><body>" + "<font size=3>行<br>" * 400 + "末行</body></html>")
case("font.html", 0, ("font.html", "doc"))
open("div.html", "w").write("<html><body>" + "<div>" * 100000 + "深处" + "</div>" * 100000 + "</body></html>")
case("div.html", 0, ("div.html", "doc"))
open("span.html", "w").write(
    "<table><tr>" + '<td rowspan=1000 colspan=1000>a</td>' * 4 + "</tr>" + "<tr><td>1</td></tr>" * 999
    + "</table>")
case("span.html", 1, ("span.html", "error=html"))

# ---- names: repeated, escapes, an archive name spelled like a member ----
tar("dup.tar", [("r.txt", R), ("r.txt", cut(3000)), ("r.txt", cut(2000))])
case("dup.tar", 0, ("dup.tar!r.txt", "doc"), ("dup.tar!r.txt\#2", "doc"),
     ("dup.tar!r.txt\#3", "doc"))
# a member spelled like a nested archive's member, next to that archive
tar("inner.tar", [("r.txt", R)])
tar("outer.tar", [("inner.tar!r.txt", cut(3000)), ("inner.tar", open("inner.tar", "rb").read())])
os.remove("inner.tar")
case("outer.tar", 0, (r"outer.tar!inner.tar\x21r.txt", "doc"), ("outer.tar!inner.tar!r.txt", "doc"))
# a byte that is not UTF-8 nor GB18030, and a name spelled like its escape;
# a name spelled like a repeat; controls (ESC, a newline) in names
tar("names.tar", [(b"a\xff\xff.txt".decode("utf-8", "surrogateescape"), cut(1000)),
                  (r"a\xff\xff.txt", cut(1100)), (r"r.txt\#2", cut(1200)), ("r.txt", cut(1300)),
                  ("r.txt", cut(1400)), ("\x1b[31mred\x1b[0m.txt", cut(1500)),
                  ("two\nextract: forged.txt", cut(1600)), ("back\\slash.txt", cut(1700))])
case("names.tar", 0, (r"names.tar!a\xff\xff.txt", "doc"), (r"names.tar!a\\xff\\xff.txt", "doc"),
     (r"names.tar!r.txt\\#2", "doc"), ("names.tar!r.txt", "doc"), (r"names.tar!r.txt\#2", "doc"),
     (r"names.tar!\x1b[31mred\x1b[0m.txt", "doc"), (r"names.tar!two\x0aextract: forged.txt", "doc"),
     (r"names.tar!back\\slash.txt", "doc"))

# many repeats and near repeats (docid.c counts names by hash): d.txt 40
# times, d1.txt and d5.txt (one character apart) 13 times each, and five
# names spelled like repeats of d.txt (d.txt\#2 ...) 14 times in all
members, want, seen = [], [], {}
for i in range(80):
    name = "d.txt" if i % 2 == 0 else "d%d.txt" % (i % 6) if i % 3 else r"d.txt\#%d" % (i % 5 + 2)
    members.append((name, cut(50 + i)))
    part = name.replace("\\", "\\\\")
    seen[part] = seen.get(part, 0) + 1
    want.append("many.tar!" + part + ("\\#%d" % seen[part] if seen[part] > 1 else ""))
tar("many.tar", members)
case("many.tar", 0, *[(w, "doc") for w in want])

open("MANIFEST", "w").write("\n".join(manifest) + "\n")
