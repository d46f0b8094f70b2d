#!/usr/bin/env bash
# The broadened lasso matrix: eighteen paths on data from benchmarks/make_broad.py (not make_data.py, on which the
# working-set and rent-or-buy constants were chosen) — AR(1) rho 0 to 0.95, block and equicorrelated designs, a
# polynomial expansion of the Diabetes features, 5 to 500 true non-zeros, signal-to-noise 0.5 to 100, n/p 0.1 to 20.
# Every third row (3, 6, 9, ...) is held out: fixed here before any of it was measured, never used to choose a rule,
# and reported in its own block. Each row runs PenaltyGen, scikit-learn's lasso_path and glmnet as compare.sh does
# (100 alphas, eps 1e-3, the same final duality gap; medians of REPEAT in-process runs) and prints the ratio to the
# faster anchor; each block ends with its worst ratio.
# Needs (Debian): python3-sklearn, r-cran-glmnet, libopenblas0-pthread.
# Usage: [REPEAT=3] [ONLY=tune|held] benchmarks/broad.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
repeat=${REPEAT:-3}
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
header() { printf '%-9s %-13s %-11s %4s %5s %9s %9s %9s %6s %7s %6s\n' "$1" design shape k snr penaltygen sklearn glmnet ratio nonzero gaps; }
worst=()
for block in tune held; do
  [[ -n ${ONLY:-} && $ONLY != "$block" ]] && continue
  echo; header "$block"
  ratios=()
  for i in "${!specs[@]}"; do
    held=$(( (i + 1) % 3 == 0 ))
    [[ $block == held && $held == 0 || $block == tune && $held == 1 ]] && continue
    read -r name design rows cols k snr <<<"${specs[$i]}"
    dir="$work/$name"
    [[ -f "$dir/X.bin" ]] || /usr/bin/python3 benchmarks/make_broad.py "$design" "$rows" "$cols" "$k" "$snr" "$dir"
    { read -r pg; read -r sk; read -r gl; } < <(three_tools "$dir" "$rows" "$cols" 1e-3 "$repeat")
    row=$(/usr/bin/python3 - "$pg" "$sk" "$gl" "$dir/y.bin" <<'PY'
import json, sys
import numpy as np
pg, sk, gl = (json.loads(a) for a in sys.argv[1:4])
y = np.fromfile(sys.argv[4], dtype='<f8')
target = 1e-4 * float(((y - y.mean()) ** 2).sum()) / len(y)
ok = 'ok' if all(d['dual_gap'] <= target for d in (pg, sk, gl)) else 'OVER'
print('%.4f %.4f %.4f %.2f %d %s' % (pg['seconds'], sk['seconds'], gl['seconds'], pg['seconds'] / min(sk['seconds'], gl['seconds']), pg['nonzero'], ok))
PY
)
    read -r tp ts tg ratio nz ok <<<"$row"
    ratios+=("$ratio")
    printf '%-9s %-13s %-11s %4s %5s %9s %9s %9s %6s %7s %6s\n' "$name" "$design" "${rows}x${cols}" "$k" "$snr" "$tp" "$ts" "$tg" "$ratio" "$nz" "$ok"
  done
  printf '%-9s worst ratio %s, median %s\n' "$block" "$(printf '%s\n' "${ratios[@]}" | sort -g | tail -1)" "$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
done
