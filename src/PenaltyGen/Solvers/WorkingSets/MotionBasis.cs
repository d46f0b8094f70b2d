using System;
using PenaltyGen.Kernels;

namespace PenaltyGen.Solvers.WorkingSets;

/// <summary>
/// A few directions the residual has recently moved in, kept so that bounds on X_jᵀr for features not read since
/// the last full pass (outside the Gram cache, or outside the working set) stay tight along a path. Slot a holds an orthonormal q_a = X·u_a (n-space), its coefficients u_a
/// (p-space, zero outside the cache) and e_a,j = X_jᵀq_a for the features outside the cache when it was made.
/// A move X·Δ with z_a = q_aᵀXΔ = u_aᵀGΔ splits into Σ z_a q_a plus a remainder orthogonal to every q_a
/// of squared norm ΔᵀGΔ − ‖z‖², so X_jᵀXΔ = Σ z_a e_a,j + (a part bounded by ‖X_j‖·‖remainder‖).
/// New directions are orthogonalized (twice, classical Gram–Schmidt) against the kept ones; when all slots
/// are taken the oldest gives way, which leaves the others orthonormal.
/// </summary>
internal sealed class MotionBasis
{
    /// <summary>Directions kept: not tuned (one direction and eight make the same number of full passes on the tall path; docs/benchmarks.md).</summary>
    public const int Slots = 8;

    private readonly double[][] q;
    private readonly double[][] u;
    private readonly double[][] e;
    private readonly bool[] used = new bool[Slots];
    private int next;

    public MotionBasis(int n, int p)
    {
        q = new double[Slots][];
        u = new double[Slots][];
        e = new double[Slots][];
        for (var a = 0; a < Slots; a++)
        {
            q[a] = new double[n];
            u[a] = new double[p];
            e[a] = new double[p];
        }
    }

    /// <summary>
    /// Adds the direction d = X·<paramref name="coefficients"/> with <paramref name="products"/>_j = X_jᵀd for the
    /// features outside the cache. All three are overwritten (orthogonalized in place). Directions that are
    /// (numerically) in the span already are dropped.
    /// </summary>
    public void Add(double[] d, double[]? coefficients, double[] products)
    {
        var norm0 = Math.Sqrt(Blas.SquaredNorm(d));
        if (!(norm0 > 0)) return;
        for (var pass = 0; pass < 2; pass++)
        {
            for (var a = 0; a < Slots; a++)
            {
                if (!used[a]) continue;
                var c = Blas.Dot(q[a], d);
                Blas.Axpy(-c, q[a], d);
                if (coefficients is not null) Blas.Axpy(-c, u[a], coefficients);
                Blas.Axpy(-c, e[a], products);
            }
        }
        var norm = Math.Sqrt(Blas.SquaredNorm(d));
        if (!(norm > 1e-8 * norm0)) return;
        var slot = next;
        next = (next + 1) % Slots;
        used[slot] = true;
        var scale = 1 / norm;
        for (var i = 0; i < d.Length; i++) q[slot][i] = d[i] * scale;
        for (var j = 0; j < products.Length; j++)
        {
            u[slot][j] = coefficients is null ? 0.0 : coefficients[j] * scale;
            e[slot][j] = products[j] * scale;
        }
    }

    /// <summary>
    /// z_a = u_aᵀ·(GΔ) with <paramref name="gDelta"/> indexed by cache position; returns ‖z‖².
    /// </summary>
    public double Project(ReadOnlySpan<double> gDelta, ReadOnlySpan<int> members, Span<double> z)
    {
        var total = 0.0;
        for (var a = 0; a < Slots; a++)
        {
            z[a] = 0.0;
            if (!used[a]) continue;
            var s = 0.0;
            var ua = u[a];
            for (var k = 0; k < gDelta.Length; k++) s += ua[members[k]] * gDelta[k];
            z[a] = s;
            total += s * s;
        }
        return total;
    }

    /// <summary>z_a = q_aᵀ·<paramref name="move"/> for a move given in n-space (the residual-mode solver's r₀ − r); returns ‖z‖².</summary>
    public double Project(ReadOnlySpan<double> move, Span<double> z)
    {
        var total = 0.0;
        for (var a = 0; a < Slots; a++)
        {
            z[a] = used[a] ? Blas.Dot(q[a], move) : 0.0;
            total += z[a] * z[a];
        }
        return total;
    }

    /// <summary>along_j = Σ_a z_a·e_a,j for every feature: the part of X_jᵀXΔ along the kept directions.</summary>
    public void Along(ReadOnlySpan<double> z, Span<double> along)
    {
        along.Clear();
        for (var a = 0; a < Slots; a++)
        {
            if (used[a] && z[a] != 0) Blas.Axpy(z[a], e[a], along);
        }
    }
}
