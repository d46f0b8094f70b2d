#!/usr/bin/env bash
# Side by side on l1-penalized Poisson regression paths: PenaltyGen and R's glmnet (family = "poisson"; scikit-learn
# has no l1 Poisson model: PoissonRegressor is l2 only) on the same data (counts.bin: y ~ Poisson(exp(0.1 * the sum of the
# first 20 columns)) on the lasso benchmark's X, RandomState(0)), the same grid (100 values from
# alpha_max = max|X'(y - ybar)|/n down to EPS*alpha_max, default 1e-2), the same accuracy: each tool's stopping knob
# (PenaltyGen's tol, glmnet's thresh) is tightened by factors of 10 until the last alpha's duality gap, recomputed from
# its coefficients by poisson_gap.py (glmnet_poisson.R: the same formula), is within 1e-4 * (half the null deviance).
# Needs (Debian): python3-sklearn (numpy), r-cran-glmnet.
# Usage: [REPEAT=3] [EPS=1e-2] benchmarks/compare_poisson.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
model=poisson target_file=counts.bin gap_module=poisson_gap
source benchmarks/glm_compare.sh

printf '%-6s %-12s %10s %19s %14s %15s %8s\n' shape tool seconds "(min-max)" final_gap objective nonzero
for shape in "tall 10000 1000" "wide 1000 10000"; do
  set -- $shape
  name=$1 rows=$2 cols=$3
  dir="$work/$name"
  [[ -f "$dir/X.bin" ]] || /usr/bin/python3 benchmarks/make_data.py "$rows" "$cols" "$dir"
  [[ -f "$dir/counts.bin" ]] || /usr/bin/python3 -c "
import numpy as np, sys
n, p = int(sys.argv[2]), int(sys.argv[3])
X = np.fromfile(sys.argv[1] + '/X.bin', dtype='<f8').reshape((p, n)).T
np.random.RandomState(0).poisson(np.exp(0.1 * X[:, :20].sum(axis=1))).astype('<f8').tofile(sys.argv[1] + '/counts.bin')
" "$dir" "$rows" "$cols"
  pg=$(pg_within "$dir" "$rows" "$cols")
  lines=("$pg")
  lines+=("$(Rscript benchmarks/glmnet_poisson.R "$dir/X.bin" "$dir/counts.bin" "$rows" "$cols" "$repeat" "$eps")")
  report "$name" "$dir" "1e-4*deviance/2" "${lines[@]}"
done
