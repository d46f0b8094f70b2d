using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PenaltyGen.Kernels;

/// <summary>The proximal Newton model's weighted kernels (AVX-512, AVX2 and scalar forms).</summary>
public static partial class Blas
{
    /// <summary>xᵀy and Σ h_i·x_i² from one read of x (a proximal Newton model's first visit of a coordinate).</summary>
    public static (double Dot, double WeightedNorm) DotAndWeightedSquaredNorm(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> h)
    {
        if (x.Length != y.Length || x.Length != h.Length) throw new ArgumentException("lengths differ", nameof(y));
        var n = x.Length;
        var i = 0;
        double dot = 0, norm = 0;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            unsafe
            {
                fixed (double* px = x)
                fixed (double* py = y)
                fixed (double* ph = h)
                {
                    Vector512<double> d0 = default, d1 = default, s0 = default, s1 = default;
                    for (; i + 16 <= n; i += 16)
                    {
                        var x0 = Vector512.Load(px + i);
                        var x1 = Vector512.Load(px + i + 8);
                        d0 = Vector512.FusedMultiplyAdd(x0, Vector512.Load(py + i), d0);
                        d1 = Vector512.FusedMultiplyAdd(x1, Vector512.Load(py + i + 8), d1);
                        s0 = Vector512.FusedMultiplyAdd(Vector512.Load(ph + i) * x0, x0, s0);
                        s1 = Vector512.FusedMultiplyAdd(Vector512.Load(ph + i + 8) * x1, x1, s1);
                    }
                    dot = Vector512.Sum(d0 + d1);
                    norm = Vector512.Sum(s0 + s1);
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            // The same two independent chains per sum on 256-bit vectors (AVX2 machines).
            unsafe
            {
                fixed (double* px = x)
                fixed (double* py = y)
                fixed (double* ph = h)
                {
                    Vector256<double> d0 = default, d1 = default, s0 = default, s1 = default;
                    for (; i + 8 <= n; i += 8)
                    {
                        var x0 = Vector256.Load(px + i);
                        var x1 = Vector256.Load(px + i + 4);
                        d0 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(py + i), d0);
                        d1 = Vector256.FusedMultiplyAdd(x1, Vector256.Load(py + i + 4), d1);
                        s0 = Vector256.FusedMultiplyAdd(Vector256.Load(ph + i) * x0, x0, s0);
                        s1 = Vector256.FusedMultiplyAdd(Vector256.Load(ph + i + 4) * x1, x1, s1);
                    }
                    dot = Vector256.Sum(d0 + d1);
                    norm = Vector256.Sum(s0 + s1);
                }
            }
        }
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
    public static void NewtonStep(double step, ReadOnlySpan<double> h, ReadOnlySpan<double> x, Span<double> rho, Span<double> delta)
    {
        if (x.Length != h.Length || x.Length != rho.Length || x.Length != delta.Length) throw new ArgumentException("lengths differ", nameof(x));
        var n = x.Length;
        var i = 0;
        if (Vector512.IsHardwareAccelerated && n >= 8)
        {
            unsafe
            {
                fixed (double* ph = h)
                fixed (double* px = x)
                fixed (double* pr = rho)
                fixed (double* pd = delta)
                {
                    var a = Vector512.Create(step);
                    for (; i + 8 <= n; i += 8)
                    {
                        var ax = a * Vector512.Load(px + i);
                        Vector512.Store(Vector512.FusedMultiplyAdd(-ax, Vector512.Load(ph + i), Vector512.Load(pr + i)), pr + i);
                        Vector512.Store(Vector512.Load(pd + i) + ax, pd + i);
                    }
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= 4)
        {
            // Element by element the same arithmetic on 256-bit vectors (AVX2 machines): the same bits.
            unsafe
            {
                fixed (double* ph = h)
                fixed (double* px = x)
                fixed (double* pr = rho)
                fixed (double* pd = delta)
                {
                    var a = Vector256.Create(step);
                    for (; i + 4 <= n; i += 4)
                    {
                        var ax = a * Vector256.Load(px + i);
                        Vector256.Store(Vector256.FusedMultiplyAdd(-ax, Vector256.Load(ph + i), Vector256.Load(pr + i)), pr + i);
                        Vector256.Store(Vector256.Load(pd + i) + ax, pd + i);
                    }
                }
            }
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
    public static double NewtonStepThenDot(double step, ReadOnlySpan<double> h, ReadOnlySpan<double> x, Span<double> rho, Span<double> delta,
        ReadOnlySpan<double> next)
    {
        if (x.Length != h.Length || x.Length != rho.Length || x.Length != delta.Length || x.Length != next.Length)
            throw new ArgumentException("lengths differ", nameof(x));
        var n = x.Length;
        var i = 0;
        var dot = 0.0;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            unsafe
            {
                fixed (double* ph = h)
                fixed (double* px = x)
                fixed (double* pr = rho)
                fixed (double* pd = delta)
                fixed (double* pn = next)
                {
                    var a = Vector512.Create(step);
                    Vector512<double> s0 = default, s1 = default;
                    for (; i + 16 <= n; i += 16)
                    {
                        var ax0 = a * Vector512.Load(px + i);
                        var ax1 = a * Vector512.Load(px + i + 8);
                        var r0 = Vector512.FusedMultiplyAdd(-ax0, Vector512.Load(ph + i), Vector512.Load(pr + i));
                        var r1 = Vector512.FusedMultiplyAdd(-ax1, Vector512.Load(ph + i + 8), Vector512.Load(pr + i + 8));
                        Vector512.Store(r0, pr + i);
                        Vector512.Store(r1, pr + i + 8);
                        Vector512.Store(Vector512.Load(pd + i) + ax0, pd + i);
                        Vector512.Store(Vector512.Load(pd + i + 8) + ax1, pd + i + 8);
                        s0 = Vector512.FusedMultiplyAdd(Vector512.Load(pn + i), r0, s0);
                        s1 = Vector512.FusedMultiplyAdd(Vector512.Load(pn + i + 8), r1, s1);
                    }
                    dot = Vector512.Sum(s0 + s1);
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            unsafe
            {
                fixed (double* ph = h)
                fixed (double* px = x)
                fixed (double* pr = rho)
                fixed (double* pd = delta)
                fixed (double* pn = next)
                {
                    var a = Vector256.Create(step);
                    Vector256<double> s0 = default, s1 = default;
                    for (; i + 8 <= n; i += 8)
                    {
                        var ax0 = a * Vector256.Load(px + i);
                        var ax1 = a * Vector256.Load(px + i + 4);
                        var r0 = Vector256.FusedMultiplyAdd(-ax0, Vector256.Load(ph + i), Vector256.Load(pr + i));
                        var r1 = Vector256.FusedMultiplyAdd(-ax1, Vector256.Load(ph + i + 4), Vector256.Load(pr + i + 4));
                        Vector256.Store(r0, pr + i);
                        Vector256.Store(r1, pr + i + 4);
                        Vector256.Store(Vector256.Load(pd + i) + ax0, pd + i);
                        Vector256.Store(Vector256.Load(pd + i + 4) + ax1, pd + i + 4);
                        s0 = Vector256.FusedMultiplyAdd(Vector256.Load(pn + i), r0, s0);
                        s1 = Vector256.FusedMultiplyAdd(Vector256.Load(pn + i + 4), r1, s1);
                    }
                    dot = Vector256.Sum(s0 + s1);
                }
            }
        }
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
