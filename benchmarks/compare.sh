#!/usr/bin/env bash
# Side by side: PenaltyGen, scikit-learn (lasso_path) and R's glmnet on the same data, same alpha grid
# (100 values, eps 1e-3; and a short, sparse path on the tall data, eps 5e-2), same accuracy (final duality gap
# <= 1e-4 * ||y_c||^2 / n), in one run.
# Needs (Debian): python3-sklearn, r-cran-glmnet, libopenblas0-pthread (scikit-learn's Gram product and
# glmnet's BLAS use it; with the reference BLAS scikit-learn's tall path is ~20x slower).
#   sudo apt-get install python3-sklearn r-cran-glmnet libopenblas0-pthread
# Each tool warms up once, then times REPEAT runs in process and reports the median (REPEAT=3 by default; the
# machine this was measured on varies by ±20% from run to run).
# Usage: [REPEAT=3] benchmarks/compare.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
repeat=${REPEAT:-3}
source benchmarks/common.sh

printf '%-6s %-12s %10s %17s %14s %8s\n' shape tool seconds "(min-max)" final_gap nonzero
for shape in "tall 10000 1000 1e-3" "wide 1000 10000 1e-3" "sparse 10000 1000 5e-2"; do
  set -- $shape
  name=$1 rows=$2 cols=$3 eps=$4
  data=$name
  [[ $name == sparse ]] && data=tall
  dir="$work/$data"
  [[ -f "$dir/X.bin" ]] || /usr/bin/python3 benchmarks/make_data.py "$rows" "$cols" "$dir"
  { read -r pg; read -r sk; read -r gl; } < <(three_tools "$dir" "$rows" "$cols" "$eps" "$repeat" "$dir/penaltygen-$name.coef")
  for line in "$pg" "$sk" "$gl"; do
    /usr/bin/python3 -c "import json,sys; d=json.loads(sys.argv[1]); print('%-6s %-12s %10.3f %17s %14.6g %8d' % (sys.argv[2], d['tool'], d['seconds'], '(%.3f-%.3f)' % (d['min_seconds'], d['max_seconds']), d['dual_gap'], d['nonzero']))" "$line" "$name"
  done
  /usr/bin/python3 -c "
import json,sys
import numpy as np
pg, sk, gl = (json.loads(a) for a in sys.argv[1:4])
y = np.fromfile(sys.argv[5], dtype='<f8')
target = 1e-4 * float(((y - y.mean()) ** 2).sum()) / len(y)
within = all(d['dual_gap'] <= target for d in (pg, sk, gl))
best = min(sk['seconds'], gl['seconds'])
print('%-6s final gaps %s the target 1e-4*||y_c||^2/n = %.6g' % (sys.argv[4], 'all within' if within else 'NOT all within', target))
print('%-6s penaltygen / best anchor = %.2f (scikit-learn %.2fx, glmnet %.2fx)' % (sys.argv[4], pg['seconds'] / best, pg['seconds'] / sk['seconds'], pg['seconds'] / gl['seconds']))
" "$pg" "$sk" "$gl" "$name" "$dir/y.bin"
done
