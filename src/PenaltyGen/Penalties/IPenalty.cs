using System;

namespace PenaltyGen.Penalties;

/// <summary>
/// The contract a generated penalty fulfils. A penalty is α·g(w) with
/// g(w) = Σ_j f_j·[a₁|w_j| + ½a₂w_j² + Σ_k c_k·ψ_k(w_j)] + ι_[l,u](w_j),
/// a₁, a₂, c_k, l, u folded in by the generator, f_j the per-feature factors (empty span: all 1).
/// The quadratic ½a₂w² is folded into the prox in closed form; "smooth part" means the user's
/// <see cref="ISmoothTerm"/>s only. All members are static so that a solver generic over the
/// (struct) penalty type is compiled once per penalty, with no virtual call in its loops.
/// The math of every member is written in docs/penalties.md.
/// </summary>
public interface IPenalty
{
    /// <summary>g in words and symbols, e.g. "0.5·|w| + 0.25·w²".</summary>
    static abstract string Formula { get; }

    /// <summary>The model type that declares this penalty, namespace-qualified (e.g. "Shop.HousePrices"): a saved model's identity.</summary>
    static abstract string ModelName { get; }

    /// <summary>Whether ρ is read at run time (<c>[ElasticNet]</c> without a folded L1Ratio), so <c>FitOptions.L1Ratio</c> applies.</summary>
    static abstract bool HasRuntimeRatio { get; }

    /// <summary>Whether g is a sum over coordinates (coordinate descent applies). Non-separable penalties (groups)
    /// implement only the vector members; their scalar ones throw <see cref="NotSupportedException"/>.</summary>
    static abstract bool IsSeparable { get; }

    /// <summary>The strength declared on the model (<c>Alpha = …</c>), scikit-learn's 1.0 when none.</summary>
    static abstract double DefaultAlpha { get; }

    /// <summary>
    /// The α of the (1/(2n))‖r‖² objective for the user's α: for Ridge scaling α/S with S the sum of the
    /// sample weights (n without weights), as scikit-learn's Ridge; else α.
    /// </summary>
    static abstract double ObjectiveAlpha(double alpha, double totalSampleWeight);

    /// <summary>α·g(w); +∞ when w violates a constraint.</summary>
    static abstract double Value(ReadOnlySpan<double> w, in PenaltyParameters p, ReadOnlySpan<double> factors);

    /// <summary>In place: w ← prox_{t·α·g}(w), the vector proximal operator.</summary>
    static abstract void Prox(Span<double> w, double t, in PenaltyParameters p, ReadOnlySpan<double> factors);

    /// <summary>prox_{t·α·f·g₁}(v) for one coordinate with penalty factor f.</summary>
    static abstract double Prox(double v, double t, in PenaltyParameters p, double factor);

    /// <summary>
    /// The coordinate-descent update: argmin_x ½·a·x² − z·x + α·f·g₁(x), where a is the loss's
    /// curvature along the coordinate and z = a·w − ∂_j loss. Smooth user terms are linearized at the
    /// current value <paramref name="w"/> with their curvature bound (a majorize–minimize step).
    /// </summary>
    static abstract double CoordinateMinimizer(double z, double a, double w, in PenaltyParameters p, double factor);

    /// <summary>α·Σ_j f_j·Σ c_k ψ_k(w_j) over the smooth user terms only (0 when there are none).</summary>
    static abstract double SmoothValue(ReadOnlySpan<double> w, in PenaltyParameters p, ReadOnlySpan<double> factors);

    /// <summary>
    /// Whether g is exactly a₁|x| + ½a₂x² (optionally with x ≥ 0): then the closed-form elastic-net
    /// duality gap and, with a₁ = 0, a direct solve apply. Outputs a₁, a₂ and the sign constraint.
    /// </summary>
    static abstract bool ElasticNetForm(in PenaltyParameters p, out double l1, out double l2, out bool positive);

    /// <summary>gradient += ∇(α·Σ smooth user terms)(w). Adds nothing when there are none.</summary>
    static abstract void AddSmoothGradient(ReadOnlySpan<double> w, in PenaltyParameters p, ReadOnlySpan<double> factors, Span<double> gradient);

    /// <summary>Lipschitz bound of the smooth part's derivative along one coordinate with factor f.</summary>
    static abstract double SmoothCurvature(in PenaltyParameters p, double factor);

    /// <summary>
    /// The KKT residual of one coordinate: dist(−∂_j loss, α·f·∂g₁(w)) given the loss's partial
    /// derivative <paramref name="lossGradient"/>. Zero exactly at an optimum.
    /// </summary>
    static abstract double SubdifferentialDistance(double w, double lossGradient, in PenaltyParameters p, double factor);

    /// <summary>
    /// The KKT residual of the whole vector given the loss gradient: the largest per-coordinate distance for a
    /// separable penalty, the largest per-group Euclidean distance to the group's subdifferential otherwise.
    /// </summary>
    static abstract double KktResidual(ReadOnlySpan<double> w, ReadOnlySpan<double> lossGradient, in PenaltyParameters p, ReadOnlySpan<double> factors);

    /// <summary>
    /// α_max: the smallest α at which w = 0 is optimal, given c = Xᵀy/n on centred data.
    /// +∞ when no α makes zero optimal (no L1 part, or 0 outside the bounds).
    /// </summary>
    static abstract double AlphaMax(ReadOnlySpan<double> correlation, in PenaltyParameters p, ReadOnlySpan<double> factors);
}

/// <summary>A user model type: the generator makes it name its generated penalty.</summary>
public interface IPenaltyModel<TPenalty> where TPenalty : struct, IPenalty;
