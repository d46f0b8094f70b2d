#!/usr/bin/env bash
# A/B timing of two revisions on the side-by-side data: builds each revision's benchmarks in a temporary git worktree,
# then alternates their `path` commands (each the median of 5 timed runs after a warm-up), ROUNDS times, and prints
# both series with their medians. Alternating keeps the machine's slow and fast phases out of the comparison.
# Usage: [MODEL=lasso|logistic] [TOL=1e-4] benchmarks/ab.sh REV_A REV_B tall|wide|sparse [ROUNDS] [WORKDIR]
# (MODEL=logistic: the l1 logistic path of compare_logistic.sh on labels.bin, eps 1e-2.)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 3 ]] || { echo "usage: benchmarks/ab.sh REV_A REV_B tall|wide|sparse [ROUNDS] [WORKDIR]" >&2; exit 2; }
a=$1 b=$2 shape=$3 rounds=${4:-5} work=${5:-$(mktemp -d)}
case $shape in
  tall) rows=10000 cols=1000 eps=1e-3 data=tall ;;
  wide) rows=1000 cols=10000 eps=1e-3 data=wide ;;
  sparse) rows=10000 cols=1000 eps=5e-2 data=tall ;;
  *) echo "error: shape must be tall, wide or sparse" >&2; exit 2 ;;
esac
dir="$work/$data"
[[ -f "$dir/labels.bin" ]] || /usr/bin/python3 benchmarks/make_data.py "$rows" "$cols" "$dir"
model=${MODEL:-lasso} tol=${TOL:-1e-4} target=y.bin
[[ $model == logistic ]] && { eps=1e-2; target=labels.bin; }
source benchmarks/revisions.sh
build_revisions "$a" "$b"
run() {
  dotnet "$trees/$1/benchmarks/PenaltyGen.Benchmarks/bin/Release/net10.0/PenaltyGen.Benchmarks.dll" path --x "$dir/X.bin" --y "$dir/$target" \
    --rows "$rows" --cols "$cols" --eps "$eps" --model "$model" --tol "$tol" --repeat 5 | /usr/bin/python3 -c "import json,sys; print(json.loads(sys.stdin.read())['seconds'])"
}
sa=() sb=()
for _ in $(seq "$rounds"); do sa+=("$(run a)"); sb+=("$(run b)"); done
/usr/bin/python3 -c "
import statistics, sys
for name, rev, xs in (('A', sys.argv[1], sys.argv[3]), ('B', sys.argv[2], sys.argv[4])):
    v = [float(x) for x in xs.split()]
    print('%s %-12s %s  median %.4f s' % (name, rev[:12], ' '.join('%.3f' % x for x in v), statistics.median(v)))
" "$a" "$b" "${sa[*]}" "${sb[*]}"
