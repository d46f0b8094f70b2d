using BenchmarkDotNet.Running;
using PenaltyGen.Benchmarks;

// `path …` is the side-by-side harness command (benchmarks/compare.sh); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "path") return PathCommand.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(AllocationBenchmarks).Assembly).Run(args);
return 0;
