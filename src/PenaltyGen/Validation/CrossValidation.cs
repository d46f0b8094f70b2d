using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Paths;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers;

namespace PenaltyGen.Validation;

/// <summary>
/// K-fold cross-validation over an α grid, as scikit-learn's ElasticNetCV/LassoCV and glmnet's cv.glmnet. The grid is
/// computed once on all rows; each fold fits the whole grid with warm starts on the other rows and scores the held-out
/// rows: mean squared error for least squares (Σ s_i r_i² / Σ s_i with sample weights s), mean log-loss for the
/// logistic loss (weighted alike). The curve is the mean over folds (each fold counts once, as scikit-learn's
/// <c>mse_path_.mean(axis=1)</c>); the standard error is the folds' sample standard deviation over √K.
/// </summary>
public static class CrossValidation
{
    /// <summary>The fold count scikit-learn's KFold uses by default.</summary>
    public const int DefaultFolds = 5;

    /// <summary>Cross-validates the model whose generated penalty is <typeparamref name="TPenalty"/>.</summary>
    /// <returns>The curve, α_min, α_1se and the refitted model, or an error naming the bad option or data.</returns>
    public static Fin<CrossValidationResult> Run<TPenalty>(Dataset data, CrossValidationOptions? cv = null, FitOptions? options = null)
        where TPenalty : struct, IPenalty
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? FitOptions.Default;
        return RequestChecks.CheckLossOption(o).Bind(_ =>
        {
            var visitor = new RunFor<TPenalty>(data, cv, o);
            return Loss.Accept<RunFor<TPenalty>, Fin<CrossValidationResult>>(o.Loss, ref visitor);
        });
    }

    private readonly struct RunFor<TPenalty>(Dataset data, CrossValidationOptions? cv, FitOptions o) : ILossVisitor<Fin<CrossValidationResult>>
        where TPenalty : struct, IPenalty
    {
        public Fin<CrossValidationResult> Visit<TLoss>() where TLoss : struct, ILoss => Run<TPenalty, TLoss>(data, cv, o);

        public Fin<CrossValidationResult> VisitMultinomial() => MultinomialValidation.Run<TPenalty>(data, cv ?? CrossValidationOptions.Default, o);
    }

    /// <summary>Cross-validates with the loss <typeparamref name="TLoss"/> (a built-in one or a user's), scored by its held-out error.</summary>
    /// <returns>The curve, α_min, α_1se and the refitted model, or an error naming the bad option or data.</returns>
    public static Fin<CrossValidationResult> Run<TPenalty, TLoss>(Dataset data, CrossValidationOptions? cv = null, FitOptions? options = null)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        ArgumentNullException.ThrowIfNull(data);
        var c = cv ?? CrossValidationOptions.Default;
        var o = options ?? FitOptions.Default;
        if (!c.L1Ratios.IsEmpty) return OverRatios<TPenalty, TLoss>(data, c, o);
        return RequestChecks.Validate<TPenalty, TLoss>(data, o, path: true)
            .Bind(_ => FoldsOf(data.Rows, c))
            .Bind(folds =>
            {
                // Every fold is scored on the loss's coding of the target; the refit predicts in the user's labels.
                var (coded, classes) = TLoss.EncodeTarget(data);
                return GridOf<TPenalty, TLoss>(coded, c, o).Bind(grid => c.Gammas.IsEmpty ? Run<TPenalty, TLoss>(coded, grid, folds, o) : OverGammas<TPenalty, TLoss>(coded, grid, folds, c.Gammas, o))
                    .Map(result => result with { Refit = result.Refit with { Classes = classes, ClassLabels = data.LabelsOf(classes) }, L1Ratio = TPenalty.HasRuntimeRatio ? o.RatioOrDefault : null });
            });
    }

    /// <summary>
    /// cv.glmnet's relaxed CV: each fold's path is fitted once, each fit relaxed at every γ and scored on the held-out rows;
    /// one curve per γ, the least mean error wins (strictly: ties keep the earlier γ), and its refit is relaxed at that γ.
    /// </summary>
    private static Fin<CrossValidationResult> OverGammas<TPenalty, TLoss>(Dataset data, ImmutableArray<double> grid, ImmutableArray<int[]> folds,
        ImmutableArray<double> gammas, FitOptions o)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        foreach (var g in gammas)
        {
            if (!(g >= 0 && g <= 1))
                return new ParameterError("gammas", string.Join(",", gammas.Select(v => v.ToString("R", CultureInfo.InvariantCulture))), $"{g.ToString("R", CultureInfo.InvariantCulture)} does not lie in [0, 1]");
        }
        var given = o.GridStart == GridStart.ScikitLearn ? o : o with { GridStart = GridStart.ScikitLearn };
        return EachFold(folds, (held, _) => RelaxedFoldErrors<TPenalty, TLoss>(data, grid, held, gammas, given)).Bind(byFold =>
        {
            var perFold = byFold.ToArray();
            return gammas.Select((gamma, r) =>
            {
                var errors = grid.Select((_, i) => perFold.Select(fold => fold[r][i]).ToArray()).ToArray();
                return Summarize<TPenalty, TLoss>(data, grid, errors, given)
                    .Bind(result => Paths.Relaxation.Relax(data, result.Refit, gamma, given).Map(refit => result with { Refit = refit, Gamma = gamma }));
            }).Sequence().Map(results =>
            {
                var all = ImmutableArray.CreateRange(results);
                var best = 0;
                for (var i = 1; i < all.Length; i++)
                {
                    if (all[i].MeanError[all[i].IndexMin] < all[best].MeanError[all[best].IndexMin]) best = i;
                }
                return all[best] with { ByGamma = all };
            });
        });
    }

    /// <summary>The held-out error of every (γ, α) when the path is fitted on the rows outside <paramref name="held"/> and each fit relaxed at γ.</summary>
    private static Fin<double[][]> RelaxedFoldErrors<TPenalty, TLoss>(Dataset data, ImmutableArray<double> grid, int[] held, ImmutableArray<double> gammas, FitOptions o)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        var train = TrainingRows(data.Rows, held);
        var trainOptions = o.SampleWeights.IsEmpty ? o : o with { SampleWeights = [.. train.Select(i => o.SampleWeights[i])] };
        if (!o.Offset.IsEmpty) trainOptions = trainOptions with { Offset = [.. train.Select(i => o.Offset[i])] };
        var (trainData, test) = (data.SelectRows(train), data.SelectRows(held));
        var weights = o.SampleWeights.IsEmpty ? null : held.Select(i => o.SampleWeights[i]).ToArray();
        var offset = o.Offset.IsEmpty ? null : held.Select(i => o.Offset[i]).ToArray();
        return RegularizationPaths.Fit<TPenalty, TLoss>(trainData, grid, trainOptions).Bind(path =>
            gammas.Select(gamma => Paths.Relaxation.Relax(trainData, path, gamma, trainOptions)
                .Map(relaxed => relaxed.Fits.Select(fit => HeldOutError<TLoss>(fit, test, weights, offset)).ToArray())).Sequence().Map(e => e.ToArray()));
    }

    /// <summary>ElasticNetCV's list of l1 ratios: one cross-validation per ratio, the least mean error wins (strictly: ties keep the earlier ratio).</summary>
    private static Fin<CrossValidationResult> OverRatios<TPenalty, TLoss>(Dataset data, CrossValidationOptions c, FitOptions o)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        var given = string.Join(",", c.L1Ratios.Select(r => r.ToString("R", CultureInfo.InvariantCulture)));
        if (!TPenalty.HasRuntimeRatio)
            return new ParameterError("l1_ratios", given, $"do not apply to {TPenalty.ModelName}: its penalty g(w) = {TPenalty.Formula} has no run-time ratio (only [ElasticNet] without L1Ratio reads one)");
        if (o.L1Ratio is { } single)
            return new ParameterError("l1_ratio", single.ToString("R", CultureInfo.InvariantCulture), "does not apply with a list of L1Ratios to cross-validate; leave it unset");
        foreach (var r in c.L1Ratios)
        {
            if (!(r >= 0 && r <= 1)) return new ParameterError("l1_ratios", given, $"{r.ToString("R", CultureInfo.InvariantCulture)} does not lie in [0, 1]");
        }
        var each = c with { L1Ratios = ImmutableArray<double>.Empty };
        return c.L1Ratios.Select(r => Run<TPenalty, TLoss>(data, each, o with { L1Ratio = r })).Sequence().Map(results =>
        {
            var all = results.ToImmutableArray();
            var best = 0;
            for (var i = 1; i < all.Length; i++)
            {
                if (all[i].MeanError[all[i].IndexMin] < all[best].MeanError[all[best].IndexMin]) best = i;
            }
            return all[best] with { ByL1Ratio = all };
        });
    }

    /// <summary>
    /// The held-out rows of every fold. KFold: contiguous runs of the row order (shuffled by numpy's
    /// <c>RandomState(seed).permutation(n)</c> when asked), the first n mod K one row longer; fold ids: one fold per
    /// distinct id, in increasing order of id.
    /// </summary>
    public static Fin<ImmutableArray<int[]>> FoldsOf(int rows, CrossValidationOptions cv)
    {
        ArgumentNullException.ThrowIfNull(cv);
        if (cv.Seed is { } seed && !cv.Shuffle)
            return new ParameterError("seed", seed.ToString(CultureInfo.InvariantCulture), "applies only with Shuffle = true (KFold without shuffling uses no random numbers)");
        if (!cv.FoldIds.IsEmpty) return FoldsFromIds(rows, cv);
        var k = cv.Folds ?? DefaultFolds;
        if (k < 2 || k > rows)
            return new ParameterError("folds", k.ToString(CultureInfo.InvariantCulture), $"must lie between 2 and the number of rows ({rows})");
        var order = cv.Shuffle ? new RandomState(cv.Seed ?? 0).Permutation(rows) : Enumerable.Range(0, rows).ToArray();
        var folds = new int[k][];
        var start = 0;
        for (var f = 0; f < k; f++)
        {
            var size = rows / k + (f < rows % k ? 1 : 0);
            folds[f] = order[start..(start + size)];
            start += size;
        }
        return ImmutableArray.Create(folds);
    }

    private static Fin<ImmutableArray<int[]>> FoldsFromIds(int rows, CrossValidationOptions cv)
    {
        if (cv.Folds is { } k)
            return new ParameterError("folds", k.ToString(CultureInfo.InvariantCulture), "does not apply with FoldIds, which name the folds themselves; leave it unset");
        if (cv.Shuffle) return new ParameterError("shuffle", "true", "does not apply with FoldIds, which assign every row its fold; leave it unset");
        if (cv.FoldIds.Length != rows)
            return new ParameterError("fold_ids", $"{cv.FoldIds.Length} values", $"need one per row ({rows})");
        var folds = cv.FoldIds.Select((id, row) => (id, row)).GroupBy(t => t.id).OrderBy(g => g.Key)
            .Select(g => g.Select(t => t.row).ToArray()).ToArray();
        if (folds.Length < 2)
            return new ParameterError("fold_ids", $"all {cv.FoldIds[0]}", "name at least 2 folds");
        return ImmutableArray.Create(folds);
    }

    private static Fin<ImmutableArray<double>> GridOf<TPenalty, TLoss>(Dataset data, CrossValidationOptions cv, FitOptions o)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        if (cv.Alphas is null)
            return RegularizationPaths.AlphaGrid<TPenalty, TLoss>(data, o, cv.AlphaCount ?? 100, cv.Eps ?? 1e-3);
        if (cv.AlphaCount is { } count)
            return new ParameterError("alpha_count", count.ToString(CultureInfo.InvariantCulture), "does not apply with an explicit Alphas list; leave it unset");
        if (cv.Eps is { } eps)
            return new ParameterError("eps", eps.ToString("R", CultureInfo.InvariantCulture), "does not apply with an explicit Alphas list; leave it unset");
        return RequestChecks.CheckExplicitGrid(o).Bind(_ => RegularizationPaths.Check(cv.Alphas)).Map(g => g.Sort((a, b) => b.CompareTo(a)));
    }

    private static Fin<CrossValidationResult> Run<TPenalty, TLoss>(Dataset data, ImmutableArray<double> grid, ImmutableArray<int[]> folds, FitOptions o)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        // The grid is fixed on all rows: the folds' paths and the refit take it as given.
        var given = o.GridStart == GridStart.ScikitLearn ? o : o with { GridStart = GridStart.ScikitLearn };
        return EachFold(folds, (held, _) => FoldErrors<TPenalty, TLoss>(data, grid, held, given)).Bind(byFold =>
        {
            var perFold = byFold.ToArray();
            var errors = grid.Select((_, i) => perFold.Select(fold => fold[i]).ToArray()).ToArray();
            return Summarize<TPenalty, TLoss>(data, grid, errors, given);
        });
    }


    /// <summary>
    /// <paramref name="body"/> on every fold, <see cref="ForkJoin.Width"/> folds at a time (the folds' paths are independent:
    /// each reads the shared data and grid and writes only its own result), the results in fold order; the first failing
    /// fold's error otherwise. A fold's own two-core passes run on one core while the helpers serve another fold
    /// (<see cref="ForkJoin.For"/>), so the results do not depend on how the folds were scheduled.
    /// </summary>
    internal static Fin<T[]> EachFold<T>(ImmutableArray<int[]> folds, Func<int[], int, Fin<T>> body)
    {
        var results = new Fin<T>[folds.Length];
        try
        {
            Parallel.For(0, folds.Length, new ParallelOptions { MaxDegreeOfParallelism = ForkJoin.Width }, f =>
            {
                using (ForkJoin.Alone()) results[f] = body(folds[f], f);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return results.AsEnumerable().Sequence().Map(r => r.ToArray());
    }

    /// <summary>The held-out error of every α of the grid when the path is fitted on the rows outside <paramref name="held"/>.</summary>
    private static Fin<double[]> FoldErrors<TPenalty, TLoss>(Dataset data, ImmutableArray<double> grid, int[] held, FitOptions o)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        var train = TrainingRows(data.Rows, held);
        var trainOptions = o.SampleWeights.IsEmpty ? o : o with { SampleWeights = [.. train.Select(i => o.SampleWeights[i])] };
        if (!o.Offset.IsEmpty) trainOptions = trainOptions with { Offset = [.. train.Select(i => o.Offset[i])] };
        var test = data.SelectRows(held);
        var weights = o.SampleWeights.IsEmpty ? null : held.Select(i => o.SampleWeights[i]).ToArray();
        var offset = o.Offset.IsEmpty ? null : held.Select(i => o.Offset[i]).ToArray();
        return RegularizationPaths.Fit<TPenalty, TLoss>(data.SelectRows(train), grid, trainOptions)
            .Map(path => path.Fits.Select(fit => HeldOutError<TLoss>(fit, test, weights, offset)).ToArray());
    }

    /// <summary>The curve (mean and standard error over folds), α_min, α_1se, and the refit at α_min.</summary>
    private static Fin<CrossValidationResult> Summarize<TPenalty, TLoss>(Dataset data, ImmutableArray<double> grid, double[][] errors, FitOptions o)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss =>
        Summarize(grid, errors, TLoss.HeldOutMeasure, alpha => Estimator.Fit<TPenalty, TLoss>(data, alpha, o));

    /// <summary>The curve of <paramref name="errors"/> ([α][fold]) under the name <paramref name="measure"/>, with the refit at α_min.</summary>
    internal static Fin<CrossValidationResult> Summarize(ImmutableArray<double> grid, double[][] errors, string measure, Func<double, Fin<Fit>> refit)
    {
        var k = errors[0].Length;
        var mean = new double[grid.Length];
        var se = new double[grid.Length];
        for (var i = 0; i < grid.Length; i++)
        {
            mean[i] = errors[i].Average();
            var m = mean[i];
            se[i] = Math.Sqrt(errors[i].Sum(e => (e - m) * (e - m)) / (k - 1) / k);
        }
        // Ties go to the larger α (the first in the descending grid), as numpy's argmin does.
        var best = 0;
        for (var i = 1; i < grid.Length; i++)
        {
            if (mean[i] < mean[best]) best = i;
        }
        var oneSe = Enumerable.Range(0, grid.Length).First(i => mean[i] <= mean[best] + se[best]);
        return refit(grid[best]).Map(fit => new CrossValidationResult(
            grid, [.. mean], [.. se], [.. errors.Select(e => ImmutableArray.Create(e))],
            measure, best, oneSe, fit));
    }

    /// <summary>The rows outside the held-out fold, in increasing order (scikit-learn's train indices).</summary>
    internal static int[] TrainingRows(int rows, int[] held)
    {
        var isHeld = new bool[rows];
        foreach (var i in held) isHeld[i] = true;
        return Enumerable.Range(0, rows).Where(i => !isHeld[i]).ToArray();
    }

    /// <summary>
    /// Σ s_i·e_i / Σ s_i over the held-out rows, e_i the loss's held-out error (squared error, log-loss, deviance) at
    /// η_i + o_i (the held-out rows' offsets); s_i = 1 without weights.
    /// </summary>
    private static double HeldOutError<TLoss>(Fit fit, Dataset test, double[]? weights, double[]? offset) where TLoss : struct, ILoss
    {
        var eta = fit.LinearPredictorOfTrainingColumns(test);
        if (offset is not null)
        {
            for (var i = 0; i < eta.Length; i++) eta[i] += offset[i];
        }
        double sum = 0, total = 0;
        for (var i = 0; i < eta.Length; i++)
        {
            var y = test.Target[i];
            var e = TLoss.HeldOutError(y, eta[i]);
            var s = weights?[i] ?? 1.0;
            sum += s * e;
            total += s;
        }
        return sum / total;
    }
}
