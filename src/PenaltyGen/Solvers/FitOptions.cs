using System.Collections.Immutable;

namespace PenaltyGen;

/// <summary>Which algorithm minimizes the objective.</summary>
public enum SolverKind
{
    /// <summary>Coordinate descent for separable penalties; a direct solve for a pure ridge penalty.</summary>
    Auto,

    /// <summary>Proximal coordinate descent, scikit-learn's algorithm (cyclic or random order).</summary>
    CoordinateDescent,

    /// <summary>FISTA with backtracking line search and adaptive (gradient) restart.</summary>
    Fista,

    /// <summary>Cholesky solve of (XᵀX + nαa₂·diag f)w = Xᵀy: only for a pure ½‖w‖² penalty with least squares.</summary>
    Direct,
}

/// <summary>How coordinate descent chooses which features to sweep (least squares, elastic-net-shaped penalties).</summary>
public enum Screening
{
    /// <summary>Plain sweeps for single fits (scikit-learn's iteration counts); working sets along paths.</summary>
    Auto,

    /// <summary>Every sweep visits every feature, exactly as scikit-learn's coordinate descent.</summary>
    None,

    /// <summary>
    /// Sweep a working set (the active features and the sequential strong rule's candidates); check the
    /// others against cached inner products bounded by Cauchy–Schwarz, and certify on the full problem.
    /// </summary>
    WorkingSet,
}

/// <summary>
/// Whether working-set coordinate descent keeps the Gram matrix of its features (scikit-learn's
/// <c>precompute</c>): steps then cost |C| flops instead of 2n, at the price of building X_CᵀX_C.
/// </summary>
public enum Precompute
{
    /// <summary>Covariance mode when the rows are at least 0.9 times the features (and there are at most 4096 features), residual mode otherwise.</summary>
    Auto,

    /// <summary>Always keep r = y − Xw and read columns (residual mode).</summary>
    Never,

    /// <summary>Covariance mode whenever the working-set solver runs (up to 4096 features).</summary>
    Always,
}

/// <summary>The order coordinate descent visits the features in.</summary>
public enum CoordinateSelection
{
/// <summary>Features in order 0, 1, …, p − 1 every sweep (scikit-learn's default).</summary>
    Cyclic,
/// <summary>A random feature each step, drawn with <see cref="FitOptions.Seed"/> (scikit-learn's selection="random").</summary>
    Random,
}

/// <summary>How per-feature penalty factors are read.</summary>
public enum FactorScaling
{
    /// <summary>As given: the penalty is α·Σ f_j·g(w_j) with the user's f.</summary>
    AsGiven,

    /// <summary>glmnet's <c>penalty.factor</c>: rescaled to f_j·p/Σf, so that the factors sum to the number of features.</summary>
    SumToFeatures,
}

/// <summary>Where an automatic α grid starts: its α_max.</summary>
public enum GridStart
{
    /// <summary>scikit-learn's α_max, max_j |X_jᵀy|/(n·a₁·f_j) whatever the sign constraint (as <c>LassoCV(positive=True)</c>).</summary>
    ScikitLearn,

    /// <summary>The smallest α at which w = 0 is optimal under the penalty's constraints (tighter for a sign-constrained penalty).</summary>
    Exact,
}

/// <summary>The data term.</summary>
public enum LossKind
{
    /// <summary>(1/(2n))‖y − Xw − b‖².</summary>
    LeastSquares,

    /// <summary>(1/n)Σ log(1 + e^η) − yη, labels 0/1.</summary>
    Logistic,

    /// <summary>(1/n)Σ e^η − yη, counts y ≥ 0 (log link): predictions are the mean count e^η.</summary>
    Poisson,

    /// <summary>
    /// (1/n)Σ log Σ_k e^{η_k} − η_y over K ≥ 2 classes (softmax): coefficients K×p and K intercepts; the penalty per
    /// coefficient, or over each feature's K coefficients with <see cref="MultinomialType.Grouped"/>.
    /// </summary>
    Multinomial,

    /// <summary>A user-written <see cref="Losses.ILoss"/>, given as a type argument: its fits predict η and score R², as a regression.</summary>
    Custom,
}

/// <summary>How a multinomial fit applies its penalty to the K coefficients of each feature (glmnet's <c>type.multinomial</c>).</summary>
public enum MultinomialType
{
    /// <summary>To each coefficient on its own (scikit-learn's and glmnet's default).</summary>
    Ungrouped,

    /// <summary>To each feature's K coefficients as a group (‖β_j·‖₂ for the l1 part): a feature is in or out for every class.</summary>
    Grouped,
}

/// <summary>
/// Everything about a fit except the data and the strength: immutable, vary with <c>with</c>.
/// Defaults are scikit-learn's (tol 1e-4, max_iter 1000, fit_intercept, cyclic, l1_ratio 0.5).
/// </summary>
public sealed record FitOptions
{
    /// <summary>scikit-learn's defaults.</summary>
    public static FitOptions Default { get; } = new();

    /// <summary>Stopping tolerance, with scikit-learn's meaning for coordinate descent: duality gap ≤ tol·‖y − ȳ‖²/n.</summary>
    public double Tol { get; init; } = 1e-4;

    /// <summary>The iteration budget (scikit-learn's max_iter): sweeps for coordinate descent, steps for FISTA.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Whether to fit an unpenalized intercept b (scikit-learn's fit_intercept).</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>The order coordinate descent visits the features in.</summary>
    public CoordinateSelection Selection { get; init; } = CoordinateSelection.Cyclic;

    /// <summary>Working sets and screening for coordinate descent; the stopping rule (full duality gap) is the same.</summary>
    public Screening Screening { get; init; } = Screening.Auto;

    /// <summary>Covariance (Gram) mode for the working-set solver; see <see cref="PenaltyGen.Precompute"/>.</summary>
    public Precompute Precompute { get; init; } = Precompute.Auto;

    /// <summary>Seed of the random coordinate order.</summary>
    public uint Seed { get; init; }

    /// <summary>The algorithm; Auto picks coordinate descent, FISTA for group penalties, or a direct solve for a pure ridge.</summary>
    public SolverKind Solver { get; init; } = SolverKind.Auto;

    /// <summary>The data term: least squares or the logistic loss (labels 0/1).</summary>
    public LossKind Loss { get; init; } = LossKind.LeastSquares;

    /// <summary>How the multinomial loss applies the penalty to each feature's K coefficients; refused by the other losses when set.</summary>
    public MultinomialType Multinomial { get; init; } = MultinomialType.Ungrouped;

    /// <summary>
    /// glmnet's <c>offset</c>: a known term of each row's linear predictor, η_i = x_iᵀw + b + o_i (log exposure for counts),
    /// one per row. Taken by a loss that can fold it in exactly (the Poisson loss); refused by the others. Predictions of
    /// the fit leave it out (a rate per unit of exposure).
    /// </summary>
    public ImmutableArray<double> Offset { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>
    /// glmnet's <c>standardize = TRUE</c>: each feature fitted centred (with an intercept) and scaled to unit weighted
    /// population variance, the penalty on those coefficients, the fit reported on the original scale (<see cref="Data.Standardization"/>).
    /// Off by default, as scikit-learn, whose estimators do not standardize.
    /// </summary>
    public bool Standardize { get; init; }

    /// <summary>
    /// ρ for penalties declared <c>[ElasticNet]</c> without a folded ratio (null: scikit-learn's 0.5). Any other model
    /// has its ratio folded in or none at all, so giving one there is an error, not a silently ignored option.
    /// </summary>
    public double? L1Ratio { get; init; }

    /// <summary>
    /// γ for an <c>[MCP]</c> (> 1, default 3) or a for a <c>[SCAD]</c> (> 2, default 3.7) declared without one (the built-in
    /// <c>Mcp</c> and <c>Scad</c>); an error for any other model, as <see cref="L1Ratio"/> is.
    /// </summary>
    public double? Concavity { get; init; }

    /// <summary>The ρ the run-time-ratio penalties read: <see cref="L1Ratio"/>, or scikit-learn's default 0.5.</summary>
    internal double RatioOrDefault => L1Ratio ?? 0.5;

    /// <summary>Where an automatic α grid starts (paths and cross-validation); see <see cref="PenaltyGen.GridStart"/>.</summary>
    public GridStart GridStart { get; init; } = GridStart.ScikitLearn;

    /// <summary>Per-feature penalty factors f_j ≥ 0 (glmnet's penalty.factor); empty means all 1.</summary>
    public ImmutableArray<double> PenaltyFactors { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>How <see cref="PenaltyFactors"/> are read: as given, or rescaled to sum to the number of features as glmnet does.</summary>
    public FactorScaling PenaltyFactorScaling { get; init; } = FactorScaling.AsGiven;

    /// <summary>The factors the penalty applies: <see cref="PenaltyFactors"/>, rescaled by f·p/Σf under <see cref="FactorScaling.SumToFeatures"/>.</summary>
    internal ImmutableArray<double> EffectiveFactors()
    {
        if (PenaltyFactorScaling == FactorScaling.AsGiven || PenaltyFactors.IsEmpty) return PenaltyFactors;
        var sum = 0.0;
        foreach (var f in PenaltyFactors) sum += f;
        var scale = PenaltyFactors.Length / sum;
        var scaled = new double[PenaltyFactors.Length];
        for (var j = 0; j < scaled.Length; j++) scaled[j] = PenaltyFactors[j] * scale;
        return ImmutableArray.Create(scaled);
    }

    /// <summary>
    /// Per-sample weights s_i ≥ 0 for least squares (empty: all 1), as scikit-learn's <c>sample_weight</c>:
    /// rescaled to sum to n, weighted centring, rows scaled by √s_i; the data term is (1/(2n))Σ s_i r_i².
    /// </summary>
    public ImmutableArray<double> SampleWeights { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>
    /// Group of every feature for penalties with a <c>[GroupL2]</c> term: the features of a group must be
    /// adjacent (runs of equal ids), ids ≥ 0.
    /// </summary>
    public ImmutableArray<int> Groups { get; init; } = ImmutableArray<int>.Empty;

    /// <summary>Initial coefficients (a warm start); empty means zeros.</summary>
    public ImmutableArray<double> WarmStart { get; init; } = ImmutableArray<double>.Empty;
}
