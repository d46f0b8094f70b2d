using System;

namespace PenaltyGen.Solvers.Multinomial;

/// <summary>
/// The penalty of a multinomial fit, α·Σ_j f_j·g(β_j·) over the K coefficients β_j· of each feature, from an elastic-net
/// shape (a₁, a₂, x ≥ 0): ungrouped, g = Σ_k a₁|β_kj| + ½a₂β_kj² (scikit-learn's and glmnet's default); grouped (glmnet's
/// <c>type.multinomial = "grouped"</c>), g = a₁‖β_j·‖₂ + ½a₂‖β_j·‖₂², which keeps or drops a feature for every class at once.
/// </summary>
internal readonly record struct MultinomialPenalty(double Alpha, double A1, double A2, bool Positive, bool Grouped, double[]? Factors)
{
    public double L1 => Alpha * A1;

    public double L2 => Alpha * A2;

    public double Factor(int j) => Factors is null ? 1.0 : Factors[j];

    /// <summary>The penalty of coefficients B (K×p, class-major).</summary>
    public double Value(ReadOnlySpan<double> w, int p)
    {
        var classes = w.Length / p;
        var total = 0.0;
        for (var j = 0; j < p; j++)
        {
            double abs = 0, squares = 0;
            for (var k = 0; k < classes; k++)
            {
                abs += Math.Abs(w[k * p + j]);
                squares += w[k * p + j] * w[k * p + j];
            }
            total += Factor(j) * ((Grouped ? L1 * Math.Sqrt(squares) : L1 * abs) + 0.5 * L2 * squares);
        }
        return total;
    }

    /// <summary>
    /// max over the classes of dist(−∇_kj, ∂_kj penalty) (ungrouped), or ‖·‖₂ of the group's distance (grouped): 0 exactly
    /// where feature j satisfies the optimality conditions. <paramref name="g"/> and <paramref name="w"/> are class-major K×p.
    /// </summary>
    public double Residual(ReadOnlySpan<double> g, ReadOnlySpan<double> w, int p, int j)
    {
        var classes = w.Length / p;
        var (l1, l2) = (L1 * Factor(j), L2 * Factor(j));
        if (!Grouped)
        {
            var worst = 0.0;
            for (var k = 0; k < classes; k++) worst = Math.Max(worst, CoordinateResidual(g, w, p, k, j));
            return worst;
        }
        double norm = 0, zNorm = 0;
        for (var k = 0; k < classes; k++)
        {
            norm += w[k * p + j] * w[k * p + j];
            var z = -g[k * p + j] - l2 * w[k * p + j];
            zNorm += z * z;
        }
        if (norm == 0) return Math.Max(Math.Sqrt(zNorm) - l1, 0);
        norm = Math.Sqrt(norm);
        var distance = 0.0;
        for (var k = 0; k < classes; k++)
        {
            var d = -g[k * p + j] - l2 * w[k * p + j] - l1 * w[k * p + j] / norm;
            distance += d * d;
        }
        return Math.Sqrt(distance);
    }

    /// <summary>dist(−∇_kj, ∂_kj penalty) of one coefficient (the ungrouped penalty).</summary>
    public double CoordinateResidual(ReadOnlySpan<double> g, ReadOnlySpan<double> w, int p, int k, int j)
    {
        var (l1, l2) = (L1 * Factor(j), L2 * Factor(j));
        var (wk, z) = (w[k * p + j], -g[k * p + j] - l2 * w[k * p + j]);
        return wk > 0 ? Math.Abs(z - l1) : wk < 0 ? Math.Abs(z + l1) : Positive ? Math.Max(z - l1, 0) : Math.Max(Math.Abs(z) - l1, 0);
    }

    /// <summary>How strongly feature j's gradient pulls it off zero: max_k |∇_kj| (ungrouped), ‖∇_j·‖₂ (grouped).</summary>
    public double Pull(ReadOnlySpan<double> g, int p, int j)
    {
        var classes = g.Length / p;
        double max = 0, squares = 0;
        for (var k = 0; k < classes; k++)
        {
            max = Math.Max(max, Math.Abs(g[k * p + j]));
            squares += g[k * p + j] * g[k * p + j];
        }
        return Grouped ? Math.Sqrt(squares) : max;
    }

    /// <summary>The ungrouped coordinate minimizer: argmin_β ½c(β − v/c)² + l1·f|β| + ½l2·fβ² = S(v, l1 f)/(c + l2 f), ≥ 0 if constrained.</summary>
    public double Coordinate(double v, double c, int j)
    {
        var f = Factor(j);
        // Exactly +0 inside the threshold (not −0: a zero coefficient prints and saves as 0).
        if (Math.Abs(v) <= L1 * f) return 0.0;
        var shrunk = Math.Sign(v) * (Math.Abs(v) - L1 * f) / (c + L2 * f);
        return Positive ? Math.Max(shrunk, 0) : shrunk;
    }

    /// <summary>The grouped block minimizer's factor: β = v·max(0, 1 − l1 f/‖v‖)/(c + l2 f).</summary>
    public double BlockScale(double vNorm, double c, int j)
    {
        var f = Factor(j);
        return vNorm > L1 * f ? (1 - L1 * f / vNorm) / (c + L2 * f) : 0.0;
    }
}
