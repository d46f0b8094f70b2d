using System;
using LanguageExt;
using PenaltyGen;
using PenaltyGen.Data;
using PenaltyGen.Losses;

namespace CustomLoss;

/// <summary>
/// Huber's loss with threshold δ = <see cref="Delta"/>, written by a user exactly as the built-in losses are written:
/// ℓ(y, η) = ½r² for |r| ≤ δ, δ|r| − ½δ² beyond (r = y − η). Quadratic near the fit, linear in the tails, so a few gross
/// outliers pull the coefficients far less than least squares lets them. Its curvature is 1 inside and 0 outside the
/// band: the proximal Newton model floors it, and its line search keeps every step a descent.
/// </summary>
public readonly struct Huber : ILoss
{
    /// <summary>δ, in the target's units.</summary>
    public const double Delta = 20.0;

    /// <summary>A regression: fits predict η and score R².</summary>
    public static LossKind Kind => LossKind.Custom;

    /// <inheritdoc />
    public static double Value(double y, double eta)
    {
        var r = Math.Abs(y - eta);
        return r <= Delta ? 0.5 * r * r : Delta * (r - 0.5 * Delta);
    }

    /// <summary>−ψ(r) with ψ(r) = clip(r, −δ, δ).</summary>
    public static double Derivative(double y, double eta) => -Math.Clamp(y - eta, -Delta, Delta);

    /// <summary>The plain difference: ℓ is piecewise quadratic and linear, so it does not cancel catastrophically at the scales fitted here.</summary>
    public static double Bregman(double y, double eta0, double eta1) =>
        Math.Max(Value(y, eta1) - Value(y, eta0) - Derivative(y, eta0) * (eta1 - eta0), 0.0);

    /// <inheritdoc />
    public static double Curvature(double y, double eta) => Math.Abs(y - eta) <= Delta ? 1.0 : 0.0;

    /// <inheritdoc />
    public static double CurvatureBound => 1.0;

    /// <summary>Huber's loss is not ½(y − η)² everywhere: it goes through the general (proximal Newton / FISTA) route.</summary>
    public static bool IsQuadratic => false;

    /// <summary>Every finite target suits it (Dataset already refuses non-finite values).</summary>
    public static Fin<Unit> ValidateTarget(Dataset data) => Prelude.unit;

    /// <summary>
    /// Huber's location estimate: the root of Σ s_i ψ(y_i − b), which decreases in b, by bisection on [min y, max y]
    /// (to the last bit: at most ~64 halvings).
    /// </summary>
    public static double NullIntercept(ReadOnlySpan<double> y, ReadOnlySpan<double> weights)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in y)
        {
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        while (true)
        {
            var mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) return mid;
            var slope = 0.0;
            for (var i = 0; i < y.Length; i++) slope += (weights.IsEmpty ? 1.0 : weights[i]) * Math.Clamp(y[i] - mid, -Delta, Delta);
            if (slope > 0) lo = mid;
            else hi = mid;
        }
    }

    /// <inheritdoc />
    public static string HeldOutMeasure => "huber";

    /// <inheritdoc />
    public static double HeldOutError(double y, double eta) => Value(y, eta);
}
