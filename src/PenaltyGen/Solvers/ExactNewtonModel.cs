using System;
using PenaltyGen.Kernels;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

/// <summary>
/// The exact model solve's buffers, made on its first use at the largest set it takes (<paramref name="capacity"/> features), so
/// later Newton steps allocate nothing.
/// </summary>
internal sealed class ExactModelBuffers(int n, int p, int capacity)
{
    /// <summary>The set's columns scaled by √h, column k at [k·n, (k + 1)·n).</summary>
    public double[] Scaled { get; private set; } = [];

    public double[] Roots { get; } = new double[n];

    /// <summary>The (m + 1)-square system (row-major), its right side and solution.</summary>
    public double[] System { get; private set; } = [];

    public double[] Step { get; private set; } = [];

    /// <summary>Which of the system's columns depend on the ones before them, and one's null direction.</summary>
    public bool[] Dependent { get; private set; } = [];

    public double[] Null { get; private set; } = [];

    /// <summary>The set solved: features of the model, in increasing order.</summary>
    public int[] Members { get; } = new int[p];

    /// <summary>0, 1, …, p − 1: the scaled copy's own column numbers.</summary>
    public int[] Identity { get; } = global::System.Linq.Enumerable.ToArray(global::System.Linq.Enumerable.Range(0, p));

    public void Reserve(int m)
    {
        if (Step.Length >= m + 1) return;
        var size = Math.Max(m, Math.Min(p, capacity));
        Scaled = new double[(long)n * size];
        System = new double[(size + 1) * (size + 1)];
        Step = new double[size + 1];
        Dependent = new bool[size + 1];
        Null = new double[size + 1];
    }
}

/// <summary>
/// The exact minimizer of a proximal Newton model of an elastic-net-shaped penalty, over a set A of features whose signs are
/// known (a smooth penalty: every feature; an l1 part: the non-zero ones, signs held). From the model's current point (w, b)
/// with working residual ρ = u − h∘Δη, the increment (δ, δb) solves
/// (X_AᵀDX_A + αa₂F_A)δ + X_AᵀD1·δb = X_Aᵀρ/n − αa₂F_A·w_A − αa₁F_A·sign(w_A) and 1ᵀDX_A·δ + (Σh/n)·δb = Σρ/n
/// (D = diag(h)/n; the intercept row only when it is fitted): the model is a quadratic in w_A while no sign changes, and this
/// is its stationary point. A coordinate that would cross zero stops the step there (an active-set step: the model decreases
/// along the whole segment) and is set to exactly zero; the sweeps that follow decide the set again.
/// </summary>
internal static class ExactNewtonModel
{
    /// <summary>
    /// A pivot below this share of its diagonal entry means the set's columns are collinear in floating point (duplicated or
    /// redundant features, unpenalized or held by a tiny ridge): the system is refused rather than solved into noise.
    /// </summary>
    private const double PivotShare = 1e-12;

    /// <summary>
    /// Solves the model on the set <paramref name="members"/> and moves (w, b), ρ and the step's image Xδw to the solution.
    /// Returns false, with nothing changed, when the system is not positive definite.
    /// </summary>
    public static bool Solve(Workspace ws, in SolverSettings s, ElasticNetShape shape, ReadOnlySpan<int> members, double hSum, ref double b)
    {
        var (data, w, state) = (ws.Data, ws.Fit.W, ws.Path.Newton);
        var buffers = state.Exact;
        int n = data.N, m = members.Length, size = s.FitIntercept ? m + 1 : m;
        buffers.Reserve(m);
        var (h, rho, roots) = (state.Weights, state.Working, buffers.Roots);
        var scaled = buffers.Scaled;
        var system = buffers.System.AsSpan(0, size * size);
        var step = buffers.Step.AsSpan(0, size);
        for (var i = 0; i < n; i++) roots[i] = Math.Sqrt(h[i]);
        for (var k = 0; k < m; k++)
        {
            var column = data.Column(members[k]);
            var into = scaled.AsSpan(k * n, n);
            for (var i = 0; i < n; i++) into[i] = roots[i] * column[i];
        }
        var identity = buffers.Identity.AsSpan(0, m);
        Gram.Cross(scaled, n, identity, identity, system, size, -1);
        var (ridge, lasso) = (s.Penalty.Alpha * shape.L2, s.Penalty.Alpha * shape.L1);
        for (var k = 0; k < m; k++)
        {
            var j = members[k];
            var f = s.Factor(j);
            for (var l = 0; l < m; l++) system[l * size + k] /= n;
            system[k * size + k] += ridge * f;
            step[k] = Blas.Dot(data.Column(j), rho) / n - ridge * f * w[j] - lasso * f * Math.Sign(w[j]);
        }
        if (s.FitIntercept)
        {
            var rhoSum = 0.0;
            for (var i = 0; i < n; i++) rhoSum += rho[i];
            for (var k = 0; k < m; k++)
            {
                var v = Blas.Dot(data.Column(members[k]), h) / n;
                system[m * size + k] = v;
                system[k * size + m] = v;
            }
            system[m * size + m] = hSum / n;
            step[m] = rhoSum / n;
        }
        var dependent = buffers.Dependent.AsSpan(0, size);
        if (!Cholesky.Factor(system, size, PivotShare, dependent)) return false;
        Cholesky.Solve(system, step, size, dependent);
        var t = StepToFirstCrossing(w, members, step, shape, lasso > 0, s);
        var image = state.EtaTrial;
        Array.Clear(image);
        for (var k = 0; k < m; k++)
        {
            var j = members[k];
            var updated = w[j] + t * step[k];
            // The coordinate the step stops at lands on exactly zero (past it, its sign would change).
            if (Held(shape, l1Held: lasso > 0, s.Factor(j)) && Math.Sign(updated) != Math.Sign(w[j])) updated = 0.0;
            if (updated != w[j]) Blas.NewtonStep(updated - w[j], h, data.Column(j), rho, image);
            w[j] = updated;
        }
        if (s.FitIntercept)
        {
            var db = t * step[m];
            b += db;
            for (var i = 0; i < n; i++) rho[i] -= h[i] * db;
        }
        for (var q = 0; q < size; q++)
        {
            if (dependent[q]) MoveAlongNull(ws, s, shape, members, system, dependent, q, ref b);
        }
        Blas.Axpy(1.0, image, state.Direction);
        return true;
    }

    /// <summary>
    /// Along the null direction v of a dependent column (X_A·v_A + v_b = 0: redundant features, or one duplicated) the model's
    /// data term is constant and the penalty's |w| part linear while no sign changes, so the model falls at the rate
    /// D = Σ_k v_k·∂_k (model + penalty) in the direction −sign(D)·v: the step goes to the first held coordinate reaching
    /// zero (the vertex an l1 solution sits on), or to the minimum of the ridge part ½αa₂Σf_k(v_k t)² when that comes first.
    /// </summary>
    private static void MoveAlongNull(Workspace ws, in SolverSettings s, ElasticNetShape shape, ReadOnlySpan<int> members, ReadOnlySpan<double> factor, ReadOnlySpan<bool> dependent, int q, ref double b)
    {
        var (data, w, state) = (ws.Data, ws.Fit.W, ws.Path.Newton);
        var (h, rho, image) = (state.Weights, state.Working, state.EtaTrial);
        int n = data.N, m = members.Length;
        var v = state.Exact.Null.AsSpan(0, dependent.Length);
        Cholesky.NullDirection(factor, dependent.Length, dependent, q, v);
        var (ridge, lasso) = (s.Penalty.Alpha * shape.L2, s.Penalty.Alpha * shape.L1);
        double rate = 0, curvature = 0;
        for (var k = 0; k < m; k++)
        {
            if (v[k] == 0) continue;
            var (j, f) = (members[k], s.Factor(members[k]));
            rate += v[k] * (-Blas.Dot(data.Column(j), rho) / n + ridge * f * w[j] + lasso * f * Math.Sign(w[j]));
            curvature += ridge * f * v[k] * v[k];
        }
        if (v.Length > m)
        {
            var rhoSum = 0.0;
            for (var i = 0; i < n; i++) rhoSum += rho[i];
            rate -= v[m] * rhoSum / n;
        }
        if (rate == 0) return;
        var direction = -Math.Sign(rate);
        var t = curvature > 0 ? Math.Abs(rate) / curvature : double.PositiveInfinity;
        for (var k = 0; k < m; k++)
        {
            var j = members[k];
            var move = direction * v[k];
            if (move != 0 && Held(shape, lasso > 0, s.Factor(j)) && w[j] != 0 && Math.Sign(move) != Math.Sign(w[j])) t = Math.Min(t, -w[j] / move);
        }
        if (!double.IsFinite(t)) return;
        for (var k = 0; k < m; k++)
        {
            var j = members[k];
            if (v[k] == 0) continue;
            var updated = w[j] + t * direction * v[k];
            if (Held(shape, lasso > 0, s.Factor(j)) && Math.Sign(updated) != Math.Sign(w[j])) updated = 0.0;
            if (updated != w[j]) Blas.NewtonStep(updated - w[j], h, data.Column(j), rho, image);
            w[j] = updated;
        }
        if (v.Length > m)
        {
            var db = t * direction * v[m];
            b += db;
            for (var i = 0; i < n; i++) rho[i] -= h[i] * db;
        }
    }

    /// <summary>
    /// The share t ∈ (0, 1] of the step taken: 1, or the first point where a coordinate whose sign is held reaches zero.
    /// </summary>
    private static double StepToFirstCrossing(ReadOnlySpan<double> w, ReadOnlySpan<int> members, ReadOnlySpan<double> step, ElasticNetShape shape, bool l1Held, in SolverSettings s)
    {
        var t = 1.0;
        for (var k = 0; k < members.Length; k++)
        {
            var j = members[k];
            if (!Held(shape, l1Held, s.Factor(j)) || w[j] == 0 || Math.Sign(w[j] + step[k]) == Math.Sign(w[j])) continue;
            t = Math.Min(t, -w[j] / step[k]);
        }
        return t;
    }

    /// <summary>Whether a coordinate's sign is held: w ≥ 0, or an l1 part that weighs it (f_j &gt; 0; the model is linear in |w_j| only on one side of zero).</summary>
    private static bool Held(ElasticNetShape shape, bool l1Held, double factor) => shape.Positive || l1Held && factor > 0;
}
