using System;
using System.ComponentModel;

namespace PenaltyGen.Penalties;

/// <summary>
/// Loops over the coordinates (or groups) of a penalty that generated code calls. A generated penalty implements its
/// contracts explicitly, so its own members reach one another through the type parameter, as solvers do.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Separable
{
    /// <summary>prox_{t·α·f·h}(v) of one coordinate: <see cref="ISeparablePenalty.Prox(double, double, in PenaltyParameters, double)"/>.</summary>
    public static double Prox<TPenalty>(double v, double t, in PenaltyParameters p, double factor) where TPenalty : struct, ISeparablePenalty =>
        TPenalty.Prox(v, t, p, factor);

    /// <summary>max_j dist(−∂_j loss, α·f_j·∂g(w_j)): the KKT residual of a separable penalty.</summary>
    public static double KktResidual<TPenalty>(ReadOnlySpan<double> w, ReadOnlySpan<double> lossGradient, in PenaltyParameters p, ReadOnlySpan<double> factors)
        where TPenalty : struct, ISeparablePenalty
    {
        var worst = 0.0;
        for (var j = 0; j < w.Length; j++)
            worst = Math.Max(worst, TPenalty.SubdifferentialDistance(w[j], lossGradient[j], p, factors.IsEmpty ? 1.0 : factors[j]));
        return worst;
    }

    /// <summary>The vector prox of a block penalty: <see cref="IBlockPenalty.BlockProx"/> on each group (a run of adjacent features) in turn.</summary>
    public static void BlockProx<TPenalty>(Span<double> w, double t, in PenaltyParameters p, ReadOnlySpan<double> factors)
        where TPenalty : struct, IBlockPenalty
    {
        var groups = GroupShrinkage.GroupsOf(p);
        for (var start = 0; start < w.Length;)
        {
            var end = GroupShrinkage.RunEnd(groups, start, w.Length);
            TPenalty.BlockProx(w[start..end], t, p, factors.IsEmpty ? factors : factors[start..end]);
            start = end;
        }
    }
}
