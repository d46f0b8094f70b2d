#!/usr/bin/env bash
# A/B timing of two revisions on rows of the broadened matrix (broad.sh's data) or on ab.sh's tall/wide data: builds
# each revision's benchmarks in a temporary git worktree, then alternates their lasso `path` commands (100 alphas,
# eps 1e-3, tol 1e-4; each the median of REPEAT timed runs after a warm-up), ROUNDS times per row, and prints per row
# both series, their medians, each side's sweep count and the ratio B / A. Alternating keeps the machine's slow and
# fast phases out of the comparison; the FMA peak printed before and after the rows records which phase it was.
# A row is NAME:ROWS:COLS with its data in DATA/NAME/{X,y}.bin (broad.sh /tmp/broad writes them; ab.sh's tall and wide
# live in its WORKDIR).
# Usage: [ROUNDS=3] [REPEAT=3] [DATA=/tmp/broad] benchmarks/ab_rows.sh REV_A REV_B NAME:ROWS:COLS...
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 3 ]] || { echo "usage: benchmarks/ab_rows.sh REV_A REV_B NAME:ROWS:COLS..." >&2; exit 2; }
a=$1 b=$2
shift 2
rounds=${ROUNDS:-3} repeat=${REPEAT:-3} data=${DATA:-/tmp/broad}
source benchmarks/revisions.sh
build_revisions "$a" "$b"
run() { # side name rows cols -> "seconds sweeps"
  dotnet "$trees/$1/benchmarks/PenaltyGen.Benchmarks/bin/Release/net10.0/PenaltyGen.Benchmarks.dll" path \
    --x "$data/$2/X.bin" --y "$data/$2/y.bin" --rows "$3" --cols "$4" --model lasso --alphas 100 --eps 1e-3 --tol 1e-4 \
    --repeat "$repeat" | /usr/bin/python3 -c "import json,sys; j=json.loads(sys.stdin.read()); print(j['seconds'], j['sweeps'])"
}
# The host's phase (docs/benchmarks.md): the FMA peak before and after the rows, from side A's build.
peak() { dotnet "$trees/a/benchmarks/PenaltyGen.Benchmarks/bin/Release/net10.0/PenaltyGen.Benchmarks.dll" peak | sed "s/^/host $1: /"; }
peak before
for spec in "$@"; do
  IFS=: read -r name rows cols <<<"$spec"
  [[ -f "$data/$name/X.bin" ]] || { echo "error: no $data/$name/X.bin (run benchmarks/broad.sh $data first)" >&2; exit 2; }
  sa=() sb=()
  for _ in $(seq "$rounds"); do sa+=("$(run a "$name" "$rows" "$cols")"); sb+=("$(run b "$name" "$rows" "$cols")"); done
  /usr/bin/python3 -c "
import statistics, sys
name, a, b = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
ta, tb = [float(x) for x in a[0::2]], [float(x) for x in b[0::2]]
ma, mb = statistics.median(ta), statistics.median(tb)
print('%-10s A %s median %.3f s (%s sweeps)   B %s median %.3f s (%s sweeps)   B/A %.2f' % (
    name, ' '.join('%.3f' % x for x in ta), ma, a[1], ' '.join('%.3f' % x for x in tb), mb, b[1], mb / ma))
" "$name" "${sa[*]}" "${sb[*]}"
done
peak after
