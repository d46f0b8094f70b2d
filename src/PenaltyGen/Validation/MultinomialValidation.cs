using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;
using PenaltyGen.Paths;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers.Multinomial;
using static LanguageExt.Prelude;

namespace PenaltyGen.Validation;

/// <summary>
/// Cross-validation of the multinomial loss, cv.glmnet's: each fold's path over the grid of all rows, its held-out rows scored
/// by the deviance (default) or the misclassification rate (<see cref="CrossValidationOptions.Measure"/>), weighted by their
/// sample weights; the same curve, α_min, α_1se and refit as every loss.
/// </summary>
internal static class MultinomialValidation
{
    public static Fin<CrossValidationResult> Run<TPenalty>(Dataset data, CrossValidationOptions c, FitOptions o) where TPenalty : struct, IPenalty
    {
        if (!c.L1Ratios.IsEmpty) return new ParameterError("l1_ratios", $"{c.L1Ratios.Length} values", "are not cross-validated for the multinomial loss yet; cross-validate one ratio at a time (FitOptions.L1Ratio)");
        if (!c.Gammas.IsEmpty) return new ParameterError("gammas", $"{c.Gammas.Length} values", "do not apply to the multinomial loss (the relaxed lasso refits one linear predictor)");
        var measure = c.Measure == HeldOutMeasure.Misclassification ? "misclassification" : "deviance";
        var given = o.GridStart == GridStart.ScikitLearn ? o : o with { GridStart = GridStart.ScikitLearn };
        return MultinomialFits.Validate<TPenalty>(data, o, path: true)
            .Bind(_ => CrossValidation.FoldsOf(data.Rows, c))
            .Bind(folds => GridOf<TPenalty>(data, c, o).Bind(grid =>
                CrossValidation.EachFold(folds, (held, fold) => FoldErrors<TPenalty>(data, grid, held, fold, c.Measure, given)).Bind(byFold =>
                {
                    var perFold = byFold.ToArray();
                    var errors = grid.Select((_, i) => perFold.Select(f => f[i]).ToArray()).ToArray();
                    return CrossValidation.Summarize(grid, errors, measure, alpha => MultinomialFits.Fit<TPenalty>(data, alpha, given));
                })))
            .Map(result => result with { L1Ratio = TPenalty.HasRuntimeRatio ? o.RatioOrDefault : null });
    }

    private static Fin<ImmutableArray<double>> GridOf<TPenalty>(Dataset data, CrossValidationOptions c, FitOptions o) where TPenalty : struct, IPenalty
    {
        if (c.Alphas is null) return MultinomialFits.Grid<TPenalty>(data, o, c.AlphaCount ?? 100, c.Eps ?? 1e-3);
        if (c.AlphaCount is { } count)
            return new ParameterError("alpha_count", count.ToString(CultureInfo.InvariantCulture), "does not apply with an explicit Alphas list; leave it unset");
        if (c.Eps is { } eps)
            return new ParameterError("eps", eps.ToString("R", CultureInfo.InvariantCulture), "does not apply with an explicit Alphas list; leave it unset");
        return RegularizationPaths.Check(c.Alphas).Map((ImmutableArray<double> g) => g.Sort((a, b) => b.CompareTo(a)));
    }

    /// <summary>The held-out error of every α when the path is fitted on the rows outside <paramref name="held"/>.</summary>
    private static Fin<double[]> FoldErrors<TPenalty>(Dataset data, ImmutableArray<double> grid, int[] held, int fold, HeldOutMeasure measure, FitOptions o)
        where TPenalty : struct, IPenalty
    {
        var classes = MultinomialFits.ClassesOf(data);
        var train = CrossValidation.TrainingRows(data.Rows, held);
        var trainData = data.SelectRows(train);
        var missing = classes.Except(MultinomialFits.ClassesOf(trainData)).ToArray();
        if (missing.Length > 0)
            return new DataError("folds", null, data.TargetName, $"fold {fold + 1}'s training rows hold no row of class {data.DescribeTarget(missing[0])}; every class must be in every fold's training rows");
        var trainOptions = o.SampleWeights.IsEmpty ? o : o with { SampleWeights = [.. train.Select(i => o.SampleWeights[i])] };
        var test = data.SelectRows(held);
        var weights = o.SampleWeights.IsEmpty ? null : held.Select(i => o.SampleWeights[i]).ToArray();
        return MultinomialFits.Path<TPenalty>(trainData, grid, 0, 0, trainOptions, null)
            .Bind(path => path.Fits.Select(fit => fit.PredictProbabilities(test).Map(p => HeldOutError(p, test, classes, weights, measure))).Sequence())
            .Map(e => e.ToArray());
    }

    /// <summary>Σ s_i·e_i / Σ s_i over the held-out rows: e_i = 2·(−log p_y) (clamped) or [predicted class ≠ y].</summary>
    private static double HeldOutError(double[,] probabilities, Dataset test, ImmutableArray<double> classes, double[]? weights, HeldOutMeasure measure)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < test.Rows; i++)
        {
            var y = classes.IndexOf(test.Target[i]);
            double e;
            if (measure == HeldOutMeasure.Misclassification)
            {
                var best = 0;
                for (var k = 1; k < classes.Length; k++)
                {
                    if (probabilities[i, k] > probabilities[i, best]) best = k;
                }
                e = best == y ? 0 : 1;
            }
            else
            {
                e = Losses.Softmax.Deviance(probabilities[i, y]);
            }
            var s = weights?[i] ?? 1.0;
            sum += s * e;
            total += s;
        }
        return sum / total;
    }
}
