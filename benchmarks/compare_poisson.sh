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
work=${1:-$(mktemp -d)}
repeat=${REPEAT:-3}
eps=${EPS:-1e-2}
source benchmarks/common.sh

# PenaltyGen: the gap of its last fit (coefficients from --coef-out, intercept from the JSON line).
pg_gap() {
  /usr/bin/python3 -c "
import json, sys
sys.path.insert(0, 'benchmarks')
import numpy as np, poisson_gap
d = json.loads(sys.argv[1]); n, p = int(sys.argv[4]), int(sys.argv[5])
X = np.fromfile(sys.argv[2] + '/X.bin', dtype='<f8').reshape((p, n)).T
y = np.fromfile(sys.argv[2] + '/counts.bin', dtype='<f8')
w = np.loadtxt(sys.argv[3])
a = np.max(np.abs(X.T @ (y - y.mean()))) / n * float(sys.argv[6])
g, primal = poisson_gap.gap(X, y, a, w, d['intercept'])
d.update(dual_gap=g, objective=primal, within=bool(g <= poisson_gap.target(y)))
print(json.dumps(d))
" "$@"
}

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
  tol=1e-4
  while :; do
    pg=$($penaltygen --x "$dir/X.bin" --y "$dir/counts.bin" --rows "$rows" --cols "$cols" --model poisson --alphas 100 --eps "$eps" --tol "$tol" --repeat "$repeat" --coef-out "$dir/penaltygen-poisson.coef")
    pg=$(pg_gap "$pg" "$dir" "$dir/penaltygen-poisson.coef" "$rows" "$cols" "$eps")
    [[ $(/usr/bin/python3 -c "import json,sys; print(json.loads(sys.argv[1])['within'])" "$pg") == True ]] && break
    tol=$(/usr/bin/python3 -c "print('%g' % (float('$tol') / 10))")
    [[ $(/usr/bin/python3 -c "print(float('$tol') < 1e-12)") == True ]] && break
  done
  pg=$(/usr/bin/python3 -c "import json,sys; d=json.loads(sys.argv[1]); d['tol']=float(sys.argv[2]); print(json.dumps(d))" "$pg" "$tol")
  lines=("$pg")
  lines+=("$(Rscript benchmarks/glmnet_poisson.R "$dir/X.bin" "$dir/counts.bin" "$rows" "$cols" "$repeat" "$eps")")
  for line in "${lines[@]}"; do
    /usr/bin/python3 -c "
import json, sys
d = json.loads(sys.argv[1])
knob = next('%s %g' % (k, d[k]) for k in ('tol', 'thresh') if k in d)
print('%-6s %-12s %10.3f %19s %14.6g %15.12g %8d   (%s, %d timed)' % (sys.argv[2], d['tool'], d['seconds'], '(%.3f-%.3f)' % (d['min_seconds'], d['max_seconds']), d['dual_gap'], d['objective'], d['nonzero'], knob, d['repeat']))
" "$line" "$name"
  done
  /usr/bin/python3 -c "
import json, sys
sys.path.insert(0, 'benchmarks')
import numpy as np, poisson_gap
ds = [json.loads(a) for a in sys.argv[2:]]
y = np.fromfile(sys.argv[1] + '/counts.bin', dtype='<f8')
t = poisson_gap.target(y)
print('%-6s final gaps %s the target 1e-4*deviance/2 = %.6g' % ('$name', 'all within' if all(d['dual_gap'] <= t for d in ds) else 'NOT all within', t))
pg = ds[0]['seconds']
print('%-6s penaltygen / best anchor = %.2f (%s)' % ('$name', pg / min(d['seconds'] for d in ds[1:]), ', '.join('%s %.2fx' % (d['tool'], pg / d['seconds']) for d in ds[1:])))
" "$dir" "${lines[@]}"
done
