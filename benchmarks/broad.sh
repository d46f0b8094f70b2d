#!/usr/bin/env bash
# The broadened lasso matrix: eighteen paths on data from benchmarks/make_broad.py (not make_data.py, on which the
# working-set and rent-or-buy constants were chosen) — AR(1) rho 0 to 0.95, block and equicorrelated designs, a
# polynomial expansion of the Diabetes features, 5 to 500 true non-zeros, signal-to-noise 0.5 to 100, n/p 0.1 to 20.
# Every third row (3, 6, 9, ...) is held out: fixed here before any of it was measured, never used to choose a rule,
# and reported in its own block. A third block, "fresh", was added (and fixed, seed 2) after one held-out row (np01)
# had been profiled while the certificate schedule was developed: rows no rule has seen. Each row runs PenaltyGen, scikit-learn's lasso_path and glmnet as compare.sh does
# (100 alphas, eps 1e-3, the same final duality gap; medians of REPEAT in-process runs) and prints the ratio to the
# faster anchor; each block ends with its worst ratio.
# Needs (Debian): python3-sklearn, r-cran-glmnet, libopenblas0-pthread.
# Each tool's run (tightening and timing included) is cut at LIMIT seconds (default 600): its row then reads
# ">LIMIT" for that tool, and the ratio is taken against the other anchor. SKIP="name ..." leaves rows out (a
# resumed run).
# ANCHORS=FILE runs PenaltyGen only and takes the anchors' seconds (and whether they reached the gap) from the rows of
# an earlier run's output with the same names (benchmarks/results/broad-anchors.txt: the anchors on the same data
# files and host; the anchors do not change between PenaltyGen revisions).
# ROUNDS=R (default 1) runs the three tools R times per row, alternating PenaltyGen, scikit-learn and glmnet, and takes
# each tool's median: the host's slow and fast phases then fall on every tool of a row alike (not with ANCHORS).
# Usage: [REPEAT=3] [ROUNDS=1] [LIMIT=600] [SKIP="..."] [ONLY=tune|held|fresh|fresh2] [ANCHORS=FILE] benchmarks/broad.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
repeat=${REPEAT:-3}
limit=${LIMIT:-600}
source benchmarks/common.sh

# name design rows cols nonzeros snr
specs=(
  "ar0 ar:0 5000 1000 20 4"
  "ar8 ar:0.8 5000 1000 20 4"
  "ar95 ar:0.95 5000 1000 20 4"
  "block7 block:0.7:10 5000 1000 50 4"
  "equi3 equi:0.3 5000 1000 20 4"
  "poly3 poly:3 4000 285 20 2"
  "k5 ar:0.5 2000 2000 5 4"
  "k100 ar:0.5 2000 2000 100 4"
  "k500 ar:0.5 5000 2000 500 4"
  "snr100 ar:0.5 5000 1000 20 100"
  "snr05 ar:0.5 5000 1000 20 0.5"
  "np01 ar:0.5 500 5000 20 4"
  "np01blk block:0.5:20 1000 10000 50 2"
  "np05eq equi:0.5 1000 2000 20 4"
  "np20 ar:0.5 20000 1000 20 4"
  "np20blk block:0.9:5 20000 1000 100 1"
  "poly2 poly:2 1300 65 10 4"
  "np02ar95 ar:0.95 1000 5000 20 4"
)
# name design rows cols nonzeros snr seed: the fresh block
fresh=(
  "fw-ar3 ar:0.3 300 6000 15 4 2"
  "fw-blk block:0.7:10 800 8000 30 4 2"
  "fw-eq2 equi:0.2 600 3000 20 4 2"
  "ft-ar6 ar:0.6 3000 1500 40 2 2"
  "ft-poly poly:3 1500 285 30 8 2"
  "fw-k200 ar:0.5 1000 4000 200 4 2"
)
# A second fresh block (seed 3), fixed before the Newton steps on the face were measured on it: fw-eq2 of the first
# fresh block was profiled while they were developed.
fresh2=(
  "f2-eq4 equi:0.4 800 4000 25 4 3"
  "f2-ar7 ar:0.7 400 8000 10 4 3"
  "f2-blk block:0.8:20 1500 6000 60 3 3"
  "f2-eq1t equi:0.1 6000 1200 30 4 3"
  "f2-ar9 ar:0.9 2500 2500 80 2 3"
  "f2-poly poly:3 2500 285 15 4 3"
)
# Each tool on the current row ($dir, $rows, $cols), cut at LIMIT (then it reads as infinitely slow).
cut='{"seconds": Infinity, "dual_gap": 0, "nonzero": -1}'
run_pg() { timeout "$limit" $penaltygen --x "$dir/X.bin" --y "$dir/y.bin" --rows "$rows" --cols "$cols" --model lasso --alphas 100 --eps 1e-3 --tol 1e-4 --repeat "$repeat" || echo "$cut"; }
run_sk() { timeout "$limit" /usr/bin/python3 benchmarks/sklearn_path.py "$dir/X.bin" "$dir/y.bin" "$rows" "$cols" "$repeat" 1e-3 2>/dev/null || echo "$cut"; }
run_gl() { timeout "$limit" Rscript benchmarks/glmnet_path.R "$dir/X.bin" "$dir/y.bin" "$rows" "$cols" "$repeat" 1e-3 || echo "$cut"; }
# One tool's JSON from its rounds: the median time, the worst gap, the last run otherwise (a round cut at LIMIT counts
# as infinitely slow).
median_run() { /usr/bin/python3 -c '
import json, statistics, sys
runs = [json.loads(a) for a in sys.argv[1:]]
out = dict(runs[-1]); out["seconds"] = statistics.median(r["seconds"] for r in runs); out["dual_gap"] = max(r["dual_gap"] for r in runs)
print(json.dumps(out))' "$@"; }
header() { printf '%-9s %-13s %-11s %4s %5s %9s %9s %9s %6s %7s %s\n' "$1" design shape k snr penaltygen sklearn glmnet ratio nonzero gaps; }
# The host's phase: on a shared machine the FMA peak moves with the neighbours' load (docs/benchmarks.md), and the
# tools do not all slow alike; it is printed before and after the rows.
peak() { dotnet benchmarks/PenaltyGen.Benchmarks/bin/Release/net10.0/PenaltyGen.Benchmarks.dll peak | sed "s/^/host $1: /"; }
peak before
worst=()
for block in tune held fresh fresh2; do
  [[ -n ${ONLY:-} && $ONLY != "$block" ]] && continue
  echo; header "$block"
  ratios=()
  rows_of_block=("${specs[@]}")
  [[ $block == fresh ]] && rows_of_block=("${fresh[@]}")
  [[ $block == fresh2 ]] && rows_of_block=("${fresh2[@]}")
  for i in "${!rows_of_block[@]}"; do
    held=$(( (i + 1) % 3 == 0 ))
    [[ $block == held && $held == 0 || $block == tune && $held == 1 ]] && continue
    seed=1
    read -r name design rows cols k snr seed <<<"${rows_of_block[$i]}"
    seed=${seed:-1}
    [[ " ${SKIP:-} " == *" $name "* ]] && continue
    dir="$work/$name"
    [[ -f "$dir/X.bin" ]] || /usr/bin/python3 benchmarks/make_broad.py "$design" "$rows" "$cols" "$k" "$snr" "$dir" "$seed"
    if [[ ${ROUNDS:-1} -gt 1 && -z ${ANCHORS:-} ]]; then
      pgs=() sks=() gls=()
      for _ in $(seq "$ROUNDS"); do pgs+=("$(run_pg)"); sks+=("$(run_sk)"); gls+=("$(run_gl)"); done
      pg=$(median_run "${pgs[@]}") sk=$(median_run "${sks[@]}") gl=$(median_run "${gls[@]}")
    elif [[ -n ${ANCHORS:-} ]]; then
      pg=$(run_pg)
      read -r sk gl < <(/usr/bin/python3 - "$ANCHORS" "$name" <<'PY'
import json, sys
rows = [l.split() for l in open(sys.argv[1]) if l.split() and l.split()[0] == sys.argv[2]]
if not rows: sys.exit('error: no row named %s in %s' % (sys.argv[2], sys.argv[1]))
r = rows[0]
over = ' '.join(r[10:])
def tool(seconds, name):
    reached = name not in over  # a tool cut at LIMIT reads as cut.sh's: seconds ∞, gap 0
    return json.dumps({'seconds': float('inf') if seconds == '>LIMIT' else float(seconds), 'dual_gap': 0 if reached else float('inf'), 'nonzero': -1}).replace(' ', '')
print(tool(r[6], 'sklearn'), tool(r[7], 'glmnet'))
PY
)
    else
      pg=$(run_pg)
      sk=$(run_sk)
      gl=$(run_gl)
    fi
    row=$(/usr/bin/python3 - "$pg" "$sk" "$gl" "$dir/y.bin" <<'PY'
import json, sys
import numpy as np
pg, sk, gl = (json.loads(a) for a in sys.argv[1:4])
y = np.fromfile(sys.argv[4], dtype='<f8')
target = 1e-4 * float(((y - y.mean()) ** 2).sum()) / len(y)
# A tool whose last gap misses the target (or that was cut at LIMIT) does not count as the best anchor.
over = [name for name, d in (('penaltygen', pg), ('sklearn', sk), ('glmnet', gl)) if not d['dual_gap'] <= target]
anchors = [d['seconds'] for d in (sk, gl) if d['dual_gap'] <= target and d['seconds'] != float('inf')] or [float('nan')]
show = lambda d: '>LIMIT' if d['seconds'] == float('inf') else '%.4f' % d['seconds']
print('%s %s %s %.2f %d %s' % (show(pg), show(sk), show(gl), pg['seconds'] / min(anchors), pg['nonzero'], 'ok' if not over else 'over:' + ','.join(over)))
PY
)
    read -r tp ts tg ratio nz ok <<<"$row"
    ratios+=("$ratio")
    printf '%-9s %-13s %-11s %4s %5s %9s %9s %9s %6s %7s %s\n' "$name" "$design" "${rows}x${cols}" "$k" "$snr" "$tp" "$ts" "$tg" "$ratio" "$nz" "$ok"
  done
  [[ ${#ratios[@]} -eq 0 ]] && { printf '%-9s no rows run\n' "$block"; continue; }
  printf '%-9s worst ratio %s, median %s\n' "$block" "$(printf '%s\n' "${ratios[@]}" | sort -g | tail -1)" "$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
done
peak after
