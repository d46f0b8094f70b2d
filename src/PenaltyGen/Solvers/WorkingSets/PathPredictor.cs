using System;
using System.Runtime.InteropServices;

namespace PenaltyGen.Solvers.WorkingSets;

/// <summary>
/// Where a path's next fit starts. On a stretch of the lasso path over which the active set A and its signs s_A hold,
/// the solution solves X_AᵀX_A·w_A = X_Aᵀy − nα·a₁·F_A s_A: it is affine in α. So from the last two solutions,
/// w(α_k) and w(α_{k−1}), the next one is predicted as w(α_k) + t·(w(α_k) − w(α_{k−1})), t = (α − α_k)/(α_k − α_{k−1})
/// (with a ridge part, a₂ &gt; 0, the solution is no longer affine in α, only close to it over a grid step). A
/// penalized coefficient whose prediction crosses 0 stops at 0 (there the path takes it out of the set), and one at 0
/// stays there (the checks decide who joins). The engine keeps the predicted point only when it lowers the objective at
/// α, so a fit is certified exactly as before; it only starts closer.
/// </summary>
internal sealed class PathPredictor(int p)
{
    private double[] solution = new double[p];
    private double[] earlier = new double[p];
    private double solutionAlpha = double.NaN;
    private double earlierAlpha = double.NaN;

    /// <summary>The predicted coefficients of the set, in its order.</summary>
    public double[] Point { get; } = new double[p];

    /// <summary>The set's coefficients before the prediction, in its order.</summary>
    public double[] Old { get; } = new double[p];

    /// <summary>Records a fit's solution at α (the last two are kept).</summary>
    public void Record(ReadOnlySpan<double> w, double alpha)
    {
        (solution, earlier) = (earlier, solution);
        w.CopyTo(solution);
        (earlierAlpha, solutionAlpha) = (solutionAlpha, alpha);
    }

    /// <summary>
    /// Fills <see cref="Point"/> and <see cref="Old"/> for the set's features and returns how many there are, or 0 when
    /// there is nothing to predict: two solutions not recorded yet, α not continuing a decreasing sequence, w not (bit
    /// for bit) the last solution recorded (another solver or a caller moved it), or no coefficient that would move.
    /// </summary>
    public int Predict(ReadOnlySpan<double> w, double alpha, ReadOnlySpan<int> set, in SolverSettings s)
    {
        if (!(alpha < solutionAlpha && solutionAlpha < earlierAlpha)) return 0;
        if (!MemoryMarshal.Cast<double, long>(w).SequenceEqual(MemoryMarshal.Cast<double, long>(solution))) return 0;
        var t = (alpha - solutionAlpha) / (solutionAlpha - earlierAlpha);
        if (!double.IsFinite(t)) return 0;
        var moves = false;
        for (var i = 0; i < set.Length; i++)
        {
            var j = set[i];
            var current = w[j];
            var predicted = current == 0 ? 0.0 : current + t * (current - earlier[j]);
            if (!double.IsFinite(predicted)) predicted = current;
            else if (s.Factor(j) > 0 && predicted * current <= 0) predicted = 0.0;
            Old[i] = current;
            Point[i] = predicted;
            moves |= predicted != current;
        }
        return moves ? set.Length : 0;
    }
}
