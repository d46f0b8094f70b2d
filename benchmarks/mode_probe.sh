#!/usr/bin/env bash
# Residual mode against covariance mode near n = p: the lasso `path` command (100 alphas, eps 1e-3, tol 1e-4) with
# --precompute never and always, alternating, on probe data from benchmarks/make_broad.py with seed 21 (no row of
# broad.sh's tuning, held-out or fresh blocks) — the data the mode rule's n/p factor (CovarianceMode.Chosen) was
# chosen on, with broad.sh's tuning rows k5 and k100. Prints per row both modes' seconds (each the median of ROUNDS
# alternating runs, each run the median of REPEAT timed paths after a warm-up) and always/never.
# Usage: [ROUNDS=2] [REPEAT=1] benchmarks/mode_probe.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
rounds=${ROUNDS:-2} repeat=${REPEAT:-1}
# PenaltyGen alone: no anchor runs here, so none of common.sh's tools is needed.
dotnet build benchmarks/PenaltyGen.Benchmarks -c Release -v quiet -nologo >/dev/null
penaltygen="dotnet benchmarks/PenaltyGen.Benchmarks/bin/Release/net10.0/PenaltyGen.Benchmarks.dll path"
# design rows cols nonzeros snr
probes=(
  "ar:0.5 1200 2000 20 4" "ar:0.5 1400 2000 20 4" "ar:0.5 1600 2000 20 4" "ar:0.5 1800 2000 20 4" "ar:0.5 2000 2000 20 4"
  "equi:0.3 1400 2000 50 4" "equi:0.3 1800 2000 50 4" "block:0.7:10 1000 1500 30 4" "block:0.7:10 1300 1500 30 4"
  "ar:0.8 2400 3000 40 2" "ar:0.8 3000 3000 40 2"
)
printf '%-13s %-10s %5s %7s %9s %9s %7s\n' design shape n/p k never always ratio
for spec in "${probes[@]}"; do
  read -r design rows cols k snr <<<"$spec"
  dir="$work/${design//:/_}-$rows-$cols-$k"
  [[ -f "$dir/X.bin" ]] || /usr/bin/python3 benchmarks/make_broad.py "$design" "$rows" "$cols" "$k" "$snr" "$dir" 21
  never=() always=()
  for _ in $(seq "$rounds"); do
    for mode in never always; do
      seconds=$($penaltygen --x "$dir/X.bin" --y "$dir/y.bin" --rows "$rows" --cols "$cols" --model lasso --alphas 100 --eps 1e-3 \
        --tol 1e-4 --repeat "$repeat" --precompute "$mode" | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["seconds"])')
      if [[ $mode == never ]]; then never+=("$seconds"); else always+=("$seconds"); fi
    done
  done
  /usr/bin/python3 - "$design" "$rows" "$cols" "$k" "${#never[@]}" "${never[@]}" "${always[@]}" <<'PY'
import statistics, sys
design, rows, cols, k, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
never = statistics.median(map(float, sys.argv[6:6 + count]))
always = statistics.median(map(float, sys.argv[6 + count:]))
print('%-13s %-10s %5.2f %7s %9.3f %9.3f %7.2f' % (design, '%dx%d' % (rows, cols), rows / cols, k, never, always, always / never))
PY
done
