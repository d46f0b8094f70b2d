using System;

namespace PenaltyGen.Solvers.WorkingSets;

/// <summary>
/// Anderson extrapolation of coordinate-descent iterates (Bertrand and Massias 2021, the scheme skglm uses): a run of
/// sweeps over one working set is a fixed-point map w ← T(w); after <see cref="Depth"/> + 1 iterates x₀ … x_K with
/// differences u_k = x_{k+1} − x_k, the weights c = z / Σz for (UUᵀ)z = 1 minimize ‖Σ c_k u_k‖ subject to Σc = 1, and
/// the extrapolated point is w_e = Σ_k c_k x_{k+1}. The engine keeps w_e only when it lowers the objective, judged
/// from the exact image at w_e (h = X_Cᵀr or r, recomputed into <see cref="Image"/>). Buffers are sized once: nothing
/// is allocated per sweep.
/// </summary>
internal sealed class Extrapolation(int p, int imageLength)
{
    /// <summary>K, the differences per extrapolation (skglm's default; 3 to 10 behave alike in Bertrand and Massias).</summary>
    public const int Depth = 5;

    /// <summary>
    /// Added to UUᵀ's diagonal relative to its largest entry: keeps the elimination defined when the iterates span
    /// fewer than K directions (a map of lower dimension), too little to bias the weights.
    /// </summary>
    private const double Ridge = 1e-16;

    private readonly double[] iterates = new double[(Depth + 1) * p];
    private readonly double[] gram = new double[Depth * Depth];
    private readonly double[] weights = new double[Depth];
    private int count;
    private int width;
    private bool map;

    /// <summary>The extrapolated coefficients, in the working set's order (valid after <see cref="Combine"/>).</summary>
    public double[] Point { get; } = new double[p];

    /// <summary>Room for the mode's image at the extrapolated point.</summary>
    public double[] Image { get; } = new double[imageLength];

    /// <summary>
    /// The most runs of K + 1 iterates skipped after rejected extrapolations: where the point keeps failing to lower the
    /// objective (the map is far from linear, or already converged) its cost — an image at the point, about half a
    /// sweep — is paid once per 1 + 2 + 4 + … runs, at most once per <see cref="MaxBackoff"/> + 1.
    /// </summary>
    public const int MaxBackoff = 8;

    private int backoff;
    private int waiting;

    /// <summary>Whether K + 1 iterates of one map are held (and no back-off is pending).</summary>
    public bool Full => count == Depth + 1;

    /// <summary>The last point was kept: the next full run is extrapolated again.</summary>
    public void Accepted() => backoff = 0;

    /// <summary>The last point was not better: the next runs until the back-off (doubled, at most <see cref="MaxBackoff"/>) are skipped.</summary>
    public void Rejected()
    {
        backoff = Math.Min(2 * backoff + 1, MaxBackoff);
        waiting = backoff;
    }

    /// <summary>Forgets the iterates (the set, or the map, changed).</summary>
    public void Reset() => count = 0;

    /// <summary>The last iterate recorded, in the working set's order.</summary>
    public ReadOnlySpan<double> Last => iterates.AsSpan(Depth * p, width);

    /// <summary>
    /// Keeps w restricted to <paramref name="set"/>; a change of map (<paramref name="map"/>, e.g. whether the sweep
    /// visited the non-zero coefficients only) or of the set's length starts a new run.
    /// </summary>
    public void Record(ReadOnlySpan<int> set, ReadOnlySpan<double> w, bool map)
    {
        if (count > 0 && (set.Length != width || map != this.map)) count = 0;
        this.map = map;
        if (count == Depth + 1) count = 0;
        width = set.Length;
        var row = iterates.AsSpan(count * p, width);
        for (var i = 0; i < width; i++) row[i] = w[set[i]];
        count++;
        if (count == Depth + 1 && waiting > 0)
        {
            waiting--;
            count = 0;
        }
    }

    /// <summary>
    /// Fills <see cref="Point"/> with the extrapolation of the iterates held (which must be
    /// <see cref="Full"/>) and forgets them; false when UUᵀ is singular to working precision (the iterates stopped moving).
    /// </summary>
    public bool Combine()
    {
        count = 0;
        FillGram();
        if (!Solve()) return false;
        var point = Point.AsSpan(0, width);
        point.Clear();
        for (var k = 0; k < Depth; k++)
        {
            var c = weights[k];
            var x = iterates.AsSpan((k + 1) * p, width);
            for (var i = 0; i < width; i++) point[i] += c * x[i];
        }
        return true;
    }

    /// <summary>
    /// Keeps <see cref="Point"/> in the last iterate's orthant face: a penalized coordinate (factor &gt; 0; no factors:
    /// all) whose sign differs from the last iterate's, or that is 0 there, becomes 0. Within one face an l1-type
    /// penalty is smooth and a sweep is affine in w — the model the weights extrapolate; a coordinate carried across 0
    /// leaves it and mostly adds penalty. Unpenalized coordinates keep their extrapolated value.
    /// </summary>
    public void KeepInFace(ReadOnlySpan<int> set, ReadOnlySpan<double> factors)
    {
        var point = Point.AsSpan(0, width);
        var last = Last;
        for (var i = 0; i < width; i++)
        {
            if ((factors.IsEmpty || factors[set[i]] > 0) && !(point[i] * last[i] > 0)) point[i] = 0.0;
        }
    }

    /// <summary>UUᵀ, the upper triangle from one pass over the iterates, then mirrored.</summary>
    private void FillGram()
    {
        Array.Clear(gram);
        Span<double> u = stackalloc double[Depth];
        for (var i = 0; i < width; i++)
        {
            for (var k = 0; k < Depth; k++) u[k] = iterates[(k + 1) * p + i] - iterates[k * p + i];
            for (var a = 0; a < Depth; a++)
            {
                for (var b = a; b < Depth; b++) gram[a * Depth + b] += u[a] * u[b];
            }
        }
        for (var a = 0; a < Depth; a++)
        {
            for (var b = 0; b < a; b++) gram[a * Depth + b] = gram[b * Depth + a];
        }
    }

    /// <summary>
    /// (UUᵀ + ridge)z = 1 by Gaussian elimination with partial pivoting (in place on the Gram), then c = z / Σz. A zero
    /// pivot, or a Σz that is not a finite non-zero, means no usable weights.
    /// </summary>
    private bool Solve()
    {
        const int k = Depth;
        var scale = 0.0;
        for (var a = 0; a < k; a++) scale = Math.Max(scale, gram[a * k + a]);
        if (!(scale > 0) || !double.IsFinite(scale)) return false;
        weights.AsSpan().Fill(1.0);
        for (var a = 0; a < k; a++) gram[a * k + a] += Ridge * scale;
        for (var col = 0; col < k; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < k; row++)
            {
                if (Math.Abs(gram[row * k + col]) > Math.Abs(gram[pivot * k + col])) pivot = row;
            }
            if (gram[pivot * k + col] == 0) return false;
            if (pivot != col)
            {
                for (var c = 0; c < k; c++) (gram[col * k + c], gram[pivot * k + c]) = (gram[pivot * k + c], gram[col * k + c]);
                (weights[col], weights[pivot]) = (weights[pivot], weights[col]);
            }
            for (var row = col + 1; row < k; row++)
            {
                var m = gram[row * k + col] / gram[col * k + col];
                for (var c = col; c < k; c++) gram[row * k + c] -= m * gram[col * k + c];
                weights[row] -= m * weights[col];
            }
        }
        for (var row = k - 1; row >= 0; row--)
        {
            var s = weights[row];
            for (var c = row + 1; c < k; c++) s -= gram[row * k + c] * weights[c];
            weights[row] = s / gram[row * k + row];
        }
        var total = 0.0;
        foreach (var z in weights) total += z;
        if (!double.IsFinite(total) || total == 0) return false;
        for (var a = 0; a < k; a++) weights[a] /= total;
        return true;
    }
}
