# Sourced by compare_logistic.sh, compare_poisson.sh and compare_multinomial.sh: the work folder ($1), REPEAT and EPS, the tools (common.sh),
# PenaltyGen's side of a GLM comparison held to a duality gap recomputed from the last fit's coefficients by a Python
# module (logistic_gap, poisson_gap, multinomial_gap: gap(X, y, alpha, w, b), target(y) and optionally alpha_max(X, y)), and the report of every tool's line. The caller
# sets: model (--model), target_file (the response in each shape's folder), gap_module.
work=${1:-$(mktemp -d)}
repeat=${REPEAT:-3}
eps=${EPS:-1e-2}
source benchmarks/common.sh

# PenaltyGen's JSON line with its last fit's gap: tol tightened by tens from 1e-4 until the gap is within the target.
pg_within() {
  local dir=$1 rows=$2 cols=$3 tol=1e-4 pg
  while :; do
    pg=$($penaltygen --x "$dir/X.bin" --y "$dir/$target_file" --rows "$rows" --cols "$cols" --model "$model" --alphas 100 --eps "$eps" --tol "$tol" --repeat "$repeat" --coef-out "$dir/penaltygen-$model.coef")
    pg=$(/usr/bin/python3 -c "
import json, sys, importlib
sys.path.insert(0, 'benchmarks')
import numpy as np
gap = importlib.import_module(sys.argv[7])
d = json.loads(sys.argv[1]); n, p = int(sys.argv[4]), int(sys.argv[5])
X = np.fromfile(sys.argv[2] + '/X.bin', dtype='<f8').reshape((p, n)).T
y = np.fromfile(sys.argv[2] + '/' + sys.argv[8], dtype='<f8')
w = np.loadtxt(sys.argv[3])
# The grid's start: the gap module's alpha_max when it has one, else max|X'(y - ybar)|/n (the null gradient of the logistic and Poisson losses).
a = (gap.alpha_max(X, y) if hasattr(gap, 'alpha_max') else np.max(np.abs(X.T @ (y - y.mean()))) / n) * float(sys.argv[6])
g, primal = gap.gap(X, y, a, w, d['intercept'])
d.update(dual_gap=g, objective=primal, within=bool(g <= gap.target(y)), tol=float(sys.argv[9]))
print(json.dumps(d))
" "$pg" "$dir" "$dir/penaltygen-$model.coef" "$rows" "$cols" "$eps" "$gap_module" "$target_file" "$tol")
    [[ $(/usr/bin/python3 -c "import json,sys; print(json.loads(sys.argv[1])['within'])" "$pg") == True ]] && break
    tol=$(/usr/bin/python3 -c "print('%g' % (float('$tol') / 10))")
    [[ $(/usr/bin/python3 -c "print(float('$tol') < 1e-12)") == True ]] && break
  done
  echo "$pg"
}

# One table line per tool, whether every final gap is within the target, and PenaltyGen's time over each anchor's.
report() {
  local name=$1 dir=$2 target_label=$3
  shift 3
  for line in "$@"; do
    /usr/bin/python3 -c "
import json, sys
d = json.loads(sys.argv[1])
knob = next('%s %g' % (k, d[k]) for k in ('tol', 'thresh') if k in d)
print('%-6s %-12s %10.3f %19s %14.6g %15.12g %8d   (%s, %d timed)' % (sys.argv[2], d['tool'], d['seconds'], '(%.3f-%.3f)' % (d['min_seconds'], d['max_seconds']), d['dual_gap'], d['objective'], d['nonzero'], knob, d['repeat']))
" "$line" "$name"
  done
  /usr/bin/python3 -c "
import json, sys, importlib
sys.path.insert(0, 'benchmarks')
import numpy as np
gap = importlib.import_module(sys.argv[3])
ds = [json.loads(a) for a in sys.argv[5:]]
y = np.fromfile(sys.argv[1] + '/' + sys.argv[2], dtype='<f8')
t = gap.target(y)
print('%-6s final gaps %s the target %s = %.6g' % (sys.argv[4], 'all within' if all(d['dual_gap'] <= t for d in ds) else 'NOT all within', '$target_label', t))
pg = ds[0]['seconds']
print('%-6s penaltygen / best anchor = %.2f (%s)' % (sys.argv[4], pg / min(d['seconds'] for d in ds[1:]), ', '.join('%s %.2fx' % (d['tool'], pg / d['seconds']) for d in ds[1:])))
" "$dir" "$target_file" "$gap_module" "$name" "$@"
}
