# Sourced by compare.sh and compare_logistic.sh: the tools they need, and the built path command.
for tool in /usr/bin/python3 Rscript; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing (see the header of the script)" >&2; exit 2; }
done
/usr/bin/python3 -c "import sklearn" 2>/dev/null || { echo "error: python3-sklearn is missing" >&2; exit 2; }
Rscript -e 'suppressMessages(library(glmnet))' >/dev/null 2>&1 || { echo "error: r-cran-glmnet is missing" >&2; exit 2; }
dotnet build benchmarks/PenaltyGen.Benchmarks -c Release -v quiet -nologo >/dev/null
penaltygen="dotnet benchmarks/PenaltyGen.Benchmarks/bin/Release/net10.0/PenaltyGen.Benchmarks.dll path"

# The three tools on one lasso path (100 alphas down to EPS * alpha_max, tol 1e-4 on the duality gap; glmnet's thresh
# tightened to the same gap): one JSON line each, PenaltyGen's first. Usage: three_tools DIR ROWS COLS EPS REPEAT [COEF]
three_tools() {
  local dir=$1 rows=$2 cols=$3 eps=$4 repeat=$5 coef=${6:-}
  $penaltygen --x "$dir/X.bin" --y "$dir/y.bin" --rows "$rows" --cols "$cols" --model lasso --alphas 100 --eps "$eps" --tol 1e-4 \
    --repeat "$repeat" ${coef:+--coef-out "$coef"}
  /usr/bin/python3 benchmarks/sklearn_path.py "$dir/X.bin" "$dir/y.bin" "$rows" "$cols" "$repeat" "$eps"
  Rscript benchmarks/glmnet_path.R "$dir/X.bin" "$dir/y.bin" "$rows" "$cols" "$repeat" "$eps"
}
