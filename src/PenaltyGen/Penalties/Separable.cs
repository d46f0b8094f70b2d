using System;
using System.ComponentModel;

namespace PenaltyGen.Penalties;

/// <summary>
/// Loops over the coordinates of a separable penalty that generated code calls. A generated penalty implements
/// <see cref="IPenalty"/> explicitly, so its own members reach one another through the type parameter, as solvers do.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Separable
{
    /// <summary>prox_{t·α·f·g}(v) of one coordinate: <see cref="IPenalty.Prox(double, double, in PenaltyParameters, double)"/>.</summary>
    public static double Prox<TPenalty>(double v, double t, in PenaltyParameters p, double factor) where TPenalty : struct, IPenalty =>
        TPenalty.Prox(v, t, p, factor);

    /// <summary>max_j dist(−∂_j loss, α·f_j·∂g(w_j)): the KKT residual of a separable penalty.</summary>
    public static double KktResidual<TPenalty>(ReadOnlySpan<double> w, ReadOnlySpan<double> lossGradient, in PenaltyParameters p, ReadOnlySpan<double> factors)
        where TPenalty : struct, IPenalty
    {
        var worst = 0.0;
        for (var j = 0; j < w.Length; j++)
            worst = Math.Max(worst, TPenalty.SubdifferentialDistance(w[j], lossGradient[j], p, factors.IsEmpty ? 1.0 : factors[j]));
        return worst;
    }
}
