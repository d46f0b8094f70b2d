using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Paths;
using PenaltyGen.Solvers;

namespace PenaltyGen.Benchmarks;

/// <summary>
/// <c>path (--x X.bin --rows N --cols P | --mtx X.mtx) --y y.bin --model lasso|logistic|poisson|multinomial --alphas 100 --eps 1e-3 --tol 1e-4 [--precompute auto|never|always] [--repeat K] [--cv FOLDS] --coef-out FILE</c>:
/// reads raw little-endian float64 (X column-major; or sparse X from a Matrix Market file), fits the path once to warm up and once timed (or K times:
/// the median, with min and max), prints one JSON line with the timed seconds, the final duality gap (NaN for the logistic loss, whose stop is
/// the KKT residual) and intercept, and writes the last α's coefficients one per line.
/// </summary>
internal static class PathCommand
{
    public static int Run(string[] args)
    {
        string Arg(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, name);
            if (i >= 0 && i + 1 < args.Length) return args[i + 1];
            return fallback ?? throw new ArgumentException($"missing {name}");
        }
        try
        {
            var data = Array.IndexOf(args, "--mtx") >= 0 ? Sparse(Arg("--mtx"), Arg("--y")) : Dense(Arg);
            var count = int.Parse(Arg("--alphas", "100"), CultureInfo.InvariantCulture);
            var eps = double.Parse(Arg("--eps", "1e-3"), CultureInfo.InvariantCulture);
            var tol = double.Parse(Arg("--tol", "1e-4"), CultureInfo.InvariantCulture);
            var model = Arg("--model", "lasso");
            if (model is not ("lasso" or "logistic" or "poisson" or "multinomial")) throw new ArgumentException($"--model {model}: expected lasso, logistic, poisson or multinomial (l1-penalized)");
            var precompute = Arg("--precompute", "auto") switch
            {
                "auto" => Precompute.Auto,
                "never" => Precompute.Never,
                "always" => Precompute.Always,
                var other => throw new ArgumentException($"--precompute {other}: expected auto, never or always"),
            };
            var options = new FitOptions { Tol = tol, Precompute = precompute, Loss = model switch { "logistic" => LossKind.Logistic, "poisson" => LossKind.Poisson, "multinomial" => LossKind.Multinomial, _ => LossKind.LeastSquares } };

            var repeat = int.Parse(Arg("--repeat", "1"), CultureInfo.InvariantCulture);
            if (Array.IndexOf(args, "--cv") >= 0)
                return CrossValidate(data, int.Parse(Arg("--cv"), CultureInfo.InvariantCulture), count, eps, options, repeat);

            // scikit-learn's grid of count values down to eps·α_max, as lasso_path(X, y, eps, n_alphas) computes it inside.
            var (path, times) = Timed(() => RegularizationPaths.Fit<Lasso.Penalty>(data, count, eps, options).ThrowIfFail(), repeat);
            var seconds = times[(repeat - 1) / 2];

            var last = path.Fits[^1];
            // One line per coefficient; a multinomial fit's one line per class (its p coefficients, space-separated).
            var multinomial = last.Loss == LossKind.Multinomial;
            if (Array.IndexOf(args, "--coef-out") >= 0)
            {
                File.WriteAllLines(Arg("--coef-out"), multinomial
                    ? Enumerable.Range(0, last.Intercepts.Length).Select(k => string.Join(' ', last.ClassCoefficients(k).ToArray().Select(c => c.ToString("R", CultureInfo.InvariantCulture))))
                    : last.Coefficients.Select(c => c.ToString("R", CultureInfo.InvariantCulture)));
            }
            var intercept = multinomial ? $"[{string.Join(", ", last.Intercepts.Select(b => b.ToString("R", CultureInfo.InvariantCulture)))}]" : last.Intercept.ToString("R", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"tool\": \"penaltygen\", \"seconds\": {seconds:R}, \"repeat\": {repeat}, \"min_seconds\": {times[0]:R}, \"max_seconds\": {times[^1]:R}, \"dual_gap\": {last.DualityGap:R}, \"n_alphas\": {path.Fits.Length}, \"converged\": {path.Fits.All(f => f.Converged).ToString().ToLowerInvariant()}, \"nonzero\": {last.NonZeroCount}, \"intercept\": {intercept}, \"iterations\": {path.Fits.Sum(f => f.Iterations)}, \"sweeps\": {path.Fits.Sum(f => f.Sweeps)}}}"));
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    /// <summary>
    /// <c>--cv K</c>: K-fold cross-validation (KFold without shuffling, the grid of count values down to eps·α_max on all rows)
    /// and the refit at α_min, timed as the path; prints α_min, its mean held-out error, the refit's non-zero count and the refit's own time.
    /// </summary>
    private static int CrossValidate(Dataset data, int folds, int count, double eps, FitOptions options, int repeat)
    {
        var cv = new CrossValidationOptions { Folds = folds, AlphaCount = count, Eps = eps };
        var (result, times) = Timed(() => Validation.CrossValidation.Run<Lasso.Penalty>(data, cv, options).ThrowIfFail(), repeat);
        // The refit at α_min alone (one cold fit on all rows), timed apart: its share of the whole.
        var refitClock = Stopwatch.StartNew();
        Lasso.Fit(data, result.AlphaMin, options).ThrowIfFail();
        var refit = refitClock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"tool\": \"penaltygen\", \"seconds\": {times[(repeat - 1) / 2]:R}, \"repeat\": {repeat}, \"min_seconds\": {times[0]:R}, \"max_seconds\": {times[^1]:R}, \"alpha_min\": {result.AlphaMin:R}, \"index_min\": {result.IndexMin}, \"mean_error_min\": {result.MeanError[result.IndexMin]:R}, \"nonzero\": {result.Refit.NonZeroCount}, \"refit_seconds\": {refit:R}}}"));
        return 0;
    }

    /// <summary>One warm-up run, then <paramref name="repeat"/> timed ones: the last result and the times in seconds, sorted.</summary>
    private static (T Last, double[] Seconds) Timed<T>(Func<T> run, int repeat)
    {
        run();
        var times = new double[repeat];
        T last = default!;
        for (var k = 0; k < repeat; k++)
        {
            var clock = Stopwatch.StartNew();
            last = run();
            times[k] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return (last, times);
    }

    private static Dataset Dense(Func<string, string?, string> arg)
    {
        var rows = int.Parse(arg("--rows", null), CultureInfo.InvariantCulture);
        var cols = int.Parse(arg("--cols", null), CultureInfo.InvariantCulture);
        var names = Enumerable.Range(0, cols).Select(j => $"x{j}").ToArray();
        return Dataset.FromColumnMajor(Read(arg("--x", null), (long)rows * cols), Read(arg("--y", null), rows), names).ThrowIfFail();
    }

    /// <summary>Sparse features from a Matrix Market file (read once, before the timing) with the target y.bin.</summary>
    private static Dataset Sparse(string mtx, string y)
    {
        var x = MatrixMarket.LoadFeatures(mtx).ThrowIfFail();
        var s = x.Sparse!;
        return Dataset.FromSparse(x.Rows, s.ColumnStarts, s.RowIndices, s.Values, Read(y, x.Rows), x.FeatureNames.ToArray()).ThrowIfFail();
    }

    private static double[] Read(string path, long count)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.LongLength != count * sizeof(double))
            throw new ArgumentException($"{path}: holds {bytes.LongLength / sizeof(double)} float64 values, expected {count}");
        return MemoryMarshal.Cast<byte, double>(bytes).ToArray();
    }
}
