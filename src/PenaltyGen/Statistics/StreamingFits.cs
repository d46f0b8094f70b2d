using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;
using PenaltyGen.Errors;
using PenaltyGen.Paths;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers;
using static PenaltyGen.Solvers.NewtonRules;

namespace PenaltyGen.Statistics;

/// <summary>
/// A chunked source of rows: called once per pass over the data, it hands every chunk (a dataset with the same features and
/// its sample weights, or null for all 1) to <c>each</c> and returns the first error. A CSV file read with
/// <see cref="CsvDataset.ReadChunks"/>, a database query, or slices of a dataset in memory (<see cref="StreamingFits.Slices"/>).
/// </summary>
public delegate Fin<Unit> ChunkSource(Func<Dataset, double[]?, Fin<Unit>> each);

/// <summary>
/// The logistic and Poisson losses on rows that do not fit in memory: proximal Newton (IRLS) where each step is one pass
/// over the chunks. At (w, b) with η = Xw + b, h_i = s_i·max(ℓ'', floor) and the working response z_i = η_i − s_iℓ'_i/h_i, the
/// Newton model of (1/n)Σs_iℓ(y_i, η_i) is (1/(2n))Σh_i(z_i − η'_i)² plus a constant, a weighted least squares whose
/// sufficient statistics (<see cref="GramStatistics"/> with target z and weights h) are summed during the pass; it is solved
/// by coordinate descent on its moments at α·n/Σh (<see cref="GramDescent"/>). The same pass sums the loss (the next step
/// is halved while the objective grows: one more pass per halving) and the gradient Xᵀ(s∘ℓ')/n that certifies the fit by
/// the KKT residual against tol × its value at the first pass. Cost: one pass over the data per Newton step (and per
/// halving), O(p²) memory and one chunk.
/// </summary>
public static class StreamingFits
{
    /// <summary>A dataset's rows as a chunk source of <paramref name="chunkRows"/> rows (with the options' sample weights, if any).</summary>
    public static ChunkSource Slices(Dataset data, int chunkRows, ImmutableArray<double> weights = default) => each =>
    {
        for (var start = 0; start < data.Rows; start += chunkRows)
        {
            var rows = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Range(start, Math.Min(chunkRows, data.Rows - start)));
            var w = weights.IsDefaultOrEmpty ? null : System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(rows, i => weights[i]));
            var done = each(data.SelectRows(rows), w);
            if (done.IsFail) return done;
        }
        return Prelude.unit;
    };

    /// <summary>The fit at α of the loss <typeparamref name="TLoss"/> (labels 0/1 for the logistic loss, counts for Poisson) on the source's rows.</summary>
    /// <returns>The fit, or the first error (the source's, a bad target value naming its row in the chunk, an option that does not apply).</returns>
    public static Fin<Fit> Fit<TPenalty, TLoss>(ChunkSource source, double alpha, FitOptions? options = null)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        ArgumentNullException.ThrowIfNull(source);
        var o = options ?? FitOptions.Default;
        return Check<TLoss>(o).Bind(_ => RequestChecks.CheckAlpha(alpha)).Bind(_ => NullModel<TLoss>(source, o))
            .Bind(start => Newton<TPenalty, TLoss>(source, alpha, o, start.W, start.B, start.At, start.Tolerance).Map(end => end.Fit));
    }

    /// <summary>
    /// The path of <typeparamref name="TLoss"/> over <paramref name="alphas"/> (null: <paramref name="count"/> values from α_max —
    /// from the null model's gradient, one pass — down to <paramref name="eps"/>·α_max), largest first, each fit starting where
    /// the last ended (its last pass serves as the next fit's first); <paramref name="progress"/> hears (fits done, fits in all).
    /// Cost: one pass per Newton step of every fit, plus two.
    /// </summary>
    /// <returns>The path and each fit's mean loss on the rows (<see cref="ILoss.HeldOutMeasure"/>), or the first error.</returns>
    public static Fin<StreamedPath> Path<TPenalty, TLoss>(ChunkSource source, IReadOnlyList<double>? alphas, FitOptions? options = null, int count = 100,
        double eps = 1e-3, Action<int, int>? progress = null)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        ArgumentNullException.ThrowIfNull(source);
        var o = options ?? FitOptions.Default;
        return Check<TLoss>(o).Bind(_ => NullModel<TLoss>(source, o)).Bind(start =>
        {
            var grid = alphas is not null
                ? RequestChecks.CheckExplicitGrid(o).Bind(_ => RegularizationPaths.Check(alphas))
                : GridAt<TPenalty>(start.At, o, count, eps);
            return grid.Bind(g =>
            {
                var (fits, losses) = (new Fit[g.Length], new double[g.Length]);
                var (w, b, at) = (start.W, start.B, start.At);
                foreach (var (i, remaining) in RegularizationPaths.Schedule(g))
                {
                    var end = Newton<TPenalty, TLoss>(source, g[i], o, w, b, at, start.Tolerance);
                    if (end.IsFail) return end.Map(_ => (StreamedPath)null!);
                    (fits[i], w, b, at) = end.ThrowIfFail();
                    losses[i] = at.MeanError;
                    progress?.Invoke(g.Length - remaining, g.Length);
                }
                return Fin<StreamedPath>.Succ(new StreamedPath(new RegularizationPath(g, [.. fits]), [.. losses], TLoss.HeldOutMeasure));
            });
        });
    }

    /// <summary>The grid of <paramref name="count"/> values from α_max down to <paramref name="eps"/>·α_max on the source's rows (two passes).</summary>
    internal static Fin<ImmutableArray<double>> Grid<TPenalty, TLoss>(ChunkSource source, FitOptions o, int count, double eps)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss =>
        Check<TLoss>(o).Bind(_ => NullModel<TLoss>(source, o)).Bind(start => GridAt<TPenalty>(start.At, o, count, eps));

    /// <summary>The grid from the null model's pass: α_max from c = −∇ there.</summary>
    private static Fin<ImmutableArray<double>> GridAt<TPenalty>(PassResult nullModel, FitOptions o, int count, double eps) where TPenalty : struct, IPenalty =>
        RegularizationPaths.GridFrom<TPenalty>(RegularizationPaths.AlphaMaxFrom<TPenalty>(Array.ConvertAll(nullModel.Gradient, g => -g), nullModel.WeightSum, o), count, eps);

    private static Fin<Unit> Check<TLoss>(FitOptions o) where TLoss : struct, ILoss
    {
        if (TLoss.IsQuadratic) return new ParameterError("loss", typeof(TLoss).Name, "is least squares: sum its statistics once (GramStatistics) and fit them");
        if (o.Standardize || !o.SampleWeights.IsEmpty || !o.Offset.IsEmpty)
            return new ParameterError("options", "standardize, sample_weight or offset", "do not apply to a streamed fit (weights come with the chunks)");
        return Prelude.unit;
    }

    /// <summary>
    /// Two passes: the sizes and the target's mean, then the null model (w = 0, the intercept-only fit's b): its gradient, and
    /// the KKT tolerance, tol × the gradient's largest entry there.
    /// </summary>
    private static Fin<(double[] W, double B, PassResult At, double Tolerance)> NullModel<TLoss>(ChunkSource source, FitOptions o) where TLoss : struct, ILoss =>
        Pass<TLoss>(source, [], 0.0).Bind(first =>
        {
            var (w, b) = (new double[first.Columns], o.FitIntercept ? TLoss.NullIntercept([first.TargetMean], []) : 0.0);
            return Pass<TLoss>(source, w, b).Map(at =>
            {
                var scale = 0.0;
                foreach (var g in at.Gradient) scale = Math.Max(scale, Math.Abs(g));
                return (w, b, at, o.Tol * (scale > 0 ? scale : 1.0));
            });
        });

    /// <summary>
    /// Newton steps at α from (w, b), <paramref name="current"/> the pass at that point, to the KKT <paramref name="tolerance"/>;
    /// returns the fit and the point it ended at with its pass.
    /// </summary>
    private static Fin<(Fit Fit, double[] W, double B, PassResult At)> Newton<TPenalty, TLoss>(ChunkSource source, double alpha, FitOptions o, double[] w, double b,
        PassResult current, double tolerance)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        var objectiveAlpha = TPenalty.ObjectiveAlpha(alpha, current.WeightSum);
        var p = new PenaltyParameters(objectiveAlpha, o.RatioOrDefault) { Concavity = o.Concavity ?? double.NaN };
        var factors = o.EffectiveFactors().AsSpan().ToArray();
        w = (double[])w.Clone();
        for (var step = 0; step < o.MaxIterations; step++)
        {
            var kkt = Math.Max(TPenalty.KktResidual(w, current.Gradient, p, factors), o.FitIntercept ? Math.Abs(current.InterceptGradient) : 0.0);
            if (kkt <= tolerance) return (Result<TPenalty, TLoss>(alpha, w, b, step, kkt, true, tolerance, current, o), w, b, current);
            var model = SolveModel<TPenalty>(current.Model!, objectiveAlpha * current.Rows / current.Model!.WeightSum, o, w);
            var (wNext, bNext) = (model.W, model.Intercept);
            var before = current.Loss / current.Rows + TPenalty.Value(w, p, factors);
            for (var halving = 0; ; halving++)
            {
                var trial = Pass<TLoss>(source, wNext, bNext);
                if (trial.IsFail) return trial.Map(_ => ((Fit, double[], double, PassResult))default);
                var next = trial.ThrowIfFail();
                var after = next.Loss / next.Rows + TPenalty.Value(wNext, p, factors);
                if (after <= before + AcceptedRounding * Math.Abs(before) || halving == MaxHalvings)
                {
                    (w, b, current) = (wNext, bNext, next);
                    break;
                }
                for (var j = 0; j < w.Length; j++) wNext[j] = 0.5 * (w[j] + wNext[j]);
                bNext = 0.5 * (b + bNext);
            }
        }
        var last = Math.Max(TPenalty.KktResidual(w, current.Gradient, p, factors), o.FitIntercept ? Math.Abs(current.InterceptGradient) : 0.0);
        return (Result<TPenalty, TLoss>(alpha, w, b, o.MaxIterations, last, last <= tolerance, tolerance, current, o), w, b, current);
    }

    private static (double[] W, double Intercept) SolveModel<TPenalty>(GramStatistics model, double alpha, FitOptions o, double[] start) where TPenalty : struct, IPenalty
    {
        var (w, b, _) = StatisticsFits.SolveAt<TPenalty>(model, alpha, o with { Tol = Math.Min(o.Tol, 1e-4) }, start);
        return (w, b);
    }

    private static Fit Result<TPenalty, TLoss>(double alpha, double[] w, double b, int steps, double kkt, bool converged, double tolerance, PassResult at, FitOptions o)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss =>
        new Fit(alpha, [.. w], b, steps, double.NaN, kkt, converged,
            converged ? null : string.Create(CultureInfo.InvariantCulture, $"Objective did not converge after {steps} Newton steps (passes over the data). KKT residual: {kkt:E3}, tolerance: {tolerance:E3}"),
            SolverKind.CoordinateDescent, TLoss.Kind, at.FeatureNames)
        {
            Model = TPenalty.ModelName,
            Formula = TPenalty.Formula,
            L1Ratio = TPenalty.HasRuntimeRatio ? o.RatioOrDefault : null,
            TargetName = at.TargetName,
        };

    /// <summary>
    /// What one pass sums: rows, Σs, Σsy/Σs, Σsℓ, the gradient Xᵀ(s∘ℓ')/n and Σsℓ'/n, the Newton model's statistics, and the
    /// weighted mean of the loss's held-out measure (log-loss, deviance).
    /// </summary>
    private sealed record PassResult(long Rows, double WeightSum, double TargetMean, double Loss, double[] Gradient, double InterceptGradient,
        GramStatistics? Model, ImmutableArray<string> FeatureNames, string TargetName, double MeanError)
    {
        public int Columns => FeatureNames.Length;
    }

    /// <summary>One pass at (w, b) (w empty: only the sizes and the target's mean).</summary>
    private static Fin<PassResult> Pass<TLoss>(ChunkSource source, double[] w, double b) where TLoss : struct, ILoss
    {
        var (rows, weightSum, targetSum, loss, interceptGradient, error) = (0L, 0.0, 0.0, 0.0, 0.0, 0.0);
        double[]? gradient = null;
        var model = GramStatistics.Empty;
        ImmutableArray<string> names = [];
        var target = string.Empty;
        var done = source((chunk, weights) =>
        {
            if (chunk.IsSparse) return new DataError("source", null, null, "a chunk holds sparse features; streamed fits sum dense rows (fit sparse features in memory, or convert the chunks with Dataset.ToDense())");
            var valid = TLoss.ValidateTarget(chunk);
            if (valid.IsFail) return valid;
            if (w.Length > 0 && chunk.Columns != w.Length)
                return new DataError(chunk.TargetName, null, null, $"a chunk has {chunk.Columns} features, the first had {w.Length}");
            (names, target) = (chunk.FeatureNames, chunk.TargetName);
            gradient ??= new double[chunk.Columns];
            int n = chunk.Rows;
            var eta = new double[n];
            if (w.Length > 0) Kernels.Blas.Gemv(chunk.Features, n, w, eta);
            var (z, h, slope) = (new double[n], new double[n], new double[n]);
            for (var i = 0; i < n; i++)
            {
                var s = weights?[i] ?? 1.0;
                var y = chunk.Target[i];
                eta[i] += b;
                weightSum += s;
                targetSum += s * y;
                loss += s * TLoss.Value(y, eta[i]);
                error += s * TLoss.HeldOutError(y, eta[i]);
                slope[i] = s * TLoss.Derivative(y, eta[i]);
                h[i] = s * Math.Max(TLoss.Curvature(y, eta[i]), CurvatureFloor);
                z[i] = eta[i] - slope[i] / h[i];
                interceptGradient += slope[i];
            }
            rows += n;
            var products = new double[chunk.Columns];
            Kernels.Blas.GemvTransposed(chunk.Features, n, slope, products);
            for (var j = 0; j < products.Length; j++) gradient[j] += products[j];
            if (w.Length == 0) return Prelude.unit;
            return GramStatistics.OfChunk(chunk.WithTarget(z), h, model.IsEmpty ? null : model).Bind(model.Merge).Map(merged =>
            {
                model = merged;
                return Prelude.unit;
            });
        });
        return done.Bind(_ =>
        {
            if (rows == 0) return Fin<PassResult>.Fail(new DataError("source", null, null, "holds no rows"));
            for (var j = 0; j < gradient!.Length; j++) gradient[j] /= rows;
            return new PassResult(rows, weightSum, targetSum / weightSum, loss, gradient, interceptGradient / rows, w.Length > 0 ? model : null, names, target,
                error / weightSum);
        });
    }
}

/// <summary>A streamed path (<see cref="StreamingFits.Path"/>) and each fit's mean <see cref="Measure"/> on the rows it was fitted on.</summary>
/// <param name="Path">The fits, in the grid's order.</param>
/// <param name="MeanLoss">Σ s_i·e(y_i, η_i)/Σ s_i of each fit, e the loss's held-out error.</param>
/// <param name="Measure">The error's name (<see cref="ILoss.HeldOutMeasure"/>: "log_loss", "poisson_deviance").</param>
public sealed record StreamedPath(RegularizationPath Path, ImmutableArray<double> MeanLoss, string Measure);
