#!/usr/bin/env python3
"""extract-docs.py STREAM [DOC] - check a document stream and summarise it.

Checks the contract of DESIGN 2.1 and fails (exit 1) when it is broken:
every header line is 0x1E + one JSON object with a "doc"; bodies are UTF-8
with no NUL, no 0x1E, no CR and no C0 control but TAB; an error document
has an empty body and error.stage "extract"; the stream ends in a newline;
no U+FFFD appears (undecodable bytes are never replaced in silence).

Prints one line per document, for the tests to grep:
  DOC<TAB>enc=ENCODING fmt=FORMAT lines=N controls=N bytes=N
  DOC<TAB>error=CODE: MESSAGE
or, given DOC, the body of that document as it is in the stream.
"""
import json
import re
import sys

CTRL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")


def id_part(name):
    """A member name as a part of a doc id (nianbao-stream(5), "Document ids")."""
    out = []
    for c in name:
        if c == "\\":
            out.append("\\\\")
        elif c == "!" or ord(c) < 0x20 or ord(c) == 0x7F:
            out.append("\\x%02x" % ord(c))
        else:
            out.append(c)
    return "".join(out)


def id_of(doc, archive, member):
    """Whether doc is ARCHIVE!MEMBER with the member escaped, and \\#N after
    a repeated name.  A member shown with \\xNN escapes (bytes that are not
    UTF-8) is only checked for its archive."""
    if "\\x" in member:
        return doc.startswith(archive + "!")
    want = archive + "!" + id_part(member)
    return doc == want or re.fullmatch(re.escape(want) + r"\\#[0-9]+", doc) is not None


def main():
    data = open(sys.argv[1], "rb").read()
    want = sys.argv[2] if len(sys.argv) > 2 else None
    bad = []
    if data and not data.endswith(b"\n"):
        bad.append("stream does not end in a newline")
    if data and not data.startswith(b"\x1e"):
        bad.append("stream does not start with a header")
    docs = []
    for raw in data.split(b"\n")[:-1] if data else []:
        if raw.startswith(b"\x1e"):
            try:
                h = json.loads(raw[1:].decode("utf-8"))
            except ValueError as e:
                bad.append("bad header %r: %s" % (raw[:80], e))
                continue
            if not isinstance(h, dict) or not isinstance(h.get("doc"), str):
                bad.append("header without doc: %r" % raw[:80])
                continue
            docs.append([h, 0])
            continue
        if want is not None and docs and docs[-1][0]["doc"] == want:
            sys.stdout.buffer.write(raw + b"\n")
        if not docs:
            bad.append("body before the first header")
            continue
        h = docs[-1][0]
        docs[-1][1] += 1
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.append("%s: body line not UTF-8" % h["doc"])
            continue
        if CTRL.search(raw):
            bad.append("%s: control character in body" % h["doc"])
        if "\ufffd" in line:
            bad.append("%s: U+FFFD in body" % h["doc"])
    for h, n in docs if want is None else []:
        if "error" in h:
            e = h["error"]
            if n:
                bad.append("%s: error document with a body" % h["doc"])
            if e.get("stage") != "extract" or not e.get("code") or not e.get("message"):
                bad.append("%s: malformed error %r" % (h["doc"], e))
            print("%s\terror=%s: %s" % (h["doc"], e.get("code"), e.get("message")))
        else:
            for k in ("bytes", "format", "encoding", "controls"):
                if k not in h:
                    bad.append("%s: header lacks %s" % (h["doc"], k))
            if ("archive" in h) != ("member" in h):
                bad.append("%s: archive without member or the reverse" % h["doc"])
            if "archive" in h and not id_of(h["doc"], h["archive"], h["member"]):
                bad.append("%s: doc is not ARCHIVE!MEMBER" % h["doc"])
            print("%s\tenc=%s fmt=%s lines=%d controls=%s bytes=%s"
                  % (h["doc"], h.get("encoding"), h.get("format"), n, h.get("controls"),
                     h.get("bytes")))
    for b in bad:
        print("extract-docs: " + b, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
