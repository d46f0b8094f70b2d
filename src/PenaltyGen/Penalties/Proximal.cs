using System;
using System.Runtime.CompilerServices;

namespace PenaltyGen.Penalties;

/// <summary>Scalar proximal building blocks the generated code calls; each is one line of math.</summary>
public static class Proximal
{
    /// <summary>Soft thresholding S(v, τ) = sign(v)·max(|v| − τ, 0) = prox_{τ|·|}(v).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SoftThreshold(double v, double tau) => Math.Max(v - tau, 0) + Math.Min(v + tau, 0);

    /// <summary>dist(x, [lo, hi]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double DistanceToInterval(double x, double lo, double hi) => Math.Max(Math.Max(lo - x, x - hi), 0);

    /// <summary>A user term's prox, called through its contract so both implicit and explicit implementations work.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Of<TTerm>(double v, double t) where TTerm : IProximalTerm => TTerm.Prox(v, t);

    /// <summary>φ(x) of a user term.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ValueOf<TTerm>(double x) where TTerm : IPenaltyTerm => TTerm.Value(x);

    /// <summary>φ'(x) of a smooth user term.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double DerivativeOf<TTerm>(double x) where TTerm : ISmoothTerm => TTerm.Derivative(x);

    /// <summary>The curvature bound of a smooth user term.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double CurvatureOf<TTerm>() where TTerm : ISmoothTerm => TTerm.Curvature;
}
