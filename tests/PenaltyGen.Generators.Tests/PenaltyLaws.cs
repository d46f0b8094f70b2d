using System;
using CsCheck;
using PenaltyGen.Penalties;
using Xunit;

namespace PenaltyGen.Generators.Tests;

/// <summary>
/// The laws every generated penalty must satisfy, as one reusable check (LanguageExt's law style).
/// φ = α·f·g₁ is the part the prox handles (everything but smooth user terms); P(v) = prox_{tφ}(v).
/// </summary>
public static class PenaltyLaws<TPenalty> where TPenalty : struct, ISeparablePenalty
{
    private static readonly Gen<(double V, double T, double Alpha, double Factor, double Ratio)> Inputs =
        Gen.Select(Gen.Double[-6, 6], Gen.Double[0.01, 3], Gen.Double[0, 3], Gen.Double[0, 2], Gen.Double[0.05, 1]);

    /// <summary>
    /// Checks every law; <paramref name="hasSmoothTerms"/> skips those that compare the prox with <c>Value</c>;
    /// <paramref name="concave"/> (MCP, SCAD) replaces firm non-expansiveness, which a nonconvex prox does not have, by its
    /// Lipschitz bound where the prox problem is convex.
    /// </summary>
    public static void Check(bool hasSmoothTerms = false, bool concave = false)
    {
        if (!hasSmoothTerms)
        {
            ProxIsOptimal();
            MoreauEnvelopeGradient();
            CoordinateMinimizerIsTheScaledProx();
            AlphaMaxIsTheThreshold();
        }
        if (concave) LipschitzWhereConvex();
        else FirmlyNonExpansive();
        KktResidualVanishesAtTheProx();
        VectorProxIsTheScalarProx();
    }

    private static double Phi(double x, in PenaltyParameters p, double f) => TPenalty.Value([x], p, [f]);

    /// <summary>h(P(v)) ≤ h(x) for the brute-force minimizer and for neighbours, h(x) = ½(x − v)² + t·φ(x).</summary>
    public static void ProxIsOptimal() => Inputs.Sample(s =>
    {
        var p = new PenaltyParameters(s.Alpha, s.Ratio);
        double H(double x) => 0.5 * (x - s.V) * (x - s.V) + s.T * Phi(x, p, s.Factor);
        var x = TPenalty.Prox(s.V, s.T, p, s.Factor);
        var best = BruteForceMinimum(H, Math.Min(0, s.V) - 1, Math.Max(0, s.V) + 1);
        var tol = 1e-10 * (1 + Math.Abs(H(x)));
        Assert.True(double.IsFinite(H(x)), $"prox left the feasible set: P({s.V}) = {x}");
        Assert.True(H(x) <= H(best) + tol, $"P({s.V}) = {x} is worse than {best}: {H(x)} > {H(best)}");
        Assert.True(H(x) <= H(x + 1e-6) + tol && H(x) <= H(x - 1e-6) + tol, $"P({s.V}) = {x} is not a local minimum");
    });

    /// <summary>
    /// Moreau: the envelope M(v) = min_x ½(x − v)² + tφ(x) has gradient v − P(v). Checked against M's one-sided
    /// differences, which bracket it: where P is smooth they are M'(v) ∓ hM''/2; at a point where P has a corner (the
    /// regimes of MCP and SCAD meet) M' has a corner too, and where a nonconvex prox jumps (t above the convexity bound)
    /// M itself has one, with v − P(v) one of its one-sided slopes — points CsCheck's generator hits (it favours round
    /// values), where a central difference is off by O(h·M'') or more.
    /// </summary>
    public static void MoreauEnvelopeGradient() => Inputs.Sample(s =>
    {
        var p = new PenaltyParameters(s.Alpha, s.Ratio);
        double M(double v)
        {
            var x = TPenalty.Prox(v, s.T, p, s.Factor);
            return 0.5 * (x - v) * (x - v) + s.T * Phi(x, p, s.Factor);
        }
        const double h = 1e-5;
        var (left, right) = ((M(s.V) - M(s.V - h)) / h, (M(s.V + h) - M(s.V)) / h);
        var exact = s.V - TPenalty.Prox(s.V, s.T, p, s.Factor);
        var tol = 1e-5 * (1 + Math.Abs(exact));
        Assert.True(exact >= Math.Min(left, right) - tol && exact <= Math.Max(left, right) + tol,
            $"∇M({s.V}) is between {left} and {right}, v − P(v) = {exact}");
    });

    /// <summary>(P(u) − P(v))(u − v) ≥ (P(u) − P(v))², which implies |P(u) − P(v)| ≤ |u − v|.</summary>
    public static void FirmlyNonExpansive() => Gen.Select(Inputs, Gen.Double[-6, 6]).Sample(s =>
    {
        var ((v, t, alpha, f, ratio), u) = s;
        var p = new PenaltyParameters(alpha, ratio);
        var d = TPenalty.Prox(u, t, p, f) - TPenalty.Prox(v, t, p, f);
        Assert.True(d * (u - v) >= d * d - 1e-12, $"not firmly non-expansive at u = {u}, v = {v}");
        Assert.True(Math.Abs(d) <= Math.Abs(u - v) + 1e-12);
    });

    /// <summary>
    /// A concave penalty's prox at step t is the minimizer of ½(x − v)²/t + φ(x), convex when t·κ &lt; 1 (κ the concavity):
    /// there |P(u) − P(v)| ≤ |u − v|/(1 − t·κ) (firm thresholding's slope), and P is monotone.
    /// </summary>
    public static void LipschitzWhereConvex() => Gen.Select(Inputs, Gen.Double[-6, 6]).Sample(s =>
    {
        var ((v, t, alpha, f, ratio), u) = s;
        var p = new PenaltyParameters(alpha, ratio);
        var kappa = TPenalty.Concavity(p, f);
        if (!(t * kappa < 0.99)) return;
        var d = TPenalty.Prox(u, t, p, f) - TPenalty.Prox(v, t, p, f);
        Assert.True(d * (u - v) >= -1e-12, $"not monotone at u = {u}, v = {v}");
        Assert.True(Math.Abs(d) <= Math.Abs(u - v) / (1 - t * Math.Max(kappa, 0)) + 1e-12, $"not (1 − tκ)⁻¹-Lipschitz at u = {u}, v = {v}");
    });

    /// <summary>
    /// x = P(v) satisfies 0 ∈ (x − v)/t + ∂φ(x), so with a loss whose gradient at x is (x − v)/t minus
    /// the smooth terms' gradient, the emitted KKT residual (which adds that gradient back) is zero.
    /// </summary>
    public static void KktResidualVanishesAtTheProx() => Inputs.Sample(s =>
    {
        var p = new PenaltyParameters(s.Alpha, s.Ratio);
        var x = TPenalty.Prox(s.V, s.T, p, s.Factor);
        var smooth = new double[1];
        TPenalty.AddSmoothGradient([x], p, [s.Factor], smooth);
        var residual = TPenalty.SubdifferentialDistance(x, (x - s.V) / s.T - smooth[0], p, s.Factor);
        Assert.True(residual <= 1e-9 * (1 + Math.Abs(s.V) / s.T), $"KKT residual {residual} at x = P({s.V}) = {x}");
    });

    /// <summary>argmin ½ax² − zx + φ(x) = prox_{φ/a}(z/a).</summary>
    public static void CoordinateMinimizerIsTheScaledProx() => Gen.Select(Inputs, Gen.Double[0.05, 4]).Sample(s =>
    {
        var ((z, _, alpha, f, ratio), a) = s;
        var p = new PenaltyParameters(alpha, ratio);
        var expected = TPenalty.Prox(z / a, 1 / a, p, f);
        var actual = TPenalty.CoordinateMinimizer(z, a, 0.3, p, f);
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * (1 + Math.Abs(expected)), $"{actual} vs {expected}");
    });

    /// <summary>The SIMD vector prox, with and without factors, equals the scalar prox element by element.</summary>
    public static void VectorProxIsTheScalarProx() => Gen.Select(Gen.Double[-5, 5].Array[1, 37], Gen.Double[0.01, 2], Gen.Double[0, 2], Gen.Double[0.05, 1]).Sample(s =>
    {
        var (v, t, alpha, ratio) = s;
        var p = new PenaltyParameters(alpha, ratio);
        var factors = new double[v.Length];
        for (var j = 0; j < v.Length; j++) factors[j] = (j % 3) * 0.5;
        var plain = (double[])v.Clone();
        var weighted = (double[])v.Clone();
        TPenalty.Prox(plain, t, p, ReadOnlySpan<double>.Empty);
        TPenalty.Prox(weighted, t, p, factors);
        for (var j = 0; j < v.Length; j++)
        {
            Assert.Equal(TPenalty.Prox(v[j], t, p, 1.0), plain[j], 1e-14);
            Assert.Equal(TPenalty.Prox(v[j], t, p, factors[j]), weighted[j], 1e-14);
        }
    });

    /// <summary>At α_max zero satisfies KKT for every coordinate; just below it, it does not.</summary>
    public static void AlphaMaxIsTheThreshold() => Gen.Select(Gen.Double[-3, 3].Array[1, 12], Gen.Double[0.05, 1]).Sample(s =>
    {
        var (c, ratio) = s;
        var alphaMax = TPenalty.AlphaMax(c, new PenaltyParameters(1, ratio), ReadOnlySpan<double>.Empty);
        if (!double.IsFinite(alphaMax) || alphaMax == 0) return;
        double WorstResidual(double alpha)
        {
            var worst = 0.0;
            foreach (var cj in c) worst = Math.Max(worst, TPenalty.SubdifferentialDistance(0, -cj, new PenaltyParameters(alpha, ratio), 1.0));
            return worst;
        }
        Assert.True(WorstResidual(alphaMax * (1 + 1e-12)) <= 1e-12, "zero is not optimal at α_max");
        Assert.True(WorstResidual(alphaMax * 0.99) > 0, "zero is still optimal below α_max");
    });

    /// <summary>A coarse grid, then golden-section refinement around its best point (h is convex).</summary>
    private static double BruteForceMinimum(Func<double, double> h, double lo, double hi)
    {
        const int n = 2000;
        var best = lo;
        for (var i = 0; i <= n; i++)
        {
            var x = lo + (hi - lo) * i / n;
            if (h(x) < h(best)) best = x;
        }
        double a = best - (hi - lo) / n, b = best + (hi - lo) / n;
        var g = (Math.Sqrt(5) - 1) / 2;
        for (var k = 0; k < 100; k++)
        {
            double c = b - g * (b - a), d = a + g * (b - a);
            if (h(c) <= h(d)) b = d;
            else a = c;
        }
        var mid = (a + b) / 2;
        return h(mid) < h(best) ? mid : best;
    }
}
