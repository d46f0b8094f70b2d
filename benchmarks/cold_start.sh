#!/usr/bin/env bash
# Cold start: `penaltygen fit` on the Diabetes CSV from process start to the JSON on stdout, against python3 doing the same
# with scikit-learn (numpy.loadtxt, Lasso(alpha=0.1).fit, json.dumps; the imports included), each a whole process timed by
# farm-bench over RUNS runs after two warm-ups (the files in the page cache: what a user re-running a command sees).
# Variants: the plain build on the shared runtime (JIT), a ReadyToRun publish (LanguageExt.Core left to the JIT), and a
# Native AOT publish (needs clang and zlib1g-dev).
# Needs: python3-sklearn, clang (for AOT), farm-bench. Usage: [RUNS=10] benchmarks/cold_start.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
runs=${RUNS:-10}
csv=$PWD/src/PenaltyGen/Data/Resources/diabetes.csv
dotnet build src/PenaltyGen.Cli -c Release -v quiet -nologo >/dev/null
dotnet publish src/PenaltyGen.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/r2r" -v quiet -nologo >/dev/null
dotnet publish src/PenaltyGen.Cli -c Release -r linux-x64 -p:PenaltyGenAot=true -o "$work/aot" -v quiet -nologo >/dev/null
cat > "$work/sk_fit.py" <<'PY'
import json, sys
import numpy as np
from sklearn.linear_model import Lasso
data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
m = Lasso(alpha=0.1).fit(data[:, :-1], data[:, -1])
print(json.dumps({"coef": m.coef_.tolist(), "intercept": float(m.intercept_)}))
PY
fit="fit --data $csv --target target --model lasso --alpha 0.1"
sk="/usr/bin/python3 $work/sk_fit.py $csv"
for variant in "jit:dotnet $PWD/src/PenaltyGen.Cli/bin/Release/net10.0/PenaltyGen.Cli.dll" "r2r:$work/r2r/PenaltyGen.Cli" "aot:$work/aot/PenaltyGen.Cli"; do
  name=${variant%%:*} command=${variant#*:}
  echo "== $name vs scikit-learn"
  # shellcheck disable=SC2086
  farm-bench -n "$runs" --warmup 2 --timeout 600 --vs "$sk" -- $command $fit | grep -E "wall|peak MiB|A/B wall"
done
