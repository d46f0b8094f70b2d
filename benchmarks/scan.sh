#!/usr/bin/env bash
# The statistics pass over a Parquet file larger than this machine's comfortable memory, against DuckDB's own scan of it:
# makes WORK/big.parquet (ROWS×COLS doubles and a target, written by DuckDB; 12,000,000×20 ≈ 2 GB), then times
#   1. DuckDB computing the same least-squares sums in SQL (the limit: `PenaltyGen.Benchmarks scan sums`), and
#   2. `penaltygen stats --data big.parquet` (DuckDB streaming the rows, PenaltyGen summing them), with /usr/bin/time -v
#      for its peak memory.
# Usage: [ROWS=12000000] [COLS=20] benchmarks/scan.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
rows=${ROWS:-12000000}
cols=${COLS:-20}
dotnet build benchmarks/PenaltyGen.Benchmarks -c Release -v q >/dev/null
dotnet build src/PenaltyGen.Cli -c Release -v q >/dev/null
bench="dotnet benchmarks/PenaltyGen.Benchmarks/bin/Release/net10.0/PenaltyGen.Benchmarks.dll"
cli="dotnet src/PenaltyGen.Cli/bin/Release/net10.0/PenaltyGen.Cli.dll"
[[ -f "$work/big.parquet" ]] || $bench scan make "$work/big.parquet" "$rows" "$cols"
ls -l "$work/big.parquet"
$bench scan sums "$work/big.parquet"
/usr/bin/time -v $cli stats --data "$work/big.parquet" --target y --out "$work/big.stats" 2> "$work/time.txt"
grep -E "Elapsed|Maximum resident" "$work/time.txt"
