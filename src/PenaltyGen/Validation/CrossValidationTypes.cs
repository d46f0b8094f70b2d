using System.Collections.Generic;
using System.Collections.Immutable;

namespace PenaltyGen;

/// <summary>
/// How <c>Model.CrossValidate</c> splits the rows and which strengths it tries. Folds are scikit-learn's <c>KFold</c>
/// by default (contiguous, the first n mod K folds one row longer); <see cref="Shuffle"/> gives
/// <c>KFold(shuffle=True, random_state=Seed)</c>; <see cref="FoldIds"/> gives glmnet's <c>foldid</c>. Options that
/// would be ignored (a seed without shuffling, fold ids with a fold count) are errors.
/// </summary>
public sealed record CrossValidationOptions
{
    /// <summary>5-fold KFold over scikit-learn's 100-value grid.</summary>
    public static CrossValidationOptions Default { get; } = new();

    /// <summary>K, the number of folds (2 ≤ K ≤ n); null: 5, or as many as <see cref="FoldIds"/> name.</summary>
    public int? Folds { get; init; }

    /// <summary>Shuffle the rows before cutting folds, as <c>KFold(shuffle=True)</c>.</summary>
    public bool Shuffle { get; init; }

    /// <summary>The shuffle's <c>random_state</c> (numpy's MT19937 permutation); null: 0. Needs <see cref="Shuffle"/>.</summary>
    public uint? Seed { get; init; }

    /// <summary>glmnet's <c>foldid</c>: the fold of every row (any integers; folds ordered by id). Replaces the K-fold split.</summary>
    public ImmutableArray<int> FoldIds { get; init; } = ImmutableArray<int>.Empty;

    /// <summary>The strengths to try, in any order; null: scikit-learn's grid on the whole data.</summary>
    public IReadOnlyList<double>? Alphas { get; init; }

    /// <summary>Values in the automatic grid (scikit-learn's <c>n_alphas</c>); null: 100. Not with <see cref="Alphas"/>.</summary>
    public int? AlphaCount { get; init; }

    /// <summary>α_min/α_max of the automatic grid (scikit-learn's <c>eps</c>); null: 1e-3. Not with <see cref="Alphas"/>.</summary>
    public double? Eps { get; init; }

    /// <summary>
    /// ElasticNetCV's <c>l1_ratio=[…]</c>: each ratio cross-validated on the same folds over its own grid (or the given
    /// <see cref="Alphas"/>), and the (ratio, α) of least mean error chosen, ties to the earlier ratio. Needs a model whose
    /// ratio is read at run time ([ElasticNet] without L1Ratio), with FitOptions.L1Ratio unset. Empty: the one ratio of the options.
    /// </summary>
    public ImmutableArray<double> L1Ratios { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>
    /// cv.glmnet's <c>relax = TRUE, gamma = …</c>: every fit of every fold is also relaxed at each γ (<see cref="Paths.Relaxation"/>)
    /// and scored, and the (α, γ) of least mean error chosen, ties to the earlier γ; the refit is relaxed at it. Empty: no relaxation.
    /// </summary>
    public ImmutableArray<double> Gammas { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>What the held-out rows are scored by (cv.glmnet's <c>type.measure</c>); the loss's own measure by default.</summary>
    public HeldOutMeasure Measure { get; init; } = HeldOutMeasure.Default;
}

/// <summary>The held-out error cross-validation averages.</summary>
public enum HeldOutMeasure
{
    /// <summary>The loss's own: mean squared error, log-loss, Poisson deviance; the multinomial deviance.</summary>
    Default,

    /// <summary>cv.glmnet's multinomial "deviance": 2·(−log p_y), the probabilities clamped to [1e-5, 1 − 1e-5] as cv.glmnet does.</summary>
    Deviance,

    /// <summary>cv.glmnet's "class": the share of held-out rows whose predicted class is wrong (weighted).</summary>
    Misclassification,
}

/// <summary>
/// The outcome of K-fold cross-validation: the held-out error of every α on every fold, its mean and standard error,
/// α_min (least mean error, scikit-learn's <c>alpha_</c>, glmnet's <c>lambda.min</c>), α_1se (the largest α whose mean
/// error is within one standard error of the least, glmnet's <c>lambda.1se</c>), and the model refitted on all rows at α_min.
/// </summary>
/// <param name="Alphas">The grid, descending (the order the paths fit it in).</param>
/// <param name="MeanError">Mean over the folds of each α's held-out error.</param>
/// <param name="StandardError">Sample standard deviation of the fold errors over √K.</param>
/// <param name="FoldErrors">The held-out error of α i on fold k at [i][k].</param>
/// <param name="Metric">"mse" (least squares: mean squared error, weighted by the held-out sample weights) or "log_loss".</param>
/// <param name="IndexMin">Position of α_min in <paramref name="Alphas"/>.</param>
/// <param name="IndexOneSe">Position of α_1se in <paramref name="Alphas"/>.</param>
/// <param name="Refit">The model fitted on all rows at α_min.</param>
public sealed record CrossValidationResult(
    ImmutableArray<double> Alphas,
    ImmutableArray<double> MeanError,
    ImmutableArray<double> StandardError,
    ImmutableArray<ImmutableArray<double>> FoldErrors,
    string Metric,
    int IndexMin,
    int IndexOneSe,
    Fit Refit)
{
    /// <summary>The α of least mean held-out error.</summary>
    public double AlphaMin => Alphas[IndexMin];

    /// <summary>The largest α whose mean error is within one standard error of the least.</summary>
    public double AlphaOneSe => Alphas[IndexOneSe];

    /// <summary>K, the number of folds.</summary>
    public int Folds => FoldErrors[0].Length;

    /// <summary>The l1 ratio of this curve (scikit-learn's <c>l1_ratio_</c> when chosen from a list); null for a model without a run-time ratio.</summary>
    public double? L1Ratio { get; init; }

    /// <summary>The relaxation γ of this curve (cv.glmnet's <c>gamma.min</c> when chosen from <see cref="CrossValidationOptions.Gammas"/>); null without relaxation.</summary>
    public double? Gamma { get; init; }

    /// <summary>With <see cref="CrossValidationOptions.Gammas"/>: every γ's own result (curve, α_min, relaxed refit), in the order given; empty otherwise.</summary>
    public ImmutableArray<CrossValidationResult> ByGamma { get; init; } = ImmutableArray<CrossValidationResult>.Empty;

    /// <summary>With <see cref="CrossValidationOptions.L1Ratios"/>: every ratio's own result (curve, α_min, refit), in the order given; empty otherwise.</summary>
    public ImmutableArray<CrossValidationResult> ByL1Ratio { get; init; } = ImmutableArray<CrossValidationResult>.Empty;
}
