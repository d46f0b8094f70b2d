#!/usr/bin/env bash
# Side by side on sparse features: PenaltyGen (MatrixMarket.Load, the sparse coordinate descent), R's glmnet on a dgCMatrix
# and scikit-learn's enet_path on a scipy CSC matrix, on the same data (100000 x 50000, 0.1% stored: 5M entries,
# make_sparse.py), the same lasso grid (100 values, eps 1e-3), the same accuracy (final duality gap <= 1e-4 * ||y_c||^2 / n;
# glmnet's thresh tightened until it gets there), one run. Every tool centres implicitly (fit_intercept).
# Needs (Debian): python3-sklearn python3-scipy r-cran-glmnet. scikit-learn runs only with SKLEARN=1, under a time cap
# (SKLEARN_CAP seconds, default 900): its sparse coordinate descent updates the centred residual in O(n) per step.
# Usage: [REPEAT=1] [ROWS=100000 COLS=50000 DENSITY=0.001] [SKLEARN=1] benchmarks/compare_sparse.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
repeat=${REPEAT:-1}
rows=${ROWS:-100000} cols=${COLS:-50000} density=${DENSITY:-0.001}
source benchmarks/common.sh
dir="$work/sparse-$rows-$cols-$density"
[[ -f "$dir/X.mtx" ]] || /usr/bin/python3 benchmarks/make_sparse.py "$rows" "$cols" "$density" "$dir"
printf '%-12s %10s %17s %14s %8s\n' tool seconds "(min-max)" final_gap nonzero
pg=$($penaltygen --mtx "$dir/X.mtx" --y "$dir/y.bin" --model lasso --alphas 100 --eps 1e-3 --tol 1e-4 --repeat "$repeat")
gl=$(Rscript benchmarks/glmnet_sparse_path.R "$dir/X.mtx" "$dir/y.bin" "$repeat" 1e-3)
lines=("$pg" "$gl")
if [[ ${SKLEARN:-0} == 1 ]]; then
  sk=$(timeout "${SKLEARN_CAP:-900}" /usr/bin/python3 benchmarks/sklearn_sparse_path.py "$dir/X.npz" "$dir/y.bin" "$repeat" 1e-3 || true)
  if [[ -n $sk ]]; then lines+=("$sk"); else echo "scikit-learn  did not finish within ${SKLEARN_CAP:-900} s"; fi
fi
for line in "${lines[@]}"; do
  /usr/bin/python3 -c "import json,sys; d=json.loads(sys.argv[1]); print('%-12s %10.3f %17s %14.6g %8d' % (d['tool'], d['seconds'], '(%.3f-%.3f)' % (d['min_seconds'], d['max_seconds']), d['dual_gap'], d['nonzero']))" "$line"
done
/usr/bin/python3 -c "
import json,sys
import numpy as np
pg, gl = json.loads(sys.argv[1]), json.loads(sys.argv[2])
y = np.fromfile(sys.argv[3], dtype='<f8')
target = 1e-4 * float(((y - y.mean()) ** 2).sum()) / len(y)
print('final gaps %s the target %.6g; penaltygen / glmnet = %.2f' % ('all within' if max(pg['dual_gap'], gl['dual_gap']) <= target else 'NOT all within', target, pg['seconds'] / gl['seconds']))
" "$pg" "$gl" "$dir/y.bin"
