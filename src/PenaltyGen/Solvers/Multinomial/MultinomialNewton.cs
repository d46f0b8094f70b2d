using System;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;

namespace PenaltyGen.Solvers.Multinomial;

/// <summary>
/// Proximal Newton for the multinomial loss (docs/solvers.md, "Multinomial"), glmnet's scheme. Ungrouped: for each class in
/// turn, the class's block of the Hessian is diagonal in the rows, h_i = s_i p_ik(1 − p_ik)/n, so its quadratic model (the
/// other classes fixed) is a weighted least squares in (β_k·, b_k) swept by coordinate descent, its step halved until the
/// objective does not increase, and the probabilities renewed before the next class. Grouped: each feature's K coefficients
/// move together under a group shrinkage, so one model covers every class, with the common weight
/// h_i = 2s_i·max_k p_ik(1 − p_ik)/n that bounds the Hessian (a majorizer: its steps descend). The models sweep a working
/// set (the sequential strong rule and the non-zero features); a fit is certified by the KKT residual of every feature
/// (<see cref="MultinomialPenalty.Residual"/>) against tol times its value at the null model, and features outside the set
/// that violate it join the set.
/// </summary>
internal static class MultinomialNewton
{
    /// <summary>The model's weights are at least this share of a sample's weight: p(1 − p) underflows for confident rows.</summary>
    private const double CurvatureFloor = 1e-12;

    /// <summary>The line search halves a step at most this often (2⁻³⁰ of a step is below rounding); then the fit stops.</summary>
    private const int MaxHalvings = 30;

    /// <summary>Sweeps one model may take (an inexact Newton method re-linearizes anyway).</summary>
    private const int ModelSweepLimit = 1000;

    /// <summary>A model is swept until its largest coordinate move, in gradient units, is this share of the last KKT residual.</summary>
    private const double InnerShare = 0.1;

    /// <summary>
    /// Newton steps that do not lower the working set's KKT residual in a row before the fit stops: past rounding, steps
    /// whose objective change is below float64's resolution no longer move the residual.
    /// </summary>
    private const int StallLimit = 3;

    /// <summary>A step is accepted when the objective grows by at most this share of its value (rounding, not ascent).</summary>
    private const double AcceptedRounding = 1e-15;

    /// <summary>
    /// Solves for the penalty <paramref name="pen"/> from the state's coefficients (a warm start along a path).
    /// Iterations count Newton steps: one per class (ungrouped) or one per model (grouped).
    /// </summary>
    public static SolverOutcome Solve(MultinomialState st, in MultinomialPenalty pen, double tol, int maxIterations, bool intercept)
    {
        var tolerance = tol * st.Scale;
        if (!st.Certified)
        {
            st.Refresh();
            st.GradientAt(default);
            st.Certified = true;
        }
        ChooseSet(st, pen);
        var (iterations, sweeps) = (0, 0);
        var kkt = Kkt(st, pen, default, intercept);
        while (kkt > tolerance && iterations < maxIterations)
        {
            var setKkt = kkt;
            var (moved, stalled) = (true, 0);
            while (iterations < maxIterations && moved && stalled < StallLimit)
            {
                var inner = Math.Max(InnerShare * tolerance, InnerShare * setKkt);
                moved = pen.Grouped ? GroupedStep(st, pen, inner, intercept, ref sweeps) : ClassSteps(st, pen, inner, intercept, ref sweeps);
                iterations += pen.Grouped ? 1 : st.K;
                if (st.Set.Count > 0) st.GradientAt(st.Set.Span);
                else for (var k = 0; k < st.K; k++) st.InterceptGradient[k] = st.ClassSlope(k);
                var previous = setKkt;
                setKkt = Kkt(st, pen, st.Set.Span, intercept);
                if (setKkt <= tolerance) break;
                stalled = setKkt < previous ? 0 : stalled + 1;
            }
            st.GradientAt(default);
            kkt = Kkt(st, pen, default, intercept);
            var added = 0;
            for (var j = 0; j < st.P; j++)
            {
                if (!st.Set.Contains(j) && pen.Residual(st.Gradient, st.W, st.P, j) > tolerance)
                {
                    st.Set.Add(j);
                    added++;
                }
            }
            if (added == 0 && !moved) break;
        }
        return new SolverOutcome(iterations, double.NaN, kkt, kkt <= tolerance, tolerance) { Sweeps = sweeps };
    }

    /// <summary>The working set: the features with a non-zero coefficient and the strong rule's candidates.</summary>
    private static void ChooseSet(MultinomialState st, in MultinomialPenalty pen)
    {
        st.Set.Clear();
        var level = st.StrongLevel(1.0, pen.A1, pen.Alpha);
        for (var j = 0; j < st.P; j++)
        {
            var active = false;
            for (var k = 0; k < st.K && !active; k++) active = st.W[k * st.P + j] != 0;
            if (active || pen.A1 == 0 || pen.Pull(st.Gradient, st.P, j) >= level * pen.Factor(j)) st.Set.Add(j);
        }
        st.PreviousAlpha = pen.Alpha;
    }

    /// <summary>The largest KKT residual over the listed features (all when empty) and, with an intercept, its gradients.</summary>
    private static double Kkt(MultinomialState st, in MultinomialPenalty pen, ReadOnlySpan<int> columns, bool intercept)
    {
        var worst = 0.0;
        if (intercept)
        {
            foreach (var g in st.InterceptGradient) worst = Math.Max(worst, Math.Abs(g));
        }
        if (columns.IsEmpty)
        {
            for (var j = 0; j < st.P; j++) worst = Math.Max(worst, pen.Residual(st.Gradient, st.W, st.P, j));
        }
        else
        {
            foreach (var j in columns) worst = Math.Max(worst, pen.Residual(st.Gradient, st.W, st.P, j));
        }
        return worst;
    }

    /// <summary>One Newton step per class, each on its own model with the others fixed; false when no step was taken.</summary>
    private static bool ClassSteps(MultinomialState st, in MultinomialPenalty pen, double inner, bool intercept, ref int sweeps)
    {
        var moved = false;
        var (n, p) = (st.N, st.P);
        for (var k = 0; k < st.K; k++)
        {
            var h = st.Curvature.AsSpan();
            var rho = st.Working.AsSpan(k * n, n);
            var delta = st.Direction.AsSpan(k * n, n);
            st.Direction.AsSpan().Clear();
            var hSum = 0.0;
            for (var i = 0; i < n; i++)
            {
                var prob = st.Probabilities[k * n + i];
                var s = st.Weight(i);
                h[i] = s * Math.Max(prob * (1 - prob), CurvatureFloor) / n;
                rho[i] = -s * (prob - (st.Codes[i] == k ? 1.0 : 0.0)) / n;
                hSum += h[i];
            }
            st.W.CopyTo(st.Start, 0);
            var b = 0.0;
            for (var sweep = 0; sweep < ModelSweepLimit; sweep++)
            {
                sweeps++;
                var largest = 0.0;
                foreach (var j in st.Set.Span)
                {
                    var x = st.Column(j);
                    var (dot, c) = Blas.DotAndWeightedSquaredNorm(x, rho, h);
                    if (c == 0) continue;
                    var old = st.W[k * p + j];
                    var next = pen.Coordinate(c * old + dot, c, j);
                    if (next == old) continue;
                    Blas.NewtonStep(next - old, h, x, rho, delta);
                    st.W[k * p + j] = next;
                    largest = Math.Max(largest, c * Math.Abs(next - old));
                }
                if (intercept) largest = Math.Max(largest, InterceptStep(rho, h, hSum, delta, ref b));
                if (largest <= inner) break;
            }
            st.ClassSteps.AsSpan().Clear();
            st.ClassSteps[k] = b;
            moved |= LineSearch(st, pen);
        }
        return moved;
    }

    /// <summary>The model's intercept step Δb = Σρ/Σh; returns its size in gradient units.</summary>
    private static double InterceptStep(Span<double> rho, ReadOnlySpan<double> h, double hSum, Span<double> delta, ref double b)
    {
        var step = Blas.Sum(rho) / hSum;
        if (step == 0) return 0;
        for (var i = 0; i < rho.Length; i++)
        {
            rho[i] -= step * h[i];
            delta[i] += step;
        }
        b += step;
        return Math.Abs(step) * hSum;
    }

    /// <summary>
    /// One model over every class (grouped penalty): each feature's K coefficients move by the block minimizer of the model
    /// with the common weight h_i = 2s_i·max_k p_ik(1 − p_ik)/n.
    /// </summary>
    private static bool GroupedStep(MultinomialState st, in MultinomialPenalty pen, double inner, bool intercept, ref int sweeps)
    {
        var (n, p, classes) = (st.N, st.P, st.K);
        var h = st.Curvature.AsSpan();
        st.Direction.AsSpan().Clear();
        var hSum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var bound = 0.0;
            for (var k = 0; k < classes; k++)
            {
                var prob = st.Probabilities[k * n + i];
                bound = Math.Max(bound, prob * (1 - prob));
                st.Working[k * n + i] = -st.Weight(i) * (prob - (st.Codes[i] == k ? 1.0 : 0.0)) / n;
            }
            h[i] = st.Weight(i) * Math.Max(2 * bound, CurvatureFloor) / n;
            hSum += h[i];
        }
        st.W.CopyTo(st.Start, 0);
        st.ClassSteps.AsSpan().Clear();
        Span<double> v = stackalloc double[classes];
        for (var sweep = 0; sweep < ModelSweepLimit; sweep++)
        {
            sweeps++;
            var largest = 0.0;
            foreach (var j in st.Set.Span)
            {
                var x = st.Column(j);
                var norm = 0.0;
                (v[0], var c) = Blas.DotAndWeightedSquaredNorm(x, st.Working.AsSpan(0, n), h);
                for (var k = 1; k < classes; k++) v[k] = Blas.Dot(x, st.Working.AsSpan(k * n, n));
                if (c == 0) continue;
                for (var k = 0; k < classes; k++)
                {
                    v[k] += c * st.W[k * p + j];
                    norm += v[k] * v[k];
                }
                var scale = pen.BlockScale(Math.Sqrt(norm), c, j);
                for (var k = 0; k < classes; k++)
                {
                    var (old, next) = (st.W[k * p + j], scale == 0 ? 0.0 : scale * v[k]);
                    if (next == old) continue;
                    Blas.NewtonStep(next - old, h, x, st.Working.AsSpan(k * n, n), st.Direction.AsSpan(k * n, n));
                    st.W[k * p + j] = next;
                    largest = Math.Max(largest, c * Math.Abs(next - old));
                }
            }
            if (intercept)
            {
                for (var k = 0; k < classes; k++)
                    largest = Math.Max(largest, InterceptStep(st.Working.AsSpan(k * n, n), h, hSum, st.Direction.AsSpan(k * n, n), ref st.ClassSteps[k]));
            }
            if (largest <= inner) break;
        }
        return LineSearch(st, pen);
    }

    /// <summary>
    /// From (Start, b) towards (W, b + ClassSteps) along Direction: the largest of 1, ½, ¼, … at which the objective does not
    /// increase beyond rounding; applies it (η, probabilities and log-sums renewed) and returns true, or restores Start and
    /// returns false.
    /// </summary>
    private static bool LineSearch(MultinomialState st, in MultinomialPenalty pen)
    {
        var before = pen.Value(st.Start, st.P);
        var after = pen.Value(st.W, st.P);
        var objective = st.Loss / st.N + before;
        var t = 1.0;
        for (var halving = 0; halving <= MaxHalvings; halving++, t *= 0.5)
        {
            if (halving > 0)
            {
                for (var m = 0; m < st.W.Length; m++) st.W[m] = st.Start[m] + 0.5 * (st.W[m] - st.Start[m]);
                after = pen.Value(st.W, st.P);
            }
            var change = Softmax.LossChange(st.Eta, st.Direction, t, st.Codes, st.Weights, st.LogSums, st.Trial) / st.N + after - before;
            if (!(change <= AcceptedRounding * Math.Abs(objective))) continue;
            st.Trial.CopyTo(st.Eta, 0);
            for (var k = 0; k < st.K; k++) st.B[k] += t * st.ClassSteps[k];
            st.Loss = Softmax.Probabilities(st.Eta, st.Codes, st.Weights, st.Probabilities, st.LogSums);
            return true;
        }
        st.Start.CopyTo(st.W, 0);
        return false;
    }
}
