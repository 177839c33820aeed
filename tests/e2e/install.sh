#!/usr/bin/env bash
# install.sh BIN SOURCE SHARED - an installed nianbao works from its prefix,
# and its man pages cannot collide with other packages': nianbao.1 and
# nianbao-STAGE.1, never extract.1 or aggregate.1.
set -u
bin=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
command -v cmake >/dev/null || { echo "skip: no cmake"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); echo "ok   $1"; }
no() { fails=$((fails + 1)); echo "FAIL $1"; }
cmake --install "$bin/.." --prefix "$tmp/p" >/dev/null || { no "cmake --install"; exit 1; }
man1=$(find "$tmp/p" -path '*man1*' -name '*.1' -printf '%f\n' | sort | tr '\n' ' ')
for page in nianbao.1 nianbao-extract.1 nianbao-tabulate.1 nianbao-aggregate.1; do
    case " $man1" in *" $page "*) ok "installs $page" ;; *) no "no $page in: $man1" ;; esac
done
for page in extract.1 normalize.1 tabulate.1 aggregate.1; do
    case " $man1" in *" $page "*) no "installs $page (a generic name)" ;; *) ok "no $page" ;; esac
done
[ -x "$tmp/p/bin/nianbao" ] && [ ! -e "$tmp/p/bin/extract" ] && ok "only nianbao on PATH" ||
    no "bin/ holds $(ls "$tmp/p/bin")"
(cd "$tmp" && "$tmp/p/bin/nianbao" run -q -o out "$src/corpus/seeds")
st=$?
[ "$st" -eq 0 ] && [ -s "$tmp/out/rollup.csv" ] && ok "the installed nianbao run works" ||
    no "the installed nianbao run: exit $st"
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
