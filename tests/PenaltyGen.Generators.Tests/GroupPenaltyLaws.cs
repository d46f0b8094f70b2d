using System;
using System.Linq;
using CsCheck;
using PenaltyGen.Penalties;
using Xunit;

namespace PenaltyGen.Generators.Tests;

/// <summary>The prox laws in vector form, for penalties with a group term (not separable).</summary>
public static class GroupPenaltyLaws<TPenalty> where TPenalty : struct, IPenalty
{
    private static readonly System.Collections.Immutable.ImmutableArray<int> Groups = [0, 0, 0, 1, 1, 2, 2, 2, 2];

    private static readonly Gen<(double[] V, double[] U, double T, double Alpha, double Ratio, bool Factors)> Inputs =
        Gen.Select(Gen.Double[-4, 4].Array[Groups.Length], Gen.Double[-4, 4].Array[Groups.Length], Gen.Double[0.01, 2], Gen.Double[0.01, 2], Gen.Double[0.05, 1], Gen.Bool);

    private static double[] FactorsFor(bool use) => use ? [.. Enumerable.Range(0, Groups.Length).Select(j => 0.5 + (j % 3) * 0.5)] : [];

    private static double[] Prox(double[] v, double t, in PenaltyParameters p, double[] factors)
    {
        var x = (double[])v.Clone();
        TPenalty.Prox(x, t, p, factors);
        return x;
    }

    public static void Check()
    {
        Inputs.Sample(s =>
        {
            var p = new PenaltyParameters(s.Alpha, s.Ratio) { Groups = Groups };
            var f = FactorsFor(s.Factors);
            var x = Prox(s.V, s.T, p, f);

            // Optimality of the prox point: 0 ∈ (x − v)/t + ∂(αg)(x), so the KKT residual with that gradient is 0.
            var gradient = x.Select((xi, i) => (xi - s.V[i]) / s.T).ToArray();
            var kkt = TPenalty.KktResidual(x, gradient, p, f);
            Assert.True(kkt <= 1e-9 * (1 + s.V.Max(Math.Abs) / s.T), $"KKT residual {kkt} at the prox point");

            // Firm non-expansiveness in the Euclidean norm.
            var y = Prox(s.U, s.T, p, f);
            double inner = 0, squared = 0;
            for (var i = 0; i < x.Length; i++)
            {
                inner += (x[i] - y[i]) * (s.V[i] - s.U[i]);
                squared += (x[i] - y[i]) * (x[i] - y[i]);
            }
            Assert.True(inner >= squared - 1e-12, "not firmly non-expansive");

            // Moreau: the envelope's derivative along d = u − v is ⟨v − P(v), d⟩.
            double Envelope(double[] v)
            {
                var px = Prox(v, s.T, p, f);
                var distance = 0.0;
                for (var i = 0; i < v.Length; i++) distance += (px[i] - v[i]) * (px[i] - v[i]);
                return 0.5 * distance + s.T * TPenalty.Value(px, p, f);
            }
            const double h = 1e-6;
            var d = s.U.Select((u, i) => u - s.V[i]).ToArray();
            var plus = s.V.Select((v, i) => v + h * d[i]).ToArray();
            var minus = s.V.Select((v, i) => v - h * d[i]).ToArray();
            var numeric = (Envelope(plus) - Envelope(minus)) / (2 * h);
            var exact = s.V.Select((v, i) => (v - x[i]) * d[i]).Sum();
            Assert.True(Math.Abs(numeric - exact) <= 1e-4 * (1 + Math.Abs(exact)), $"envelope derivative {numeric} vs {exact}");
        });

        // α_max: zero satisfies KKT at α_max and not just below.
        Gen.Select(Gen.Double[-3, 3].Array[Groups.Length], Gen.Double[0.05, 1], Gen.Bool).Sample((c, ratio, useFactors) =>
        {
            var f = FactorsFor(useFactors);
            var alphaMax = TPenalty.AlphaMax(c, new PenaltyParameters(1, ratio) { Groups = Groups }, f);
            var zero = new double[Groups.Length];
            var gradient = c.Select(v => -v).ToArray();
            Assert.True(TPenalty.KktResidual(zero, gradient, new PenaltyParameters(alphaMax * (1 + 1e-12), ratio) { Groups = Groups }, f) <= 1e-9);
            Assert.True(TPenalty.KktResidual(zero, gradient, new PenaltyParameters(alphaMax * 0.99, ratio) { Groups = Groups }, f) > 0);
        });
    }
}
