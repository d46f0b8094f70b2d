using System;
using System.Runtime.CompilerServices;

namespace PenaltyGen.Solvers.WorkingSets;

/// <summary>
/// What every working-set solver carries from fit to fit of a path: the working set, a scratch list, the previous α
/// (for the sequential strong rule) and the inner products c₀ of the last full pass, which bound the products of the
/// features a check does not read.
/// </summary>
internal abstract class WorkingSetState(int p)
{
    /// <summary>The features the sweeps visit.</summary>
    public IndexList Set { get; } = new(p);

    /// <summary>A scratch list (the features a check reads exactly, or those waiting to join a cache).</summary>
    public IndexList Scratch { get; } = new(p);

    /// <summary>The α of the previous fit of the path (NaN before the first).</summary>
    public double PreviousAlpha { get; set; } = double.NaN;

    /// <summary>When each fit runs its next certificate (the gap's decay rate carries along the path).</summary>
    public CheckSchedule Schedule { get; } = new();

    /// <summary>
    /// The last two solutions of the path, from which the working-set engine predicts the next fit's start; made on first
    /// use (the proximal Newton solver, which shares this state, does not predict).
    /// </summary>
    public PathPredictor Predictor => predictor ??= new(p);

    private PathPredictor? predictor;

    /// <summary>c₀: the products of the last full pass.</summary>
    public double[] Cached { get; } = new double[p];

    /// <summary>Whether <see cref="Cached"/> holds a full pass.</summary>
    public bool CacheValid { get; set; }

    /// <summary>
    /// The products at w = 0 without a pass (a path's first fit): r is then the prepared target and X_jᵀr the prepared
    /// data's X_jᵀỹ, computed while it prepared the columns (bitwise what the α grid used). Fills the listed columns.
    /// </summary>
    public void SeedAtZero(PreparedData data, ReadOnlySpan<int> columns)
    {
        foreach (var j in columns) Cached[j] = data.TargetProducts[j];
    }

    /// <summary>The same for every column.</summary>
    public void SeedAtZero(PreparedData data) => data.TargetProducts.CopyTo(Cached, 0);

    /// <summary>
    /// The sequential strong rule's level (Tibshirani et al. 2012): a feature is a candidate for the fit at α when its
    /// product reaches level·f_j, level = scale·a₁·max(2α − α_prev, 0) (the first fit: α_prev = α); scale is n for
    /// products X_jᵀr, 1 for gradients.
    /// </summary>
    public double StrongLevel(double scale, double l1, double alpha)
    {
        var previous = double.IsNaN(PreviousAlpha) ? alpha : PreviousAlpha;
        return scale * l1 * Math.Max(2 * alpha - previous, 0);
    }
}

/// <summary>
/// A least-squares working-set state that also keeps the directions r recently moved in (<see cref="MotionBasis"/>):
/// the bound |X_jᵀr| ≤ |c₀_j − Σ z_a e_a,j| + ‖X_j‖·ρ splits the move since the last full pass along them (z, filled by
/// the mode's deviation) and applies Cauchy–Schwarz to the rest (norm ρ).
/// </summary>
internal abstract class BoundedState(int n, int p, int tangentLength) : WorkingSetState(p)
{
    public MotionBasis Motion { get; } = new(n, p);

    /// <summary>The sweeps' iterates for Anderson extrapolation; the image is what the mode keeps beside w (h or r).</summary>
    public Extrapolation Extrapolation { get; } = new(p, tangentLength);

    /// <summary>z of the last deviation: the move's coordinates along <see cref="Motion"/>.</summary>
    public double[] Coordinates { get; } = new double[MotionBasis.Slots];

    /// <summary>Σ_a z_a e_a,j of the last deviation (zero right after a full pass).</summary>
    public double[] Along { get; } = new double[p];

    /// <summary>The newest move of the path's solution, added to <see cref="Motion"/> at the next full pass.</summary>
    public PathTangent Tangent { get; } = new(tangentLength);

    /// <summary>X_jᵀd for the pending tangent's image d, filled by a full pass.</summary>
    public double[] TangentProducts { get; } = new double[p];

    /// <summary>Scratch for a scan of the bounds (<see cref="Bounds.Over"/>): the features it lists.</summary>
    public int[] ScanScratch { get; } = new int[p];

    /// <summary>
    /// The move of an n-space vector since the last full pass, <paramref name="cached"/> − <paramref name="current"/>
    /// (written to <paramref name="move"/>): fills <see cref="Coordinates"/> and <see cref="Along"/> with its part along
    /// the kept directions and returns ρ ≥ the norm of the rest, √(‖move‖² − ‖z‖²) widened against the cancellation.
    /// </summary>
    protected double Deviation(ReadOnlySpan<double> cached, ReadOnlySpan<double> current, Span<double> move)
    {
        var total = 0.0;
        for (var i = 0; i < current.Length; i++)
        {
            move[i] = cached[i] - current[i];
            total += move[i] * move[i];
        }
        var along = Motion.Project(move, Coordinates);
        Motion.Along(Coordinates, Along);
        return Math.Sqrt(Math.Max(total - along, 0.0) + Bounds.RoundingSlack * total);
    }

    /// <summary>|X_jᵀr| ≤ |c₀_j − Σ z_a e_a,j| + ‖X_j‖·ρ (<see cref="Bounds.Product"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Bound(int j, double norm, double rho) => Bounds.Product(Cached[j], Along[j], norm, rho);

    /// <summary>After a full pass: the cache is exact and the move since it is zero.</summary>
    public void Renewed()
    {
        Array.Clear(Coordinates);
        Array.Clear(Along);
        CacheValid = true;
    }
}
