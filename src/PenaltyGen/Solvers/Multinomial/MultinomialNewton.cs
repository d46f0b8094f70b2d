using System;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using static PenaltyGen.Solvers.NewtonRules;

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
    /// <summary>
    /// Newton steps that do not lower the working set's KKT residual in a row before the fit stops: past rounding, steps
    /// whose objective change is below float64's resolution no longer move the residual.
    /// </summary>
    private const int StallLimit = 3;

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
        ChooseSets(st, pen);
        var (iterations, sweeps) = (0, 0);
        var kkt = FullKkt(st, pen, intercept);
        while (kkt > tolerance && iterations < maxIterations)
        {
            var setKkt = kkt;
            var (moved, stalled) = (true, 0);
            while (iterations < maxIterations && moved && stalled < StallLimit)
            {
                var inner = Math.Max(InnerShare * tolerance, InnerShare * setKkt);
                moved = pen.Grouped ? GroupedStep(st, pen, inner, intercept, ref sweeps) : ClassSteps(st, pen, inner, intercept, ref sweeps);
                iterations += pen.Grouped ? 1 : st.K;
                var previous = setKkt;
                setKkt = SetKkt(st, pen, intercept);
                if (setKkt <= tolerance) break;
                stalled = setKkt < previous ? 0 : stalled + 1;
            }
            st.GradientAt(default);
            kkt = FullKkt(st, pen, intercept);
            if (AddViolators(st, pen, tolerance) == 0 && !moved) break;
        }
        return new SolverOutcome(iterations, double.NaN, kkt, kkt <= tolerance, tolerance) { Sweeps = sweeps };
    }

    /// <summary>
    /// The working sets: per class, the coefficients that are non-zero and the strong rule's candidates (ungrouped); one set
    /// of features, by the group's gradient norm, for the grouped penalty.
    /// </summary>
    private static void ChooseSets(MultinomialState st, in MultinomialPenalty pen)
    {
        var level = st.StrongLevel(1.0, pen.A1, pen.Alpha);
        for (var s = 0; s < st.Sets.Length; s++)
        {
            var set = st.Sets[s];
            set.Clear();
            for (var j = 0; j < st.P; j++)
            {
                var candidate = pen.A1 == 0 || (pen.Grouped ? Active(st, -1, j) || pen.Pull(st.Gradient, st.P, j) >= level * pen.Factor(j)
                    : st.W[s * st.P + j] != 0 || Math.Abs(st.Gradient[s * st.P + j]) >= level * pen.Factor(j));
                if (candidate) set.Add(j);
            }
        }
        st.PreviousAlpha = pen.Alpha;
    }

    /// <summary>The largest KKT residual of every feature and, with an intercept, of the intercepts (the gradient is current).</summary>
    private static double FullKkt(MultinomialState st, in MultinomialPenalty pen, bool intercept)
    {
        var worst = intercept ? InterceptKkt(st) : 0.0;
        for (var j = 0; j < st.P; j++) worst = Math.Max(worst, pen.Residual(st.Gradient, st.W, st.P, j));
        return worst;
    }

    /// <summary>The gradient of the working sets' coefficients and the intercepts, and their largest KKT residual.</summary>
    private static double SetKkt(MultinomialState st, in MultinomialPenalty pen, bool intercept)
    {
        for (var k = 0; k < st.K; k++) st.GradientAt(k, st.Sets[pen.Grouped ? 0 : k].Span);
        var worst = intercept ? InterceptKkt(st) : 0.0;
        if (pen.Grouped)
        {
            foreach (var j in st.Sets[0].Span) worst = Math.Max(worst, pen.Residual(st.Gradient, st.W, st.P, j));
            return worst;
        }
        for (var k = 0; k < st.K; k++)
        {
            foreach (var j in st.Sets[k].Span) worst = Math.Max(worst, pen.CoordinateResidual(st.Gradient, st.W, st.P, k, j));
        }
        return worst;
    }

    private static double InterceptKkt(MultinomialState st)
    {
        var worst = 0.0;
        foreach (var g in st.InterceptGradient) worst = Math.Max(worst, Math.Abs(g));
        return worst;
    }

    /// <summary>Adds the features (grouped) or coefficients (ungrouped) outside the sets that violate their conditions; returns how many.</summary>
    private static int AddViolators(MultinomialState st, in MultinomialPenalty pen, double tolerance)
    {
        var added = 0;
        for (var s = 0; s < st.Sets.Length; s++)
        {
            var set = st.Sets[s];
            for (var j = 0; j < st.P; j++)
            {
                if (set.Contains(j)) continue;
                var residual = pen.Grouped ? pen.Residual(st.Gradient, st.W, st.P, j) : pen.CoordinateResidual(st.Gradient, st.W, st.P, s, j);
                if (residual <= tolerance) continue;
                set.Add(j);
                added++;
            }
        }
        return added;
    }

    /// <summary>One Newton step per class, each on its own model with the others fixed; false when no step was taken.</summary>
    private static bool ClassSteps(MultinomialState st, in MultinomialPenalty pen, double inner, bool intercept, ref int sweeps)
    {
        var moved = false;
        var n = st.N;
        for (var k = 0; k < st.K; k++)
        {
            var h = st.Curvature.AsSpan();
            var rho = st.Working.AsSpan(k * n, n);
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
            st.ClassSteps.AsSpan().Clear();
            Sweep(st, pen, k, hSum, inner, intercept, ref sweeps);
            moved |= LineSearch(st, pen);
        }
        return moved;
    }

    /// <summary>
    /// Coordinate descent on one model (class <paramref name="only"/>, or every class at once for the grouped penalty) until
    /// its largest move, in gradient units, is within <paramref name="inner"/>: glmnet's scheme of a sweep over the working
    /// set, then sweeps of the features already non-zero until they settle, then the set again, done when a sweep of the
    /// whole set settles. A feature's model curvature Σh x² is read when it first moves in the model, and kept.
    /// </summary>
    private static void Sweep(MultinomialState st, in MultinomialPenalty pen, int only, double hSum, double inner, bool intercept, ref int sweeps)
    {
        var (activeOnly, first) = (false, true);
        for (var sweep = 0; sweep < ModelSweepLimit; sweep++)
        {
            sweeps++;
            var largest = 0.0;
            foreach (var j in st.Sets[pen.Grouped ? 0 : only].Span)
            {
                if (activeOnly && !Active(st, only, j)) continue;
                largest = Math.Max(largest, pen.Grouped ? BlockStep(st, pen, j, first) : CoordinateStep(st, pen, only, j, first));
            }
            if (intercept)
            {
                for (var k = pen.Grouped ? 0 : only; k < (pen.Grouped ? st.K : only + 1); k++)
                    largest = Math.Max(largest, InterceptStep(st.Working.AsSpan(k * st.N, st.N), st.Curvature, hSum, st.Direction.AsSpan(k * st.N, st.N), ref st.ClassSteps[k]));
            }
            first = false;
            if (largest > inner) activeOnly = true;
            else if (activeOnly) activeOnly = false;
            else return;
        }
    }

    /// <summary>Whether feature j has a non-zero coefficient in the model's class (any class for the grouped penalty).</summary>
    private static bool Active(MultinomialState st, int k, int j)
    {
        if (k >= 0) return st.W[k * st.P + j] != 0;
        for (var c = 0; c < st.K; c++)
        {
            if (st.W[c * st.P + j] != 0) return true;
        }
        return false;
    }

    /// <summary>The coordinate step of β_kj in class k's model; returns its size in gradient units, c·|Δβ|.</summary>
    private static double CoordinateStep(MultinomialState st, in MultinomialPenalty pen, int k, int j, bool first)
    {
        var (n, p) = (st.N, st.P);
        var rho = st.Working.AsSpan(k * n, n);
        var old = st.W[k * p + j];
        if (first) st.FeatureCurvature[j] = double.NaN;
        var dot = st.Dot(j, rho);
        // A zero coefficient whose model gradient is within the threshold stays zero whatever its curvature (S(dot, l1 f) = 0):
        // the curvature is read only for the coefficients that move.
        if (old == 0 && pen.Coordinate(dot, 1.0, j) == 0) return 0;
        var c = ModelCurvature(st, j);
        if (c == 0) return 0;
        var next = pen.Coordinate(c * old + dot, c, j);
        if (next == old) return 0;
        st.NewtonStep(j, next - old, rho, st.Direction.AsSpan(k * n, n));
        st.W[k * p + j] = next;
        return c * Math.Abs(next - old);
    }

    /// <summary>The block step of feature j's K coefficients in the grouped model; returns its size in gradient units, c·‖Δβ_j·‖∞.</summary>
    private static double BlockStep(MultinomialState st, in MultinomialPenalty pen, int j, bool first)
    {
        var (n, p, classes) = (st.N, st.P, st.K);
        Span<double> v = stackalloc double[classes];
        if (first) st.FeatureCurvature[j] = double.NaN;
        var (dots, zero) = (0.0, true);
        for (var k = 0; k < classes; k++)
        {
            v[k] = st.Dot(j, st.Working.AsSpan(k * n, n));
            dots += v[k] * v[k];
            zero &= st.W[k * p + j] == 0;
        }
        // A zero group whose model gradient is within the threshold stays zero whatever its curvature.
        if (zero && pen.BlockScale(Math.Sqrt(dots), 1.0, j) == 0) return 0;
        var c = ModelCurvature(st, j);
        if (c == 0) return 0;
        var norm = 0.0;
        for (var k = 0; k < classes; k++)
        {
            v[k] += c * st.W[k * p + j];
            norm += v[k] * v[k];
        }
        var scale = pen.BlockScale(Math.Sqrt(norm), c, j);
        var largest = 0.0;
        for (var k = 0; k < classes; k++)
        {
            var (old, next) = (st.W[k * p + j], scale == 0 ? 0.0 : scale * v[k]);
            if (next == old) continue;
            st.NewtonStep(j, next - old, st.Working.AsSpan(k * n, n), st.Direction.AsSpan(k * n, n));
            st.W[k * p + j] = next;
            largest = Math.Max(largest, c * Math.Abs(next - old));
        }
        return largest;
    }

    /// <summary>Σ_i h_i x_ij² of the current model, read once per model (NaN marks it unread).</summary>
    private static double ModelCurvature(MultinomialState st, int j)
    {
        var c = st.FeatureCurvature[j];
        if (!double.IsNaN(c)) return c;
        return st.FeatureCurvature[j] = st.WeightedSquare(j);
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
        var (n, classes) = (st.N, st.K);
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
        Sweep(st, pen, -1, hSum, inner, intercept, ref sweeps);
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
