using System;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Kernels;

namespace PenaltyGen.Solvers;

/// <summary>
/// The data as the solvers see it, prepared once per fit or path and not changed after: the design matrix (centred when
/// the intercept comes from centring, as scikit-learn's <c>_preprocess_data</c>, and scaled by √s_i with sample
/// weights), the target, means, column norms and X_jᵀỹ, and a non-quadratic loss's per-sample weights.
/// With <c>deferCopy</c> (a path the working-set engine will run) the centred copy of X is only made if a solver asks
/// for <see cref="X"/>: both working-set modes work on the raw X and the means instead (<see cref="ImplicitCentring"/>),
/// which saves a write of the whole matrix and its memory. The deferred copy and the two memos
/// (<see cref="GradientScale"/>, <see cref="SquaredSpectralNorm"/>) are functions of the data alone, made on first use.
/// </summary>
internal sealed class PreparedData
{
    private double[]? centred;
    private readonly Dataset data;
    private readonly bool centre;
    private readonly double[]? weights;
    private readonly double[]? roots;

    public PreparedData(Dataset data, bool centre, ReadOnlySpan<double> sampleWeights = default, bool deferCopy = false, double[]? lossWeights = null)
    {
        LossWeights = lossWeights;
        this.data = data;
        N = data.Rows;
        P = data.Columns;
        Stride = N;
        XMean = new double[P];
        Y = PrepareTarget(data, centre, sampleWeights, out var yMean, out weights, out roots);
        this.centre = centre;
        YMean = yMean;
        Norms = new double[P];
        if ((centre || roots is not null) && deferCopy)
        {
            // Means and norms exactly as the copy would give them, each column prepared in a per-thread buffer.
            var source = data.FeatureMemory;
            ColumnSums = new double[P];
            TargetProducts = new double[P];
            var (n, means, norms, sums, products, target, w, sq) = (N, XMean, Norms, ColumnSums, TargetProducts, Y, weights, roots);
            Columns.ForEachRange(P, N, (from, to) =>
            {
                var column = new double[n];
                for (var j = from; j < to; j++)
                {
                    means[j] = Prepare(source.Span.Slice(j * n, n), column, centre, w, sq, out sums[j]);
                    norms[j] = Blas.SquaredNorm(column);
                    products[j] = Blas.Dot(column, target);
                }
            });
            // Implicit centring is exact algebra (X_cᵀX_c = XᵀX − n·m mᵀ, X_cᵀv = Xᵀv − m·Σv) but loses about
            // (|m_j|/σ_j)² of relative precision to cancellation: only columns whose mean is within 4 standard
            // deviations of 0 qualify (16 ulps at worst); otherwise the copy is made on first use.
            ImplicitCentring = centre && roots is null;
            for (var j = 0; j < P && ImplicitCentring; j++) ImplicitCentring = XMean[j] * XMean[j] <= 16 * Norms[j] / N;
        }
        else if (centre || roots is not null)
        {
            // One read and one write of X: each column is centred, scaled and measured while it sits in cache.
            var copy = GC.AllocateUninitializedArray<double>(data.Features.Length);
            var source = data.FeatureMemory;
            TargetProducts = new double[P];
            var (n, means, norms, products, target) = (N, XMean, Norms, TargetProducts, Y);
            Columns.ForEach(P, N, j =>
            {
                var column = copy.AsSpan(j * n, n);
                means[j] = Prepare(source.Span.Slice(j * n, n), column, centre, weights, roots);
                norms[j] = Blas.SquaredNorm(column);
                products[j] = Blas.Dot(column, target);
            });
            centred = copy;
        }
        else
        {
            TargetProducts = new double[P];
            for (var j = 0; j < P; j++)
            {
                Norms[j] = Blas.SquaredNorm(Column(j));
                TargetProducts[j] = Blas.Dot(Column(j), Y);
            }
        }
        YNorm2 = Blas.SquaredNorm(Y);
        ColumnNorms = Array.ConvertAll(Norms, Math.Sqrt);
    }

    public int N { get; }

    public int P { get; }

    /// <summary>The design matrix the solver sees (column-major); a deferred centred copy is made here on first use.</summary>
    public ReadOnlySpan<double> X => centred ?? (centre || roots is not null ? centred = Materialize() : data.Features);

    /// <summary>
    /// Whether the covariance solver may use the raw X (<see cref="Raw"/>) with the means instead of the centred
    /// copy: a deferred copy, centring without weights, and every column's mean within 4 standard deviations.
    /// </summary>
    public bool ImplicitCentring { get; }

    /// <summary>The data's own X, uncentred.</summary>
    public ReadOnlySpan<double> Raw => data.Features;

    /// <summary>
    /// r = y − X·w for the design the solvers see, and with <paramref name="u"/> also d = X·u, from one read of the
    /// non-zero columns. Under implicit centring from the raw columns: X_c w = Xw − (mᵀw)·1.
    /// </summary>
    public void ResidualOf(ReadOnlySpan<double> w, Span<double> r, ReadOnlySpan<double> u = default, Span<double> d = default)
    {
        Blas.Residual(Source, N, Stride, w, Y, r, u, d);
        if (!ImplicitCentring) return;
        double mw = 0, mu = 0;
        for (var j = 0; j < P; j++)
        {
            mw += XMean[j] * w[j];
            if (!u.IsEmpty) mu += XMean[j] * u[j];
        }
        for (var i = 0; i < N; i++) r[i] += mw;
        for (var i = 0; i < d.Length && !u.IsEmpty; i++) d[i] -= mu;
    }

    /// <summary>
    /// g_j = X_jᵀv (and g2_j = X_jᵀv2) for the listed columns of the design the solvers see (every column when the list
    /// is empty), one split pass over X. Under implicit centring from the raw columns: X_c,jᵀv = x_jᵀv − m_j·Σv.
    /// </summary>
    public void ProductsWith(ReadOnlySpan<double> v, Span<double> g, ReadOnlySpan<int> columns, ReadOnlySpan<double> v2 = default, Span<double> g2 = default)
    {
        Blas.GemvTransposed(Source, N, Stride, v, g, columns, v2, g2, parallel: true);
        if (!ImplicitCentring) return;
        var (sum, sum2) = (Blas.Sum(v), v2.IsEmpty ? 0.0 : Blas.Sum(v2));
        var count = columns.IsEmpty ? P : columns.Length;
        for (var k = 0; k < count; k++)
        {
            var j = columns.IsEmpty ? k : columns[k];
            g[j] -= XMean[j] * sum;
            if (!v2.IsEmpty) g2[j] -= XMean[j] * sum2;
        }
    }

    /// <summary>
    /// X_jᵀỹ of the prepared design and target, made from the same prepared column and the same kernel as
    /// <see cref="CorrelationsAtZero"/> (so bitwise n times its values: the α grid of a path and the covariance
    /// solver's q both come from here), while each column is in cache.
    /// </summary>
    public double[] TargetProducts { get; }

    /// <summary>Σ_i x_ij of the raw columns (with a deferred copy; empty otherwise).</summary>
    public double[] ColumnSums { get; } = [];

    /// <summary>Raw column j (implicit centring: X_c,j = x_j − m_j·1).</summary>
    public ReadOnlySpan<double> RawColumn(int j) =>
        aligned is not null && ImplicitCentring ? aligned.Span.Slice(j * Stride, N) : data.Features.Slice(j * N, N);

    /// <summary>
    /// The columns the working-set modes read (the raw X under implicit centring, the design otherwise): the aligned
    /// copy once <see cref="AlignColumns"/> has made it, column j at j·<see cref="Stride"/>.
    /// </summary>
    private ReadOnlySpan<double> Source => aligned is not null ? aligned.Span : ImplicitCentring ? Raw : X;

    /// <summary>The distance between the starts of two columns of <see cref="Source"/>: n, or n padded to whole 64-byte lines.</summary>
    public int Stride { get; private set; }

    private AlignedBuffer? aligned;

    /// <summary>
    /// Makes the working-set modes read their columns from a copy in which every column starts on a 64-byte boundary
    /// (each padded to whole lines): residual mode's coordinate steps read a column and read and write the residual,
    /// and a vector load that straddles two cache lines costs about two. The copy holds what
    /// <see cref="RawColumn"/> (implicit centring) or <see cref="Column"/> would give, value for value, so nothing
    /// computed from it changes; it costs one more copy of X in memory (the raw X under implicit centring is the
    /// user's, kept as it is). Made once; later calls return at once.
    /// </summary>
    public void AlignColumns()
    {
        var (n, stride) = (N, AlignedBuffer.Padded(N));
        // A design too large for one padded buffer keeps being read where it is.
        if (aligned is not null || (long)P * stride > Array.MaxLength - AlignedBuffer.Doubles) return;
        var copy = new AlignedBuffer((long)P * stride, zeroed: false);
        var source = data.FeatureMemory;
        var prepare = !ImplicitCentring && (centre || roots is not null);
        var (c, w, sq) = (centre, weights, roots);
        Columns.ForEach(P, N, j =>
        {
            var into = copy.Span.Slice(j * stride, stride);
            if (prepare) Prepare(source.Span.Slice(j * n, n), into[..n], c, w, sq);
            else source.Span.Slice(j * n, n).CopyTo(into);
            // The padding is never read (every kernel stops at n); it is zeroed so that no stale memory sits in the design.
            into[n..].Clear();
        });
        aligned = copy;
        Stride = stride;
    }

    private double[] Materialize()
    {
        var copy = GC.AllocateUninitializedArray<double>(data.Features.Length);
        var source = data.FeatureMemory;
        var (n, c, w, sq) = (N, centre, weights, roots);
        Columns.ForEach(P, N, j => Prepare(source.Span.Slice(j * n, n), copy.AsSpan(j * n, n), c, w, sq));
        return copy;
    }

    public ReadOnlySpan<double> Column(int j) =>
        aligned is not null && !ImplicitCentring ? aligned.Span.Slice(j * Stride, N) : X.Slice(j * N, N);

    /// <summary>The target the solver sees (centred when the design is).</summary>
    public double[] Y { get; }

    public double[] XMean { get; }

    public double YMean { get; }

    public double YNorm2 { get; }

    /// <summary>‖X_j‖² of the design the solver sees.</summary>
    public double[] Norms { get; }

    /// <summary>‖X_j‖ (the square roots of <see cref="Norms"/>): the Cauchy–Schwarz factor of every bound on X_jᵀr.</summary>
    public double[] ColumnNorms { get; }

    /// <summary>
    /// Per-sample weights of a non-quadratic loss, (1/n)·Σ s_i ℓ(y_i, η_i) (null: all 1). Least squares folds its
    /// weights into X and y instead.
    /// </summary>
    public double[]? LossWeights { get; }

    /// <summary>s_i (1 without weights).</summary>
    public double Weight(int i) => LossWeights is null ? 1.0 : LossWeights[i];

    /// <summary>Σ_i s_i (n without weights).</summary>
    public double WeightSum => LossWeights is null ? N : weightSum ??= Blas.Sum(LossWeights);

    /// <summary>max_i s_i (1 without weights).</summary>
    public double WeightMax => LossWeights is null ? 1.0 : weightMax ??= LossWeights.Max();

    private double? weightSum;
    private double? weightMax;

    /// <summary>max_j |∇_j loss| at w = 0 and the null model (the relative KKT scale): a memo, NaN until first computed.</summary>
    public double GradientScale { get; set; } = double.NaN;

    /// <summary>σ_max(X)², FISTA's starting Lipschitz estimate: a memo, NaN until first computed.</summary>
    public double SquaredSpectralNorm { get; set; } = double.NaN;

    /// <summary>
    /// c = X̃ᵀỹ/n for the design and target a workspace would hold (centred, weighted), without copying X:
    /// each column is prepared into a per-thread buffer exactly as the workspace would store it.
    /// </summary>
    public static double[] CorrelationsAtZero(Dataset data, bool centre, ReadOnlySpan<double> sampleWeights)
    {
        var y = PrepareTarget(data, centre, sampleWeights, out _, out var weights, out var roots);
        int n = data.Rows, p = data.Columns;
        var c = new double[p];
        var source = data.FeatureMemory;
        Columns.ForEachRange(p, n, (from, to) =>
        {
            var column = new double[n];
            for (var j = from; j < to; j++)
            {
                Prepare(source.Span.Slice(j * n, n), column, centre, weights, roots);
                c[j] = Blas.Dot(column, y) / n;
            }
        });
        return c;
    }

    /// <summary>
    /// scikit-learn's sample_weight: rescaled to sum to n, the target centred by the weighted mean and
    /// scaled by √s_i. Returns ỹ, with the mean, the rescaled weights and their roots (null without weights).
    /// </summary>
    private static double[] PrepareTarget(Dataset data, bool centre, ReadOnlySpan<double> sampleWeights,
        out double yMean, out double[]? weights, out double[]? roots)
    {
        var n = data.Rows;
        var y = data.Target.ToArray();
        weights = null;
        if (!sampleWeights.IsEmpty)
        {
            weights = sampleWeights.ToArray();
            var total = 0.0;
            foreach (var w in weights) total += w;
            for (var i = 0; i < n; i++) weights[i] *= n / total;
        }
        roots = weights is null ? null : Array.ConvertAll(weights, Math.Sqrt);
        yMean = centre ? Mean(y, weights) : 0.0;
        if (centre)
        {
            for (var i = 0; i < n; i++) y[i] -= yMean;
        }
        if (roots is not null)
        {
            for (var i = 0; i < n; i++) y[i] *= roots[i];
        }
        return y;
    }

    /// <summary>
    /// The design column as the solvers see it (scikit-learn's <c>_preprocess_data</c> with
    /// <c>sample_weight</c>): (x − mean)·√s_i. Returns the mean (0 without centring).
    /// </summary>
    internal static double Prepare(ReadOnlySpan<double> x, Span<double> into, bool centre, double[]? weights, double[]? roots) =>
        Prepare(x, into, centre, weights, roots, out _);

    /// <summary>The same, also giving Σx_i (unweighted; the mean is that sum / n).</summary>
    internal static double Prepare(ReadOnlySpan<double> x, Span<double> into, bool centre, double[]? weights, double[]? roots, out double sum)
    {
        sum = weights is null ? Blas.Sum(x) : 0.0;
        var mean = !centre ? 0.0 : weights is null ? sum / x.Length : Mean(x, weights);
        Blas.Shift(x, -mean, into);
        if (roots is not null)
        {
            for (var i = 0; i < x.Length; i++) into[i] *= roots[i];
        }
        return mean;
    }

    /// <summary>The mean, or with weights Σ s_i x_i / Σ s_i (numpy's <c>average</c>).</summary>
    private static double Mean(ReadOnlySpan<double> x, double[]? weights)
    {
        var s = 0.0;
        if (weights is null) return Blas.Sum(x) / x.Length;
        var total = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            s += weights[i] * x[i];
            total += weights[i];
        }
        return s / total;
    }
}
