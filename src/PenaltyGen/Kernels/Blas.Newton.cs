using System;
using System.Runtime.Intrinsics;

namespace PenaltyGen.Kernels;

/// <summary>The proximal Newton model's weighted kernels, written once over <see cref="ILanes{TVector}"/>.</summary>
public static partial class Blas
{
    /// <summary>xᵀy and Σ h_i·x_i² from one read of x (a proximal Newton model's first visit of a coordinate).</summary>
    public static unsafe (double Dot, double WeightedNorm) DotAndWeightedSquaredNorm(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> h)
    {
        if (x.Length != y.Length || x.Length != h.Length) throw new ArgumentException("lengths differ", nameof(y));
        fixed (double* px = x)
        fixed (double* py = y)
        fixed (double* ph = h)
        {
            if (Vector512.IsHardwareAccelerated) return DotAndWeightedSquaredNorm<Lanes512, Vector512<double>>(px, py, ph, x.Length);
            if (Vector256.IsHardwareAccelerated) return DotAndWeightedSquaredNorm<Lanes256, Vector256<double>>(px, py, ph, x.Length);
            if (Vector128.IsHardwareAccelerated) return DotAndWeightedSquaredNorm<Lanes128, Vector128<double>>(px, py, ph, x.Length);
            return DotAndWeightedSquaredNorm<Lanes1, double>(px, py, ph, x.Length);
        }
    }

    /// <summary>Two independent chains per sum.</summary>
    internal static unsafe (double Dot, double WeightedNorm) DotAndWeightedSquaredNorm<TLanes, TVector>(double* x, double* y, double* h, int n)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var w = TLanes.Count;
        var i = 0;
        TVector d0 = default, d1 = default, s0 = default, s1 = default;
        for (; i + 2 * w <= n; i += 2 * w)
        {
            var x0 = TLanes.Load(x + i);
            var x1 = TLanes.Load(x + i + w);
            d0 = TLanes.MultiplyAdd(x0, TLanes.Load(y + i), d0);
            d1 = TLanes.MultiplyAdd(x1, TLanes.Load(y + i + w), d1);
            s0 = TLanes.MultiplyAdd(TLanes.Multiply(TLanes.Load(h + i), x0), x0, s0);
            s1 = TLanes.MultiplyAdd(TLanes.Multiply(TLanes.Load(h + i + w), x1), x1, s1);
        }
        double dot = TLanes.Sum(TLanes.Add(d0, d1)), norm = TLanes.Sum(TLanes.Add(s0, s1));
        for (; i < n; i++)
        {
            dot += x[i] * y[i];
            norm += h[i] * x[i] * x[i];
        }
        return (dot, norm);
    }

    /// <summary>
    /// One coordinate step of a proximal Newton model in one read of the column: ρ −= step·(h∘x) (the model's working
    /// residual) and δ += step·x (the step's image Xδw, for the line search).
    /// </summary>
    public static unsafe void NewtonStep(double step, ReadOnlySpan<double> h, ReadOnlySpan<double> x, Span<double> rho, Span<double> delta)
    {
        if (x.Length != h.Length || x.Length != rho.Length || x.Length != delta.Length) throw new ArgumentException("lengths differ", nameof(x));
        fixed (double* ph = h)
        fixed (double* px = x)
        fixed (double* pr = rho)
        fixed (double* pd = delta)
        {
            if (Vector512.IsHardwareAccelerated) NewtonStep<Lanes512, Vector512<double>>(step, ph, px, pr, pd, x.Length);
            else if (Vector256.IsHardwareAccelerated) NewtonStep<Lanes256, Vector256<double>>(step, ph, px, pr, pd, x.Length);
            else if (Vector128.IsHardwareAccelerated) NewtonStep<Lanes128, Vector128<double>>(step, ph, px, pr, pd, x.Length);
            else NewtonStep<Lanes1, double>(step, ph, px, pr, pd, x.Length);
        }
    }

    internal static unsafe void NewtonStep<TLanes, TVector>(double step, double* h, double* x, double* rho, double* delta, int n)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var w = TLanes.Count;
        var a = TLanes.Broadcast(step);
        var i = 0;
        for (; i + w <= n; i += w)
        {
            var ax = TLanes.Multiply(a, TLanes.Load(x + i));
            TLanes.Store(TLanes.MultiplyAdd(TLanes.Negate(ax), TLanes.Load(h + i), TLanes.Load(rho + i)), rho + i);
            TLanes.Store(TLanes.Add(TLanes.Load(delta + i), ax), delta + i);
        }
        for (; i < n; i++)
        {
            var ax = step * x[i];
            rho[i] -= ax * h[i];
            delta[i] += ax;
        }
    }
}

/// <summary>The paired model sweep's fused kernel: a coordinate step and the next coordinate's product in one pass.</summary>
public static partial class Blas
{
    /// <summary>
    /// <see cref="NewtonStep"/> (ρ −= step·(h∘x), δ += step·x), and in the same pass over the rows ⟨next, ρ⟩ with the
    /// updated ρ: the next coordinate's product is taken while ρ is in registers, and its column streams in while this
    /// one's step is applied. The product sums in its own order (two chains per vector width), not <see cref="Dot"/>'s, and
    /// the rows past the last full block take the scalar update: callers that must agree bit for bit use this kernel
    /// on the same row ranges.
    /// </summary>
    public static unsafe double NewtonStepThenDot(double step, ReadOnlySpan<double> h, ReadOnlySpan<double> x, Span<double> rho, Span<double> delta,
        ReadOnlySpan<double> next)
    {
        if (x.Length != h.Length || x.Length != rho.Length || x.Length != delta.Length || x.Length != next.Length)
            throw new ArgumentException("lengths differ", nameof(x));
        fixed (double* ph = h)
        fixed (double* px = x)
        fixed (double* pr = rho)
        fixed (double* pd = delta)
        fixed (double* pn = next)
        {
            if (Vector512.IsHardwareAccelerated) return NewtonStepThenDot<Lanes512, Vector512<double>>(step, ph, px, pr, pd, pn, x.Length);
            if (Vector256.IsHardwareAccelerated) return NewtonStepThenDot<Lanes256, Vector256<double>>(step, ph, px, pr, pd, pn, x.Length);
            if (Vector128.IsHardwareAccelerated) return NewtonStepThenDot<Lanes128, Vector128<double>>(step, ph, px, pr, pd, pn, x.Length);
            return NewtonStepThenDot<Lanes1, double>(step, ph, px, pr, pd, pn, x.Length);
        }
    }

    internal static unsafe double NewtonStepThenDot<TLanes, TVector>(double step, double* h, double* x, double* rho, double* delta, double* next, int n)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var w = TLanes.Count;
        var a = TLanes.Broadcast(step);
        TVector s0 = default, s1 = default;
        var i = 0;
        for (; i + 2 * w <= n; i += 2 * w)
        {
            var ax0 = TLanes.Multiply(a, TLanes.Load(x + i));
            var ax1 = TLanes.Multiply(a, TLanes.Load(x + i + w));
            var r0 = TLanes.MultiplyAdd(TLanes.Negate(ax0), TLanes.Load(h + i), TLanes.Load(rho + i));
            var r1 = TLanes.MultiplyAdd(TLanes.Negate(ax1), TLanes.Load(h + i + w), TLanes.Load(rho + i + w));
            TLanes.Store(r0, rho + i);
            TLanes.Store(r1, rho + i + w);
            TLanes.Store(TLanes.Add(TLanes.Load(delta + i), ax0), delta + i);
            TLanes.Store(TLanes.Add(TLanes.Load(delta + i + w), ax1), delta + i + w);
            s0 = TLanes.MultiplyAdd(TLanes.Load(next + i), r0, s0);
            s1 = TLanes.MultiplyAdd(TLanes.Load(next + i + w), r1, s1);
        }
        var dot = TLanes.Sum(TLanes.Add(s0, s1));
        for (; i < n; i++)
        {
            var ax = step * x[i];
            rho[i] -= ax * h[i];
            delta[i] += ax;
            dot += next[i] * rho[i];
        }
        return dot;
    }
}
