using System;
using PenaltyGen.Losses;

namespace PenaltyGen.Solvers.Sparse;

/// <summary>
/// Everything a sparse fit or a whole sparse path works in, allocated once: the data as the loss sees it (X never copied,
/// never centred), the point (w, b, η = Xw + b), and the quadratic model's vectors. What a path carries from fit to fit is
/// the point itself, the model of a quadratic loss (its weights do not move) and the working set.
/// </summary>
internal sealed class SparseState
{
    public SparseState(SparseFeatures x, double[] y, double[]? weights, bool quadratic)
    {
        X = x;
        (N, P) = (x.RowCount, x.ColumnCount);
        Y = y;
        Weights = weights;
        Quadratic = quadratic;
        W = new double[P];
        (Means, Curvatures, HeldProducts, Gradient, Start) = (new double[P], new double[P], new double[P], new double[P], new double[P]);
        (Eta, Derivative, H, Working, Direction, EtaTrial) = (new double[N], new double[N], new double[N], new double[N], new double[N], new double[N]);
        InSet = new bool[P];
        (Set, Active) = (new int[P], new int[P]);
    }

    public SparseFeatures X { get; }

    public int N { get; }

    public int P { get; }

    /// <summary>The target as the loss reads it.</summary>
    public double[] Y { get; }

    /// <summary>s_i: least squares' rescaled to sum to n (scikit-learn's), another loss's as given; null: all 1.</summary>
    public double[]? Weights { get; }

    public double Weight(int i) => Weights is null ? 1.0 : Weights[i];

    /// <summary>Whether every h_i is 1 (least squares without weights): the steps then do not read h.</summary>
    public bool UnitWeights => Quadratic && Weights is null;

    /// <summary>Whether the loss is ½(y − η)²: its model is the loss itself, built once.</summary>
    public bool Quadratic { get; }

    public double[] W { get; }

    public double B { get; set; }

    /// <summary>η = Xw + b for the current (w, b).</summary>
    public double[] Eta { get; }

    /// <summary>g_i = s_i·ℓ'(y_i, η_i) at the model's centre (and at the last certificate).</summary>
    public double[] Derivative { get; }

    /// <summary>h_i = s_i·max(ℓ''(y_i, η_i), floor): the model's weights.</summary>
    public double[] H { get; }

    /// <summary>Σ h_i.</summary>
    public double HSum { get; set; }

    /// <summary>ρ'_i = −g_i − h_i·(XΔw)_i: the model's working residual before centring (the centring is implicit).</summary>
    public double[] Working { get; }

    /// <summary>Σ_i ρ'_i.</summary>
    public double WorkingSum { get; set; }

    /// <summary>(XΔw)_i of the model's step so far.</summary>
    public double[] Direction { get; }

    public double[] EtaTrial { get; }

    /// <summary>m_j = Σ h_i x_ij / Σ h_i (0 without an intercept): the model's implicit centring.</summary>
    public double[] Means { get; }

    /// <summary>a_j = Σ h_i (x_ij − m_j)² / n: the model's curvature along j.</summary>
    public double[] Curvatures { get; }

    /// <summary>Σ h_i x_ij over the stored entries (= m_j·Σh with an intercept).</summary>
    public double[] HeldProducts { get; }

    /// <summary>Whether the model's weights, means and curvatures are those of the quadratic loss (built once per state).</summary>
    public bool ModelIsFixed { get; set; }

    /// <summary>∇_j of the data term at the last certificate (the line search keeps the model's minimizer here meanwhile).</summary>
    public double[] Gradient { get; }

    /// <summary>w at the model's centre (the line search moves from it; the gap's products X̃ᵀr̃ are made here after it).</summary>
    public double[] Start { get; }

    /// <summary>
    /// The features the models sweep (<see cref="SetCount"/> of them): every one without screening; with it, those the strong
    /// rule, a non-zero coefficient or a KKT violation brought in — kept along a path.
    /// </summary>
    public int[] Set { get; }

    public bool[] InSet { get; }

    public int SetCount { get; set; }

    /// <summary>The set's non-zero features at its last whole sweep (<see cref="ActiveCount"/> of them): what the sweeps between cycle over.</summary>
    public int[] Active { get; }

    public int ActiveCount { get; private set; }

    /// <summary>α·a₁ of this state's last screened fit (the strong rule's previous level); NaN before the first.</summary>
    public double PreviousLevel { get; set; } = double.NaN;

    /// <summary>Collects the set's non-zero features into <see cref="Active"/>.</summary>
    public void CollectActive()
    {
        ActiveCount = 0;
        for (var k = 0; k < SetCount; k++)
        {
            if (W[Set[k]] != 0) Active[ActiveCount++] = Set[k];
        }
    }

    /// <summary>max_j |∇_j loss| at w = 0 and the null model: the scale of the relative KKT residual (NaN until computed).</summary>
    public double KktScale { get; set; } = double.NaN;

    /// <summary>Adds j to the working set if it is not there.</summary>
    public void Join(int j)
    {
        if (InSet[j]) return;
        InSet[j] = true;
        Set[SetCount++] = j;
    }

    /// <summary>The per-sample loss's weights as a loss sees them (least squares: rescaled to sum to n).</summary>
    public static double[]? LossWeights<TLoss>(ReadOnlySpan<double> given, int n) where TLoss : struct, ILoss
    {
        if (given.IsEmpty) return null;
        var weights = given.ToArray();
        if (!TLoss.IsQuadratic) return weights;
        var total = 0.0;
        foreach (var w in weights) total += w;
        for (var i = 0; i < weights.Length; i++) weights[i] *= n / total;
        return weights;
    }
}
