#!/usr/bin/env bash
# Side by side on l1-penalized multinomial paths (5 classes, ungrouped): PenaltyGen and R's glmnet (family =
# "multinomial"; scikit-learn has no path for it: LogisticRegression fits one C at a time) on the same data (classes.bin:
# y ~ softmax(0.5 * the sum of columns 4k..4k+3 for class k) on the lasso benchmark's X, RandomState(0)), the same grid
# (100 values from alpha_max = max|X'(Y - class shares)|/n down to EPS*alpha_max, default 1e-2), the same accuracy: each
# tool's stopping knob (PenaltyGen's tol, glmnet's thresh) is tightened by factors of 10 until the last alpha's duality
# gap, recomputed from its coefficients by multinomial_gap.py (glmnet_multinomial.R: the same formula), is within
# 1e-4 * the null model's mean loss.
# Needs (Debian): python3-sklearn (numpy), r-cran-glmnet.
# Usage: [REPEAT=3] [EPS=1e-2] benchmarks/compare_multinomial.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
model=multinomial target_file=classes.bin gap_module=multinomial_gap
source benchmarks/glm_compare.sh

printf '%-6s %-12s %10s %19s %14s %15s %8s\n' shape tool seconds "(min-max)" final_gap objective nonzero
for shape in "tall 10000 500" "wide 1000 5000"; do
  set -- $shape
  name=$1 rows=$2 cols=$3
  dir="$work/$name"
  [[ -f "$dir/X.bin" ]] || /usr/bin/python3 benchmarks/make_data.py "$rows" "$cols" "$dir"
  [[ -f "$dir/classes.bin" ]] || /usr/bin/python3 -c "
import numpy as np, sys
n, p, k = int(sys.argv[2]), int(sys.argv[3]), 5
X = np.fromfile(sys.argv[1] + '/X.bin', dtype='<f8').reshape((p, n)).T
eta = np.column_stack([0.5 * X[:, 4 * c:4 * c + 4].sum(axis=1) for c in range(k)])
P = np.exp(eta - eta.max(axis=1, keepdims=True)); P /= P.sum(axis=1, keepdims=True)
u = np.random.RandomState(0).uniform(size=n)
(P.cumsum(axis=1) < u[:, None]).sum(axis=1).astype('<f8').tofile(sys.argv[1] + '/classes.bin')
" "$dir" "$rows" "$cols"
  pg=$(pg_within "$dir" "$rows" "$cols")
  lines=("$pg")
  lines+=("$(Rscript benchmarks/glmnet_multinomial.R "$dir/X.bin" "$dir/classes.bin" "$rows" "$cols" "$repeat" "$eps")")
  report "$name" "$dir" "1e-4*null loss" "${lines[@]}"
done
