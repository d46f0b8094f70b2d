using System;
using PenaltyGen.Kernels;

namespace PenaltyGen.Solvers.WorkingSets;

/// <summary>
/// Covariance mode's path state: besides the set, c₀ = Xᵀr₀ and the bounds' directions (<see cref="BoundedState"/>), the
/// cache C of features with G = X_CᵀX_C (row-major, stride <see cref="Capacity"/>), q = X_Cᵀy and h = X_Cᵀr, the
/// coefficients w₀ of the last full pass, and what the rent-or-buy rule reads (the passes' cost, recent rates). The cache
/// only grows; its storage doubles when full (a path allocates it a handful of times).
/// </summary>
internal sealed class CovarianceState : BoundedState
{
    private readonly int p;

    public CovarianceState(int n, int p) : base(n, p, p)
    {
        this.p = p;
        TangentImage = new double[n];
        Slot = new int[p];
        Array.Fill(Slot, -1);
        Members = new int[p];
        CachedW = new double[p];
        Face = new FaceNewton(n, p);
        Grow(Math.Min(p, 64));
    }

    /// <summary>The Newton steps on the face, with the cache's Gram products (<see cref="GramHessian"/>).</summary>
    public FaceNewton Face { get; }

    /// <summary>Position of feature j in the cache, or −1.</summary>
    public int[] Slot { get; }

    public int[] Members { get; }

    public int Count { get; private set; }

    public int Capacity { get; private set; }

    public double[] G { get; private set; } = [];

    public double[] Q { get; private set; } = [];

    public double[] H { get; private set; } = [];

    /// <summary>Scratch of length <see cref="Capacity"/> for G·Δw.</summary>
    private double[] product = [];

    public Span<double> HSpan => H.AsSpan(0, Count);

    public ReadOnlySpan<double> Row(int k) => G.AsSpan(k * Capacity, Count);

    /// <summary>w₀: the coefficients the last full pass was taken at.</summary>
    public double[] CachedW { get; }

    /// <summary>What the full passes so far cost, in flops of the Gram kernel (see CovarianceMode's rent-or-buy rule).</summary>
    public double PassCost { get; set; }

    /// <summary>Full passes made in this workspace.</summary>
    public int Passes { get; set; }

    /// <summary>Fits started in this workspace.</summary>
    public int Fits { get; private set; }

    /// <summary>Fits the recent pass rate is measured over.</summary>
    public const int Window = 10;

    private readonly int[] passesAtFit = new int[Window];
    private readonly int[] activeAtFit = new int[Window];
    private readonly double[] lossAtFit = new double[Window];

    /// <summary>‖r‖² at the end of the last fit (NaN before one ended).</summary>
    public double LastLoss { get; set; } = double.NaN;

    /// <summary>Marks the start of a fit with <paramref name="active"/> non-zero coefficients (for the recent rates).</summary>
    public void StartFit(int active)
    {
        passesAtFit[Fits % Window] = Passes;
        activeAtFit[Fits % Window] = active;
        lossAtFit[Fits % Window] = LastLoss;
        Fits++;
    }

    /// <summary>‖r‖² per fit, as a factor, over the last <see cref="Window"/> fits given it now; NaN before there are that many.</summary>
    public double RecentLossDecay(double loss) => Fits < Window ? double.NaN : Math.Pow(loss / lossAtFit[Fits % Window], 1.0 / Window);

    /// <summary>Full passes per fit over the last <see cref="Window"/> fits; 0 before there are that many.</summary>
    public double RecentPassRate => Fits < Window ? 0.0 : (Passes - passesAtFit[Fits % Window]) / (double)Window;

    /// <summary>Growth of the active set per fit over the last <see cref="Window"/> fits, given it now; 0 before there are that many.</summary>
    public double RecentGrowth(int active) => Fits < Window ? 0.0 : Math.Max(active - activeAtFit[Fits % Window], 0) / (double)Window;

    /// <summary>d = Xu for a new tangent, filled by a full pass.</summary>
    public double[] TangentImage { get; }

    /// <summary>n·α_last·a₁ of the path's last fit (NaN for a single fit): the level a feature's product must reach to enter before the path ends.</summary>
    public double FinalThreshold { get; set; } = double.NaN;

    /// <summary>‖r‖² at the last certificate of the fit in progress (NaN before one).</summary>
    public double FitLoss { get; set; } = double.NaN;

    /// <summary>h = q − G·w over the cache (w is zero outside it): exact again after many small updates.</summary>
    public void RefreshH(ReadOnlySpan<double> w)
    {
        Q.AsSpan(0, Count).CopyTo(H);
        for (var l = 0; l < Count; l++)
        {
            var wl = w[Members[l]];
            if (wl != 0) Blas.Axpy(-wl, Row(l), HSpan);
        }
    }

    /// <summary>h_k = q_k − G_k·w for the cache positions from <paramref name="first"/> on (features just added).</summary>
    public void RefreshH(ReadOnlySpan<double> w, int first)
    {
        for (var k = first; k < Count; k++) H[k] = Q[k] - Dot(w, Row(k));
    }

    /// <summary>Whether some feature with a non-zero column is not cached yet.</summary>
    public bool Outside(ReadOnlySpan<double> norms)
    {
        if (Count == p) return false;
        for (var j = 0; j < p; j++)
        {
            if (Slot[j] < 0 && norms[j] > 0) return true;
        }
        return false;
    }

    /// <summary>
    /// How far r has moved since the last full pass: with Δ = w − w₀ (in the cache), fills
    /// <see cref="BoundedState.Coordinates"/> with z = the move along <see cref="BoundedState.Motion"/> and returns ρ ≥ ‖X·Δ − Σ z_a q_a‖,
    /// √(ΔᵀGΔ − ‖z‖²) widened against the cancellation. Then X_jᵀr = c₀_j − Σ z_a e_a,j − (at most ‖X_j‖ρ).
    /// </summary>
    public double Deviation(ReadOnlySpan<double> w)
    {
        var v = product.AsSpan(0, Count);
        v.Clear();
        for (var l = 0; l < Count; l++)
        {
            var j = Members[l];
            var d = w[j] - CachedW[j];
            if (d != 0) Blas.Axpy(d, Row(l), v);
        }
        var moved = 0.0;
        for (var k = 0; k < Count; k++)
        {
            var j = Members[k];
            moved += (w[j] - CachedW[j]) * v[k];
        }
        moved = Math.Max(moved, 0.0);
        var along = Motion.Project(v, Members.AsSpan(0, Count), Coordinates);
        Motion.Along(Coordinates, Along);
        return Math.Sqrt(Math.Max(moved - along, 0.0) + Bounds.RoundingSlack * moved);
    }

    /// <summary>
    /// product_j = Σ_{k∈F} G_jk·v_k for each j in F ⊆ C: G is symmetric, so the rows of F's members are summed over the
    /// whole cache with axpys (|F|·|C| flops at SIMD width, the sweeps' own kernel) and the sum read at F.
    /// </summary>
    public void FaceProducts(ReadOnlySpan<int> face, double[] v, double[] result)
    {
        var sum = product.AsSpan(0, Count);
        sum.Clear();
        foreach (var k in face)
        {
            if (v[k] != 0) Blas.Axpy(v[k], Row(Slot[k]), sum);
        }
        foreach (var j in face) result[j] = sum[Slot[j]];
    }

    /// <summary>Σ_{k ∈ C} w_{C_k}·v_k.</summary>
    public double Dot(ReadOnlySpan<double> w, ReadOnlySpan<double> v)
    {
        var s = 0.0;
        for (var k = 0; k < Count; k++) s += w[Members[k]] * v[k];
        return s;
    }

    public int NonZeroCount(ReadOnlySpan<double> w)
    {
        var c = 0;
        for (var k = 0; k < Count; k++)
        {
            if (w[Members[k]] != 0) c++;
        }
        return c;
    }

    /// <summary>
    /// Adds features to the cache: one call of the Gram kernel writes X_kᵀX_j for every cached k (the new ones
    /// included, the triangle of the new square only) straight into the new features' columns of G; they are then
    /// centred (implicit centring: X_cᵀX_c = XᵀX − n·m mᵀ) and mirrored into their rows, and q_j = X_jᵀy is
    /// taken from the workspace; h is left for <see cref="RefreshH(ReadOnlySpan{double})"/>.
    /// </summary>
    public void Add(PreparedData data, ReadOnlySpan<int> features)
    {
        if (features.IsEmpty) return;
        if (Count + features.Length > Capacity) Grow(Math.Min(p, Math.Max(2 * Capacity, Count + features.Length)));
        var first = Count;
        foreach (var j in features)
        {
            Slot[j] = Count;
            Members[Count++] = j;
        }
        var implicitCentring = data.ImplicitCentring;
        var c = Capacity;
        Gram.Cross(implicitCentring ? data.Raw : data.X, data.N, features, Members.AsSpan(0, Count), G.AsSpan(first), c, first);
        for (var i = 0; i < features.Length; i++)
        {
            var ki = first + i;
            var shift = implicitCentring ? data.N * data.XMean[features[i]] : 0.0;
            // Rows k of the new column: the old features, and the new ones from ki on (the kernel's triangle).
            for (var k = 0; k < Count; k++)
            {
                if (k >= first && k < ki) continue;
                var v = G[k * c + ki] - shift * data.XMean[Members[k]];
                G[k * c + ki] = v;
                G[ki * c + k] = v;
            }
            // The diagonal as the residual-mode solver sees it, so both modes take identical steps.
            G[ki * c + ki] = data.Norms[features[i]];
            // q_j as the α grid computed it (α = α_max then gives exactly w = 0).
            Q[ki] = data.TargetProducts[features[i]];
        }
    }

    private void Grow(int capacity)
    {
        var g = new double[(long)capacity * capacity];
        for (var k = 0; k < Count; k++) G.AsSpan(k * Capacity, Count).CopyTo(g.AsSpan(k * capacity));
        G = g;
        Q = Resize(Q, capacity);
        H = Resize(H, capacity);
        product = new double[capacity];
        Capacity = capacity;
    }

    private static double[] Resize(double[] a, int length)
    {
        var b = new double[length];
        a.AsSpan().CopyTo(b);
        return b;
    }
}
