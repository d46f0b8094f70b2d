#!/usr/bin/env bash
# Side by side on l1-penalized logistic regression paths: PenaltyGen, scikit-learn (LogisticRegression, saga, warm
# starts) and R's glmnet (family = "binomial") on the same data (labels.bin from make_data.py: y ~ Bernoulli(
# sigmoid(x'beta/2)) on the lasso benchmark's X), the same grid (100 values from alpha_max = max|X'(y - ybar)|/n
# down to EPS*alpha_max, default 1e-2), the same accuracy: every tool's stopping knob (PenaltyGen's tol, saga's
# tol, glmnet's thresh) is tightened by factors of 10 until the last alpha's duality gap, recomputed from its
# coefficients by logistic_gap.py (glmnet_logistic.R: the same formula), is within 1e-4 * P(0).
# Needs (Debian): python3-sklearn, r-cran-glmnet.  saga is slow here (minutes per path): SKLEARN=0 leaves it out,
# SKLEARN_LIMIT (seconds, default 1200) bounds it.
# Usage: [REPEAT=3] [SKLEARN=1] [SKLEARN_LIMIT=1200] [EPS=1e-2] benchmarks/compare_logistic.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
model=logistic target_file=labels.bin gap_module=logistic_gap
source benchmarks/glm_compare.sh

printf '%-6s %-12s %10s %19s %14s %15s %8s\n' shape tool seconds "(min-max)" final_gap objective nonzero
for shape in "tall 10000 1000" "wide 1000 10000"; do
  set -- $shape
  name=$1 rows=$2 cols=$3
  dir="$work/$name"
  [[ -f "$dir/labels.bin" ]] || /usr/bin/python3 benchmarks/make_data.py "$rows" "$cols" "$dir"
  pg=$(pg_within "$dir" "$rows" "$cols")
  lines=("$pg")
  lines+=("$(Rscript benchmarks/glmnet_logistic.R "$dir/X.bin" "$dir/labels.bin" "$rows" "$cols" "$repeat" "$eps")")
  if [[ ${SKLEARN:-1} != 0 ]]; then
    # saga is timed once (it is two orders of magnitude slower) and given SKLEARN_LIMIT seconds (default 1200) in all.
    limit=${SKLEARN_LIMIT:-1200}
    if sk=$(timeout "$limit" /usr/bin/python3 benchmarks/sklearn_logistic.py "$dir/X.bin" "$dir/labels.bin" "$rows" "$cols" 1 "$eps"); then
      lines+=("$sk")
    else
      printf '%-6s %-12s did not finish within %s s (tightening its tol and timing it)\n' "$name" scikit-learn "$limit"
    fi
  fi
  report "$name" "$dir" "1e-4*P(0)" "${lines[@]}"
done
