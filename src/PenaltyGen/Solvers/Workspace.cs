using System;
using PenaltyGen.Data;
using PenaltyGen.Kernels;

namespace PenaltyGen.Solvers;

/// <summary>
/// The buffers of one fit or one whole path, allocated once: the design matrix (centred when the
/// intercept comes from centring, as scikit-learn's <c>_preprocess_data</c>), the target, column norms,
/// and the vectors the solvers update in place. Solvers allocate nothing per iteration.
/// </summary>
internal sealed class Workspace
{
    private readonly double[]? centred;
    private readonly Dataset data;

    public Workspace(Dataset data, bool centre, ReadOnlySpan<double> sampleWeights = default)
    {
        this.data = data;
        N = data.Rows;
        P = data.Columns;
        XMean = new double[P];
        Y = data.Target.ToArray();
        // scikit-learn's sample_weight: rescaled to sum to n, weighted means, then rows scaled by √s_i.
        double[]? weights = null;
        if (!sampleWeights.IsEmpty)
        {
            weights = sampleWeights.ToArray();
            var total = 0.0;
            foreach (var w in weights) total += w;
            for (var i = 0; i < N; i++) weights[i] *= N / total;
        }
        if (centre || weights is not null) centred = data.Features.ToArray();
        if (centre)
        {
            for (var j = 0; j < P; j++)
            {
                var col = centred.AsSpan(j * N, N);
                var mean = Mean(col, weights);
                XMean[j] = mean;
                for (var i = 0; i < N; i++) col[i] -= mean;
            }
            YMean = Mean(Y, weights);
            for (var i = 0; i < N; i++) Y[i] -= YMean;
        }
        if (weights is not null)
        {
            for (var i = 0; i < N; i++)
            {
                var root = Math.Sqrt(weights[i]);
                Y[i] *= root;
                for (var j = 0; j < P; j++) centred![j * N + i] *= root;
            }
        }
        Norms = new double[P];
        for (var j = 0; j < P; j++) Norms[j] = Blas.SquaredNorm(Column(j));
        YNorm2 = Blas.SquaredNorm(Y);
        W = new double[P];
        Residual = new double[N];
        Eta = new double[N];
        Gradient = new double[P];
        LossGradient = new double[P];
    }

    public int N { get; }

    public int P { get; }

    /// <summary>The design matrix the solver sees (column-major).</summary>
    public ReadOnlySpan<double> X => centred ?? data.Features;

    public ReadOnlySpan<double> Column(int j) => X.Slice(j * N, N);

    /// <summary>The target the solver sees (centred when the design is).</summary>
    public double[] Y { get; }

    public double[] XMean { get; }

    public double YMean { get; }

    public double YNorm2 { get; }

    /// <summary>‖X_j‖² of the design the solver sees.</summary>
    public double[] Norms { get; }

    public double[] W { get; }

    /// <summary>The intercept fitted jointly (non-quadratic losses); 0 in centred coordinates otherwise.</summary>
    public double B { get; set; }

    /// <summary>max_j |∇_j loss| at w = 0 (the relative KKT scale); NaN until first needed.</summary>
    public double GradientScale { get; set; } = double.NaN;

    /// <summary>σ_max(X)², FISTA's starting Lipschitz estimate; NaN until first needed.</summary>
    public double SquaredSpectralNorm { get; set; } = double.NaN;

    /// <summary>Whether <see cref="Residual"/> is y − Xw for the current W (the working-set solver keeps it between the fits of a path).</summary>
    public bool ResidualIsCurrent { get; set; }

    /// <summary>r = y − Xw (quadratic losses).</summary>
    public double[] Residual { get; }

    /// <summary>η = Xw + b (other losses).</summary>
    public double[] Eta { get; }

    public double[] Gradient { get; }

    /// <summary>∇loss(w), for the KKT certificate.</summary>
    public double[] LossGradient { get; }

    /// <summary>The working-set solver's state, kept across the fits of a path (made on first use).</summary>
    public ScreeningState Screening => screening ??= new ScreeningState(N, P);

    private ScreeningState? screening;

    /// <summary>Buffers only FISTA needs, made on its first use in this workspace.</summary>
    public FistaBuffers Fista => fista ??= new FistaBuffers(N, P);

    private FistaBuffers? fista;

    /// <summary>The mean, or with weights Σ s_i x_i / Σ s_i (numpy's <c>average</c>).</summary>
    private static double Mean(ReadOnlySpan<double> x, double[]? weights)
    {
        var s = 0.0;
        if (weights is null)
        {
            foreach (var v in x) s += v;
            return s / x.Length;
        }
        var total = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            s += weights[i] * x[i];
            total += weights[i];
        }
        return s / total;
    }
}

internal sealed class FistaBuffers(int n, int p)
{
    public double[] Previous { get; } = new double[p];
    public double[] Point { get; } = new double[p];
    public double[] Candidate { get; } = new double[p];
    public double[] EtaPrevious { get; } = new double[n];
    public double[] EtaPoint { get; } = new double[n];
    public double[] EtaCandidate { get; } = new double[n];
    public double[] Derivative { get; } = new double[n];
}

/// <summary>
/// What the working-set solver remembers between checks and between the fits of a path: the set, the inner
/// products c₀ = Xᵀr₀ of the last full pass with its residual r₀, and the previous α (for the strong rule).
/// </summary>
internal sealed class ScreeningState(int n, int p)
{
    public bool[] InSet { get; } = new bool[p];
    public int[] Members { get; } = new int[p];
    public int Count { get; set; }
    public double[] Cached { get; } = new double[p];
    public double[] CachedResidual { get; } = new double[n];
    public bool CacheValid { get; set; }
    public double PreviousAlpha { get; set; } = double.NaN;

    public void Add(int j)
    {
        if (InSet[j]) return;
        InSet[j] = true;
        Members[Count++] = j;
    }
}
