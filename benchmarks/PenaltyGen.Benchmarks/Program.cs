using BenchmarkDotNet.Running;
using PenaltyGen.Benchmarks;

// `path …` is the side-by-side harness command (benchmarks/compare.sh), `kernels` the FMA peak and the Gram kernel's
// GFLOP/s, `peak` the FMA peak alone (the host's phase, printed around broad.sh's runs), `scan` DuckDB's own scan of a
// Parquet file (benchmarks/scan.sh); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "path") return PathCommand.Run(args[1..]);
if (args.Length > 0 && args[0] == "kernels") return KernelCommand.Run();
if (args.Length > 0 && args[0] == "peak") return KernelCommand.PrintPeak();
if (args.Length > 0 && args[0] == "scan") return ScanCommand.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(AllocationBenchmarks).Assembly).Run(args);
return 0;
