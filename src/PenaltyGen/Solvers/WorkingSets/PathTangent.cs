using System;

namespace PenaltyGen.Solvers.WorkingSets;

/// <summary>
/// The move between the last two solutions of a path, kept for <see cref="MotionBasis"/>: each solver records its
/// solution (the coefficients in covariance mode, the residual in residual mode); the difference from the previous
/// record waits in <see cref="Vector"/> until a full pass can compute its products with every column.
/// </summary>
internal sealed class PathTangent(int length)
{
    private readonly double[] previous = new double[length];
    private bool recorded;

    /// <summary>The newest move (current − previous, or previous − current when recorded <c>reversed</c>).</summary>
    public double[] Vector { get; } = new double[length];

    /// <summary>Whether <see cref="Vector"/> holds a move not yet taken into the directions.</summary>
    public bool Pending { get; set; }

    /// <summary>Records a solution; with <paramref name="reversed"/> the move is stored as previous − current.</summary>
    public void Record(ReadOnlySpan<double> solution, bool reversed = false)
    {
        if (recorded)
        {
            var moved = false;
            for (var i = 0; i < solution.Length; i++)
            {
                Vector[i] = reversed ? previous[i] - solution[i] : solution[i] - previous[i];
                moved |= Vector[i] != 0;
            }
            Pending |= moved;
        }
        solution.CopyTo(previous);
        recorded = true;
    }
}
