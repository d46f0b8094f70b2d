#!/usr/bin/env bash
# Cross-validation side by side: PenaltyGen's CrossValidation.Run, scikit-learn's LassoCV and R's cv.glmnet on the same
# data (benchmarks/make_data.py, tall 10000x1000 and wide 1000x10000), the same folds (KFold(FOLDS) without shuffling:
# contiguous, as glmnet's foldid here), the same 100-alpha grid (eps 1e-3, on all rows), the same accuracy as compare.sh
# (tol 1e-4 on the duality gap; glmnet's thresh tightened until its whole-data path reaches that gap), and the refit at
# alpha_min. The anchors run once on one core and once on JOBS cores (LassoCV n_jobs, cv.glmnet parallel over
# doParallel); the ratio is to the fastest of the four.
# Needs (Debian): python3-sklearn, r-cran-glmnet, r-cran-doparallel, libopenblas0-pthread.
# Usage: [REPEAT=3] [FOLDS=10] [JOBS=2] [SKLEARN=1] benchmarks/compare_cv.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
repeat=${REPEAT:-3}
folds=${FOLDS:-10}
jobs=${JOBS:-2}
source benchmarks/common.sh
Rscript -e 'suppressMessages(library(doParallel))' >/dev/null 2>&1 || { echo "error: r-cran-doparallel is missing" >&2; exit 2; }

printf '%-6s %-16s %10s %17s %14s %6s %14s %8s\n' shape tool seconds "(min-max)" alpha_min index mean_error nonzero
for shape in "tall 10000 1000" "wide 1000 10000"; do
  set -- $shape
  name=$1 rows=$2 cols=$3
  dir="$work/$name"
  [[ -f "$dir/X.bin" ]] || /usr/bin/python3 benchmarks/make_data.py "$rows" "$cols" "$dir"
  lines=("$($penaltygen --x "$dir/X.bin" --y "$dir/y.bin" --rows "$rows" --cols "$cols" --alphas 100 --eps 1e-3 --tol 1e-4 --repeat "$repeat" --cv "$folds")")
  for j in 1 "$jobs"; do
    lines+=("$(Rscript benchmarks/glmnet_cv.R "$dir/X.bin" "$dir/y.bin" "$rows" "$cols" "$folds" "$repeat" 1e-3 "$j")")
    [[ ${SKLEARN:-1} == 1 ]] && lines+=("$(/usr/bin/python3 benchmarks/sklearn_cv.py "$dir/X.bin" "$dir/y.bin" "$rows" "$cols" "$folds" "$repeat" 1e-3 "$j")")
  done
  /usr/bin/python3 - "$name" "${lines[@]}" <<'PY'
import json, sys
name, runs = sys.argv[1], [json.loads(a) for a in sys.argv[2:]]
for d in runs:
    print('%-6s %-16s %10.3f %17s %14.6g %6d %14.8g %8d' % (name, d['tool'], d['seconds'], '(%.3f-%.3f)' % (d['min_seconds'], d['max_seconds']),
          d['alpha_min'], d['index_min'], d['mean_error_min'], d['nonzero']))
best = min(runs[1:], key=lambda d: d['seconds'])
print('%-6s penaltygen / best anchor = %.2f (%s)' % (name, runs[0]['seconds'] / best['seconds'],
      ', '.join('%s %.2fx' % (d['tool'], runs[0]['seconds'] / d['seconds']) for d in runs[1:])))
PY
done
