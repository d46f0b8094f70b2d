using System;
using PenaltyGen.Penalties;

namespace CustomPenalty;

/// <summary>
/// A smooth, Huber-like shrinkage ψ(x) = √(δ² + x²) − δ (the pseudo-Huber function, δ = 10): quadratic
/// for small coefficients, linear for large ones, so it shrinks small effects more than large ones.
/// Smooth: it goes to the gradient, with ψ'' ≤ 1/δ.
/// </summary>
public readonly struct PseudoHuber : ISmoothTerm
{
    private const double Delta = 10.0;

    public static double Value(double x) => Math.Sqrt(Delta * Delta + x * x) - Delta;

    public static double Derivative(double x) => x / Math.Sqrt(Delta * Delta + x * x);

    public static double Curvature => 1.0 / Delta;
}

/// <summary>
/// A "steepening" L1: ψ(x) = |x| + (|x| − c)₊ with c = 200 — convex, so it has a prox: soft-threshold by t
/// inside [−c, c], by 2t beyond, and stick at ±c in between. Non-smooth: known through its prox.
/// </summary>
public readonly struct SteepL1 : IProximalTerm
{
    private const double Knee = 200.0;

    public static double Value(double x) => Math.Abs(x) + Math.Max(Math.Abs(x) - Knee, 0);

    public static double Prox(double v, double t)
    {
        var a = Math.Abs(v);
        var x = a <= Knee + t ? Math.Max(a - t, 0) : Math.Max(a - 2 * t, Knee);
        return Math.CopySign(x, v);
    }
}
