#!/usr/bin/env bash
# A matrix of lasso paths around the issue's shapes (100 alphas, tol 1e-4), to guard the choices that only the
# benchmarks can judge: the covariance solver's rent-or-buy rule (paths that end sparse must stay lazy, paths that
# end dense must buy early), the p/8 renewal thresholds and the implicit-centring rule. Each row: the data (AR(1)
# columns, RHO, NONZERO true coefficients, NOISE; benchmarks/make_data.py), eps, PenaltyGen's and scikit-learn's
# times (medians of REPEAT in-process runs after a warm-up), their ratio, and the final non-zero count.
# With BASELINE=REV a column for that revision's PenaltyGen is added (built in a temporary worktree).
# Needs (Debian): python3-sklearn (see compare.sh). Usage: [REPEAT=3] [BASELINE=REV] benchmarks/matrix.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
repeat=${REPEAT:-3}
/usr/bin/python3 -c "import sklearn" 2>/dev/null || { echo "error: python3-sklearn is missing" >&2; exit 2; }
dotnet build benchmarks/PenaltyGen.Benchmarks -c Release -v quiet -nologo >/dev/null
current=benchmarks/PenaltyGen.Benchmarks/bin/Release/net10.0/PenaltyGen.Benchmarks.dll
baseline=
if [[ -n ${BASELINE:-} ]]; then
  tree=$(mktemp -d)
  trap 'git worktree remove --force "$tree/b" >/dev/null 2>&1 || true; rm -rf "$tree"' EXIT
  git worktree add --detach "$tree/b" "$BASELINE" >/dev/null 2>&1
  dotnet build "$tree/b/benchmarks/PenaltyGen.Benchmarks" -c Release -v quiet -nologo >/dev/null
  baseline=$tree/b/benchmarks/PenaltyGen.Benchmarks/bin/Release/net10.0/PenaltyGen.Benchmarks.dll
fi

# name rows cols eps [VAR=value ...]
specs=(
  "tall 10000 1000 1e-3"
  "tall 10000 1000 1e-2"
  "tall 10000 1000 5e-2"
  "n5k 5000 1000 1e-3"
  "n2k 2000 1000 1e-3"
  "n20k 20000 500 1e-3"
  "p2k 4000 2000 1e-3"
  "p3k 6000 3000 1e-3"
  "p3k 6000 3000 1e-2"
  "rho9 10000 1000 1e-3 RHO=0.9"
  "quiet 10000 1000 1e-3 NOISE=0.05"
  "dense 10000 1000 1e-3 NONZERO=200"
  "dense 10000 1000 5e-2 NONZERO=200"
  "wide 1000 10000 1e-3"
  "wide 1000 10000 1e-2"
)
seconds() { /usr/bin/python3 -c "import json,sys; d=json.loads(sys.stdin.read()); print('%.4f %d' % (d['seconds'], d['nonzero']))"; }
printf '%-6s %-12s %-6s %-16s %10s %12s %8s %8s%s\n' data shape eps design penaltygen scikit-learn ratio nonzero "${baseline:+   baseline}"
for spec in "${specs[@]}"; do
  read -r name rows cols eps vars <<<"$spec"
  dir="$work/$name"
  [[ -f "$dir/X.bin" ]] || env $vars /usr/bin/python3 benchmarks/make_data.py "$rows" "$cols" "$dir"
  args=(path --x "$dir/X.bin" --y "$dir/y.bin" --rows "$rows" --cols "$cols" --eps "$eps" --tol 1e-4 --repeat "$repeat")
  read -r pg nonzero < <(dotnet "$current" "${args[@]}" | seconds)
  read -r sk _ < <(/usr/bin/python3 benchmarks/sklearn_path.py "$dir/X.bin" "$dir/y.bin" "$rows" "$cols" "$repeat" "$eps" | seconds)
  extra=
  [[ -n $baseline ]] && { read -r base _ < <(dotnet "$baseline" "${args[@]}" | seconds); extra=$(printf ' %10s' "$base"); }
  printf '%-6s %-12s %-6s %-16s %10s %12s %8.2f %8s%s\n' "$name" "${rows}x${cols}" "$eps" "${vars:--}" "$pg" "$sk" \
    "$(/usr/bin/python3 -c "print($pg / $sk)")" "$nonzero" "$extra"
done
