using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using PenaltyGen.Kernels;

namespace PenaltyGen.Benchmarks;

/// <summary>
/// <c>kernels</c>: the machine's fused multiply-add peak (independent 512-bit FMA chains, one core and every core)
/// and the Gram kernel's GFLOP/s on the shapes the covariance solver uses — the figures docs/benchmarks.md quotes.
/// Medians of repeated runs.
/// </summary>
internal static class KernelCommand
{
    public static int Run()
    {
        PrintPeak();

        const int rows = 10_000, columns = 1000;
        var random = new Random(1);
        var x = new double[rows * columns];
        for (var k = 0; k < x.Length; k++) x[k] = random.NextDouble() - 0.5;
        var result = new double[columns * columns];
        var list = Enumerable.Range(0, columns).ToArray();
        foreach (var (left, right) in new[] { (1000, 1000), (256, 1000), (64, 1000), (16, 700) })
        {
            var l = list[..left];
            var r = list[..right];
            Gram.Cross(x, rows, l, r, result);
            var seconds = Median(7, () => Gram.Cross(x, rows, l, r, result));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Gram {left} x {right} columns of {rows} rows: {seconds * 1e3:F1} ms, {2.0 * rows * left * right / seconds / 1e9:F0} GFLOP/s"));
        }
        // What the tall path's completion asks (775 features added to a cache of 225): the rectangle against the cached
        // ones and the upper triangle of the new square, written at a stride into the Gram matrix.
        {
            const int cached = 225, added = columns - cached;
            var l = list[cached..];
            Gram.Cross(x, rows, l, list, result, columns, cached);
            var seconds = Median(7, () => Gram.Cross(x, rows, l, list, result, columns, cached));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Gram rows of {added} new features onto {cached} cached (triangle of the new square): {seconds * 1e3:F1} ms, {2.0 * rows * added * (cached + added / 2.0) / seconds / 1e9:F0} GFLOP/s"));
        }
        // One full pass Xᵀv over both cores, as the solvers' checks read X: what CovarianceDescent.PassFlops models
        // (the cost of reading one column, in the Gram kernel's flops per row).
        {
            var v = new double[rows];
            for (var i = 0; i < rows; i++) v[i] = random.NextDouble() - 0.5;
            var g = new double[columns];
            Blas.GemvTransposed(x, rows, v, g, default, default, default, parallel: true);
            var pass = Median(21, () => Blas.GemvTransposed(x, rows, v, g, default, default, default, parallel: true));
            var gram = Median(7, () => Gram.Cross(x, rows, list, list, result, columns, 0));
            var flopsPerSecond = (double)rows * columns * columns / gram;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Full pass Xᵀv ({columns} columns of {rows} rows, both cores): {pass * 1e3:F2} ms, {8.0 * rows * columns / pass / 1e9:F1} GB/s = {pass * flopsPerSecond / ((double)rows * columns):F0} Gram-kernel flops per row per column"));
        }
        Reference(x, rows, columns, list, result);
        return 0;
    }

    /// <summary>
    /// The whole Gram matrix XᵀX of the 10000 × 1000 matrix two ways: the managed kernel (all 1000 columns against
    /// themselves, upper triangle only) and, when the machine has it, OpenBLAS's <c>cblas_dsyrk</c> through P/Invoke,
    /// both on every core — the comparison behind "no system BLAS accelerator" in docs/benchmarks.md.
    /// Rates count n·p² flops for both.
    /// </summary>
    private static unsafe void Reference(double[] x, int rows, int columns, int[] list, double[] result)
    {
        var flops = (double)rows * columns * columns;
        Gram.Cross(x, rows, list, list, result, columns, 0);
        var managed = Median(7, () => Gram.Cross(x, rows, list, list, result, columns, 0));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"XᵀX, upper triangle, managed kernel: {managed * 1e3:F1} ms, {flops / managed / 1e9:F0} GFLOP/s"));
        if (!NativeLibrary.TryLoad("libopenblas.so.0", out var library) || !NativeLibrary.TryGetExport(library, "cblas_dsyrk", out var export))
        {
            Console.WriteLine("XᵀX through OpenBLAS: libopenblas.so.0 not found (apt-get install libopenblas0-pthread)");
            return;
        }
        var syrk = (delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void>)export;
        const int colMajor = 102, upper = 121, transposed = 112;
        fixed (double* a = x)
        fixed (double* c = result)
        {
            var (pa, pc) = ((nint)a, (nint)c);
            void Run() => syrk(colMajor, upper, transposed, columns, rows, 1.0, (double*)pa, rows, 0.0, (double*)pc, columns);
            Run();
            var seconds = Median(7, Run);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"XᵀX, upper triangle, OpenBLAS cblas_dsyrk: {seconds * 1e3:F1} ms, {flops / seconds / 1e9:F0} GFLOP/s"));
        }
    }

    private static double Median(int runs, Action run)
    {
        var times = new double[runs];
        for (var k = 0; k < runs; k++)
        {
            var clock = Stopwatch.StartNew();
            run();
            times[k] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[runs / 2];
    }

    /// <summary>
    /// <c>peak</c> (and the first line of <c>kernels</c>): the fused multiply-add peak on one core and on every core. On a
    /// shared host it moves with the neighbours' load, so the harness scripts print it around a run as the host's phase.
    /// </summary>
    public static int PrintPeak()
    {
        if (!Vector512.IsHardwareAccelerated) Console.WriteLine("(no AVX-512 here: the peak below is not the kernel's path)");
        const long chains = 100_000_000;
        Peak(1000);
        var one = Median(5, () => Peak(chains));
        var all = Median(5, () => Parallel.For(0, Environment.ProcessorCount, _ => Peak(chains)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"FMA peak: one core {chains * 12 * 16 / one / 1e9:F0} GFLOP/s, {Environment.ProcessorCount} cores {Environment.ProcessorCount * chains * 12 * 16 / all / 1e9:F0} GFLOP/s"));
        return 0;
    }

    /// <summary>Twelve independent FMA chains of eight lanes: enough in flight to reach the FMA units' throughput.</summary>
    private static double Peak(long iterations)
    {
        var x = Vector512.Create(0.999999);
        var y = Vector512.Create(1e-9);
        Vector512<double> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y); a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y); a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y); a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y); a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y); a9 = Vector512.FusedMultiplyAdd(a9, x, y);
            a10 = Vector512.FusedMultiplyAdd(a10, x, y); a11 = Vector512.FusedMultiplyAdd(a11, x, y);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
