# extract-common.bash - helpers sourced by tests/e2e/extract-*.sh (not a test
# itself: ctest runs *.sh only).  Sets bin, src, shared, tmp (removed on exit),
# and counts failures; finish prints the tally and exits non-zero on any.
set -u
bin=$(cd "$1" && pwd) src=$(cd "$2" && pwd) shared=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8
fails=0 checks=0
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# run NAME [ARGS...]: extract ARGS with stdout to $tmp/NAME.out, stderr to
# $tmp/NAME.err, exit status in $rc, summary (extract-docs.py) in $tmp/NAME.sum;
# a broken stream contract is a failure.
run() {
    local name=$1
    shift
    "$bin/extract" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
    rc=$?
    summarise "$name"
}

# summarise NAME: check and summarise $tmp/NAME.out.
summarise() {
    if ! python3 "$here/extract-docs.py" "$tmp/$1.out" >"$tmp/$1.sum" 2>"$tmp/$1.bad"; then
        fail "$1: stream contract broken:"
        cat "$tmp/$1.bad"
    fi
}

# expect_rc NAME WANT
expect_rc() {
    checks=$((checks + 1))
    [ "$rc" = "$2" ] || { fail "$1: exit $rc, want $2"; sed 's/^/    stderr: /' "$tmp/$1.err" | head -5; }
}

# has NAME TEXT: the summary of NAME has a line containing TEXT (fixed string).
has() {
    checks=$((checks + 1))
    grep -qF -- "$2" "$tmp/$1.sum" || { fail "$1: no summary line with '$2'; got:"; head -20 "$tmp/$1.sum"; }
}

# hasnt NAME TEXT
hasnt() {
    checks=$((checks + 1))
    ! grep -qF -- "$2" "$tmp/$1.sum" || fail "$1: unexpected summary line with '$2'"
}

# count NAME PATTERN WANT: lines of the summary matching the ERE PATTERN.
count() {
    local n
    checks=$((checks + 1))
    n=$(grep -cE -- "$2" "$tmp/$1.sum")
    [ "$n" = "$3" ] || { fail "$1: $n summary lines match '$2', want $3"; head -20 "$tmp/$1.sum"; }
}

# body NAME TEXT: the output stream has a line equal to TEXT.
body() {
    checks=$((checks + 1))
    grep -qxF -- "$2" "$tmp/$1.out" || fail "$1: no output line '$2'"
}

# stderr_has NAME TEXT
stderr_has() {
    checks=$((checks + 1))
    grep -qF -- "$2" "$tmp/$1.err" || { fail "$1: stderr lacks '$2'"; head -5 "$tmp/$1.err"; }
}

finish() {
    echo "$((checks - fails)) passed, $fails failed"
    [ "$fails" = 0 ]
}

# corpus_tree DIR: the seeds as a text tree, plus a GB18030, a UTF-16LE, a
# UTF-16BE and a CRLF copy of a seed made with iconv.
corpus_tree() {
    mkdir -p "$1/enc"
    cp "$src"/corpus/seeds/*.txt "$1/"
    iconv -f UTF-8 -t GB18030 "$src/corpus/seeds/001_148ca16f23ea2526.txt" >"$1/enc/gb18030.txt"
    { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$src/corpus/seeds/000_4d27c7cf704db1e1.txt"; } >"$1/enc/utf16le.txt"
    { printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE "$src/corpus/seeds/003_555b38ce0adfb193.txt"; } >"$1/enc/utf16be.txt"
    sed 's/$/\r/' "$src/corpus/seeds/004_4d0dc32836f03b08.txt" >"$1/enc/crlf.txt"
}

# same_body NAME DOC FILE: the body of DOC in NAME's output is FILE's text
# (CRLF, a BOM and a missing final newline aside).
same_body() {
    checks=$((checks + 1))
    python3 "$here/extract-docs.py" "$tmp/$1.out" "$2" >"$tmp/body" 2>/dev/null
    sed 's/\r$//; 1s/^\xef\xbb\xbf//' "$3" >"$tmp/want"
    [ -z "$(tail -c1 "$tmp/want")" ] || echo >>"$tmp/want" # every body line ends in LF
    cmp -s "$tmp/body" "$tmp/want" || { fail "$1: body of '$2' differs from $3:"; diff "$tmp/want" "$tmp/body" | head -6; }
}
