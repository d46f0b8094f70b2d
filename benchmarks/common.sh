# Sourced by compare.sh and compare_logistic.sh: the tools they need, and the built path command.
for tool in /usr/bin/python3 Rscript; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing (see the header of the script)" >&2; exit 2; }
done
/usr/bin/python3 -c "import sklearn" 2>/dev/null || { echo "error: python3-sklearn is missing" >&2; exit 2; }
Rscript -e 'suppressMessages(library(glmnet))' >/dev/null 2>&1 || { echo "error: r-cran-glmnet is missing" >&2; exit 2; }
dotnet build benchmarks/PenaltyGen.Benchmarks -c Release -v quiet -nologo >/dev/null
penaltygen="dotnet benchmarks/PenaltyGen.Benchmarks/bin/Release/net10.0/PenaltyGen.Benchmarks.dll path"
