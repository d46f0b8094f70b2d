using System;

namespace PenaltyGen.Penalties;

/// <summary>
/// What every generated penalty provides. A penalty is α·g(w) with
/// g(w) = Σ_j f_j·[a₁|w_j| + ½a₂w_j² + Σ_k c_k·ψ_k(w_j)] + ι_[l,u](w_j) (separable) or a block form over groups,
/// a₁, a₂, c_k, l, u folded in by the generator, f_j the per-feature factors (empty span: all 1).
/// The members here are the whole-vector ones every solver may use (value, vector prox, KKT residual, α_max); what only
/// some penalties can offer is a capability of its own — <see cref="ISeparablePenalty"/> (coordinate steps),
/// <see cref="IElasticNetPenalty"/> (the closed form the fast paths use), <see cref="IBlockPenalty"/> (the prox of one
/// group) and <see cref="ISmoothPart"/> — and a solver states in its type constraint which one it needs.
/// <see cref="Accept{TVisitor, TResult}"/> hands the penalty to the one of a visitor's methods that its capabilities
/// allow, so choosing a solver at run time never reaches a member a penalty does not have.
/// All members are static so that a solver generic over the (struct) penalty type is compiled once per penalty,
/// with no virtual call in its loops. The math of every member is written in docs/penalties.md.
/// </summary>
public interface IPenalty : ISmoothPart
{
    /// <summary>g in words and symbols, e.g. "0.5·|w| + 0.25·w²".</summary>
    static abstract string Formula { get; }

    /// <summary>The model type that declares this penalty, namespace-qualified (e.g. "Shop.HousePrices"): a saved model's identity.</summary>
    static abstract string ModelName { get; }

    /// <summary>Whether ρ is read at run time (<c>[ElasticNet]</c> without a folded L1Ratio), so <c>FitOptions.L1Ratio</c> applies.</summary>
    static abstract bool HasRuntimeRatio { get; }

    /// <summary>
    /// The concavity parameter read at run time (<see cref="PenaltyParameters.Concavity"/>) by <c>[MCP]</c> or <c>[SCAD]</c>
    /// declared without Gamma or A: its name, the bound it must exceed and its default; null for every other penalty.
    /// </summary>
    static virtual ConcavityParameter? RuntimeConcavity => null;

    /// <summary>The strength declared on the model (<c>Alpha = …</c>), scikit-learn's 1.0 when none.</summary>
    static abstract double DefaultAlpha { get; }

    /// <summary>
    /// The α of the (1/(2n))‖r‖² objective for the user's α: for Ridge scaling α/S with S the sum of the
    /// sample weights (n without weights), as scikit-learn's Ridge; else α.
    /// </summary>
    static abstract double ObjectiveAlpha(double alpha, double totalSampleWeight);

    /// <summary>α·g(w); +∞ when w violates a constraint.</summary>
    static abstract double Value(ReadOnlySpan<double> w, in PenaltyParameters p, ReadOnlySpan<double> factors);

    /// <summary>In place: w ← prox_{t·α·h}(w), the vector proximal operator of the penalty without its smooth part h = g − s.</summary>
    static abstract void Prox(Span<double> w, double t, in PenaltyParameters p, ReadOnlySpan<double> factors);

    /// <summary>
    /// The KKT residual of the whole vector given the loss gradient: the largest per-coordinate distance to the
    /// subdifferential for a separable penalty, the largest per-group Euclidean distance for a block penalty.
    /// </summary>
    static abstract double KktResidual(ReadOnlySpan<double> w, ReadOnlySpan<double> lossGradient, in PenaltyParameters p, ReadOnlySpan<double> factors);

    /// <summary>
    /// α_max: the smallest α at which w = 0 is optimal, given c = −∇loss(0) (least squares on centred data: Xᵀy/n).
    /// +∞ when no α makes zero optimal (no L1 part, or 0 outside the bounds); NaN when it has no closed form.
    /// </summary>
    static abstract double AlphaMax(ReadOnlySpan<double> correlation, in PenaltyParameters p, ReadOnlySpan<double> factors);

    /// <summary>Calls the visitor's method for this penalty's strongest capability (elastic-net-shaped, separable or block).</summary>
    static abstract TResult Accept<TVisitor, TResult>(ref TVisitor visitor) where TVisitor : struct, IPenaltyVisitor<TResult>;
}

/// <summary>
/// The smooth part s of a penalty: the user's <see cref="ISmoothTerm"/>s, α·Σ_j f_j·Σ c_k ψ_k(w_j), which gradient solvers
/// take with the data term. A penalty without smooth terms has none: these defaults say so, and the generator writes the
/// members only for a penalty that has such terms.
/// </summary>
public interface ISmoothPart
{
    /// <summary>α·Σ_j f_j·Σ c_k ψ_k(w_j) (0 without smooth terms).</summary>
    static virtual double SmoothValue(ReadOnlySpan<double> w, in PenaltyParameters p, ReadOnlySpan<double> factors) => 0.0;

    /// <summary>gradient += ∇s(w) (nothing without smooth terms).</summary>
    static virtual void AddSmoothGradient(ReadOnlySpan<double> w, in PenaltyParameters p, ReadOnlySpan<double> factors, Span<double> gradient)
    {
    }

    /// <summary>Lipschitz bound of s's derivative along one coordinate with factor f (0 without smooth terms).</summary>
    static virtual double SmoothCurvature(in PenaltyParameters p, double factor) => 0.0;
}

/// <summary>A penalty that is a sum over coordinates: coordinate descent and proximal Newton apply.</summary>
public interface ISeparablePenalty : IPenalty
{
    /// <summary>prox_{t·α·f·h}(v) for one coordinate with penalty factor f.</summary>
    static abstract double Prox(double v, double t, in PenaltyParameters p, double factor);

    /// <summary>
    /// The coordinate-descent update: argmin_x ½·a·x² − z·x + α·f·g(x), where a is the loss's
    /// curvature along the coordinate and z = a·w − ∂_j loss. Smooth user terms are linearized at the
    /// current value <paramref name="w"/> with their curvature bound (a majorize–minimize step).
    /// </summary>
    static abstract double CoordinateMinimizer(double z, double a, double w, in PenaltyParameters p, double factor);

    /// <summary>
    /// The KKT residual of one coordinate: dist(−∂_j loss, α·f·∂g(w)) given the loss's partial
    /// derivative <paramref name="lossGradient"/>. Zero exactly at an optimum.
    /// </summary>
    static abstract double SubdifferentialDistance(double w, double lossGradient, in PenaltyParameters p, double factor);

    /// <summary>
    /// The penalty's most negative curvature along a coordinate with factor f, net of its ½a₂x² part: 0 for a convex penalty;
    /// for <c>[MCP]</c> 1/γ − αfa₂, for <c>[SCAD]</c> 1/(a − 1) − αfa₂. A coordinate problem is convex, and its closed-form
    /// minimizer the global one, exactly when the data term's curvature along the coordinate exceeds it.
    /// </summary>
    static virtual double Concavity(in PenaltyParameters p, double factor) => 0.0;
}

/// <summary>A folded concave penalty's run-time parameter: γ of MCP (&gt; 1, default 3) or a of SCAD (&gt; 2, default 3.7).</summary>
/// <param name="Name">"gamma" or "a".</param>
/// <param name="Minimum">The value it must exceed.</param>
/// <param name="Default">Its value when none is given (Breheny &amp; Huang's 3, Fan &amp; Li's 3.7).</param>
public readonly record struct ConcavityParameter(string Name, double Minimum, double Default);

/// <summary>
/// A separable penalty that is exactly g(x) = a₁|x| + ½a₂x² (optionally with x ≥ 0): the elastic-net duality gap,
/// the strong rule and working sets (a₁ &gt; 0) and the direct ridge solve (a₁ = 0) apply.
/// </summary>
public interface IElasticNetPenalty : ISeparablePenalty
{
    /// <summary>a₁, a₂ and the sign constraint for these parameters (a run-time ratio makes them depend on ρ).</summary>
    static abstract ElasticNetShape Shape(in PenaltyParameters p);
}

/// <summary>g(x) = <see cref="L1"/>·|x| + ½·<see cref="L2"/>·x², restricted to x ≥ 0 when <see cref="Positive"/>.</summary>
public readonly record struct ElasticNetShape(double L1, double L2, bool Positive)
{
    /// <summary>g(x) for one coordinate; +∞ below zero when <see cref="Positive"/>.</summary>
    public double Value(double x) => Positive && x < 0 ? double.PositiveInfinity : L1 * Math.Abs(x) + 0.5 * L2 * x * x;
}

/// <summary>A penalty separable over groups of adjacent features (<see cref="PenaltyParameters.Groups"/>), not over coordinates.</summary>
public interface IBlockPenalty : IPenalty
{
    /// <summary>In place: the prox of one group's part of the penalty on its coefficients <paramref name="block"/> (factors f_G, empty: all 1).</summary>
    static abstract void BlockProx(Span<double> block, double t, in PenaltyParameters p, ReadOnlySpan<double> factors);
}

/// <summary>
/// Code that needs a penalty's capability in its type (a solver's constraint), reached from code that holds only an
/// <see cref="IPenalty"/>: <see cref="IPenalty.Accept{TVisitor, TResult}"/> calls exactly one of these, statically.
/// </summary>
public interface IPenaltyVisitor<TResult>
{
    /// <summary>The penalty is elastic-net-shaped.</summary>
    TResult ElasticNet<TPenalty>() where TPenalty : struct, IElasticNetPenalty;

    /// <summary>The penalty is separable, with no closed form beyond its coordinate step.</summary>
    TResult Separable<TPenalty>() where TPenalty : struct, ISeparablePenalty;

    /// <summary>The penalty couples the coefficients of each group.</summary>
    TResult Block<TPenalty>() where TPenalty : struct, IBlockPenalty;
}

/// <summary>A user model type: the generator makes it name its generated penalty.</summary>
public interface IPenaltyModel<TPenalty> where TPenalty : struct, IPenalty;
