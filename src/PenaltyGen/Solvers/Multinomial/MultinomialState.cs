using System;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Solvers.WorkingSets;

namespace PenaltyGen.Solvers.Multinomial;

/// <summary>
/// Everything a multinomial fit keeps, shared by the fits of a path (warm starts): the coefficients B (K×p, class-major:
/// β_kj at k·p + j), the intercepts, η and the probabilities (class-major n-vectors), each row's log Σ e^η, the gradient of
/// the data term at the last certificate, the model's buffers, and the working set (<see cref="WorkingSetState"/>).
/// </summary>
internal sealed class MultinomialState : WorkingSetState
{
    public MultinomialState(Dataset data, double[] codes, double[]? weights, int classes, bool grouped) : base(data.Columns)
    {
        var p = data.Columns;
        Sets = new IndexList[grouped ? 1 : classes];
        for (var s = 0; s < Sets.Length; s++) Sets[s] = new IndexList(p);
        SparseX = data.Sparse;
        X = data.IsSparse ? ReadOnlyMemory<double>.Empty : data.FeatureMemory;
        Codes = codes;
        Weights = weights;
        N = codes.Length;
        P = p;
        K = classes;
        W = new double[classes * p];
        B = new double[classes];
        Eta = new double[classes * N];
        Probabilities = new double[classes * N];
        LogSums = new double[N];
        Gradient = new double[classes * p];
        InterceptGradient = new double[classes];
        Slope = new double[N];
        Curvature = new double[N];
        Working = new double[classes * N];
        Direction = new double[classes * N];
        Trial = new double[classes * N];
        Start = new double[classes * p];
        StartIntercepts = new double[classes];
        ClassSteps = new double[classes];
        FeatureCurvature = new double[p];
    }

    /// <summary>Dense features, column-major (the dataset's own storage, not a copy); empty when they are sparse.</summary>
    public ReadOnlyMemory<double> X { get; }

    /// <summary>Sparse features (the dataset's own), or null: every column operation below reads only their stored entries.</summary>
    public SparseFeatures? SparseX { get; }

    /// <summary>The working sets: one per class (ungrouped: the coefficients swept), or one of features (grouped).</summary>
    public IndexList[] Sets { get; }

    /// <summary>Each row's class, 0 … K − 1.</summary>
    public double[] Codes { get; }

    /// <summary>s: the sample weights as given (null: all 1).</summary>
    public double[]? Weights { get; }

    public int N { get; }

    public int P { get; }

    public int K { get; }

    public double[] W { get; }

    public double[] B { get; }

    public double[] Eta { get; }

    public double[] Probabilities { get; }

    public double[] LogSums { get; }

    /// <summary>∇_{β_kj} of the data term at the last certificate (class-major), and ∂/∂b_k.</summary>
    public double[] Gradient { get; }

    public double[] InterceptGradient { get; }

    /// <summary>d = s∘(p_k − y_k)/n of one class (its products with X are that class's gradient).</summary>
    public double[] Slope { get; }

    /// <summary>The model's weights h (a class's s∘p(1 − p)/n, or the grouped model's common bound).</summary>
    public double[] Curvature { get; }

    /// <summary>ρ = −s∘(p − y)/n − h∘Δη of each class: the model's working residual.</summary>
    public double[] Working { get; }

    /// <summary>Δη of the model's step so far (class-major).</summary>
    public double[] Direction { get; }

    public double[] Trial { get; }

    public double[] Start { get; }

    public double[] StartIntercepts { get; }

    /// <summary>The model's step of each class's intercept.</summary>
    public double[] ClassSteps { get; }

    /// <summary>Σ_i h_i x_ij² of the current model, per feature (read on the model's first sweep).</summary>
    public double[] FeatureCurvature { get; }

    /// <summary>The KKT residual's scale: max |∇ data term| at the null model.</summary>
    public double Scale { get; set; } = double.NaN;

    /// <summary>Σ_i s_i ℓ(y_i, η_i) at the current coefficients.</summary>
    public double Loss { get; set; }

    /// <summary>Whether <see cref="Gradient"/> and <see cref="InterceptGradient"/> belong to the current coefficients.</summary>
    public bool Certified { get; set; }

    public double Weight(int i) => Weights is null ? 1.0 : Weights[i];

    /// <summary>x_jᵀv.</summary>
    public double Dot(int j, ReadOnlySpan<double> v) =>
        SparseX is { } x ? SparseBlas.Dot(x.RowsOf(j), x.ValuesOf(j), v) : Blas.Dot(X.Span.Slice(j * N, N), v);

    /// <summary>A coordinate step Δ of feature j in a model: ρ −= Δ·h∘x_j, Δη += Δ·x_j (h = <see cref="Curvature"/>).</summary>
    public void NewtonStep(int j, double delta, Span<double> rho, Span<double> direction)
    {
        if (SparseX is { } x)
        {
            SparseBlas.ScatterAdd(-delta, x.RowsOf(j), x.ValuesOf(j), rho, Curvature);
            SparseBlas.ScatterAdd(delta, x.RowsOf(j), x.ValuesOf(j), direction, default);
            return;
        }
        Blas.NewtonStep(delta, Curvature, X.Span.Slice(j * N, N), rho, direction);
    }

    /// <summary>Σ_i h_i x_ij² of the current model (h = <see cref="Curvature"/>).</summary>
    public double WeightedSquare(int j)
    {
        if (SparseX is not { } x)
        {
            var column = X.Span.Slice(j * N, N);
            return Blas.DotAndWeightedSquaredNorm(column, column, Curvature).WeightedNorm;
        }
        var rows = x.RowsOf(j);
        var values = x.ValuesOf(j);
        var square = 0.0;
        for (var k = 0; k < rows.Length; k++) square += Curvature[rows[k]] * values[k] * values[k];
        return square;
    }

    /// <summary>g_j = x_jᵀ<see cref="Slope"/> for the listed features (all when empty).</summary>
    private void Products(Span<double> g, ReadOnlySpan<int> columns)
    {
        if (SparseX is not { } x)
        {
            Blas.GemvTransposed(X.Span, N, Slope, g, columns, default, default, parallel: true);
            return;
        }
        var count = columns.IsEmpty ? P : columns.Length;
        for (var k = 0; k < count; k++)
        {
            var j = columns.IsEmpty ? k : columns[k];
            g[j] = SparseBlas.Dot(x.RowsOf(j), x.ValuesOf(j), Slope);
        }
    }

    /// <summary>η = XB + b for every class, then the probabilities and log-sums; returns Σ s_i ℓ_i.</summary>
    public double Refresh()
    {
        for (var k = 0; k < K; k++)
        {
            var eta = Eta.AsSpan(k * N, N);
            if (SparseX is { } x) SparseBlas.Gemv(x, W.AsSpan(k * P, P), eta);
            else Blas.Gemv(X.Span, N, W.AsSpan(k * P, P), eta);
            for (var i = 0; i < N; i++) eta[i] += B[k];
        }
        return Loss = Softmax.Probabilities(Eta, Codes, Weights, Probabilities, LogSums);
    }

    /// <summary>d = s∘(p_k − [y = k])/n for class k, into <see cref="Slope"/>; returns Σ d (the intercept's gradient).</summary>
    public double ClassSlope(int k)
    {
        var sum = 0.0;
        for (var i = 0; i < N; i++)
        {
            Slope[i] = Weight(i) * (Probabilities[k * N + i] - (Codes[i] == k ? 1.0 : 0.0)) / N;
            sum += Slope[i];
        }
        return sum;
    }

    /// <summary>The data term's gradient for the listed features (all when empty), every class, and the intercepts'.</summary>
    public void GradientAt(ReadOnlySpan<int> columns)
    {
        for (var k = 0; k < K; k++)
        {
            InterceptGradient[k] = ClassSlope(k);
            Products(Gradient.AsSpan(k * P, P), columns);
        }
    }

    /// <summary>Class k's gradient for the listed features (none when the list is empty) and its intercept's.</summary>
    public void GradientAt(int k, ReadOnlySpan<int> columns)
    {
        InterceptGradient[k] = ClassSlope(k);
        if (!columns.IsEmpty) Products(Gradient.AsSpan(k * P, P), columns);
    }
}
