using System;

namespace PenaltyGen.Losses;

/// <summary>
/// The multinomial (softmax) loss over K classes, the math its solver and its fits share. Each row has K linear predictors
/// η_k = x_iᵀβ_k + b_k; for the class y ∈ {0, …, K − 1}, ℓ(y, η) = log Σ_k e^{η_k} − η_y, ∂ℓ/∂η_k = p_k − [y = k] with
/// p = softmax(η), and the Hessian diag(p) − ppᵀ, whose class-k diagonal entry is p_k(1 − p_k) and which is bounded by
/// 2·max_k p_k(1 − p_k)·I (Gershgorin: row k sums to 2p_k(1 − p_k)). η is kept class-major: class k's n values are
/// contiguous (η[k·n + i]). The data term is (1/n)·Σ_i s_i ℓ(y_i, η_i); docs/solvers.md maps it onto glmnet's and
/// scikit-learn's scaling.
/// </summary>
public static class Softmax
{
    /// <summary>
    /// log Σ_k e^{η_ik} of row <paramref name="row"/> and, when <paramref name="probabilities"/> is not empty, its softmax
    /// in place (class-major, as η). Subtracting the largest η keeps e^η finite.
    /// </summary>
    public static double LogSumExp(ReadOnlySpan<double> eta, int rows, int row, Span<double> probabilities)
    {
        var classes = eta.Length / rows;
        var max = double.NegativeInfinity;
        for (var k = 0; k < classes; k++) max = Math.Max(max, eta[k * rows + row]);
        var sum = 0.0;
        for (var k = 0; k < classes; k++)
        {
            var e = Math.Exp(eta[k * rows + row] - max);
            if (!probabilities.IsEmpty) probabilities[k * rows + row] = e;
            sum += e;
        }
        if (!probabilities.IsEmpty)
        {
            for (var k = 0; k < classes; k++) probabilities[k * rows + row] /= sum;
        }
        return max + Math.Log(sum);
    }

    /// <summary>
    /// The probabilities of every row (class-major) from η, and Σ_i s_i ℓ(y_i, η_i) (<paramref name="weights"/> empty: all 1);
    /// <paramref name="logSums"/> receives each row's log Σ e^η.
    /// </summary>
    public static double Probabilities(ReadOnlySpan<double> eta, ReadOnlySpan<double> codes, ReadOnlySpan<double> weights,
        Span<double> probabilities, Span<double> logSums)
    {
        var rows = codes.Length;
        var total = 0.0;
        for (var i = 0; i < rows; i++)
        {
            var lse = LogSumExp(eta, rows, i, probabilities);
            logSums[i] = lse;
            total += (weights.IsEmpty ? 1.0 : weights[i]) * (lse - eta[(int)codes[i] * rows + i]);
        }
        return total;
    }

    /// <summary>
    /// Σ_i s_i [ℓ(y_i, η_i + t·δ_i) − ℓ(y_i, η_i)] for a step t·δ of the predictors (class-major), from the rows' current
    /// log-sums: what a line search compares with the penalty's change.
    /// </summary>
    public static double LossChange(ReadOnlySpan<double> eta, ReadOnlySpan<double> delta, double t, ReadOnlySpan<double> codes,
        ReadOnlySpan<double> weights, ReadOnlySpan<double> logSums, Span<double> trial)
    {
        var rows = codes.Length;
        for (var m = 0; m < eta.Length; m++) trial[m] = eta[m] + t * delta[m];
        var change = 0.0;
        for (var i = 0; i < rows; i++)
        {
            var y = (int)codes[i] * rows + i;
            var lse = LogSumExp(trial, rows, i, default);
            change += (weights.IsEmpty ? 1.0 : weights[i]) * (lse - logSums[i] - t * delta[y]);
        }
        return change;
    }

    /// <summary>The null model's intercepts: b_k = log π_k − mean_l log π_l for the weighted class shares π (they sum to 0, as glmnet's).</summary>
    public static double[] NullIntercepts(ReadOnlySpan<double> codes, ReadOnlySpan<double> weights, int classes)
    {
        var shares = new double[classes];
        for (var i = 0; i < codes.Length; i++) shares[(int)codes[i]] += weights.IsEmpty ? 1.0 : weights[i];
        var b = new double[classes];
        var mean = 0.0;
        for (var k = 0; k < classes; k++)
        {
            b[k] = Math.Log(shares[k]);
            mean += b[k] / classes;
        }
        for (var k = 0; k < classes; k++) b[k] -= mean;
        return b;
    }

    /// <summary>The probability cv.glmnet clamps to before taking logs (its <c>prob_min</c>, and 1 − its <c>prob_max</c>).</summary>
    public const double ProbabilityFloor = 1e-5;

    /// <summary>The held-out deviance of one row, cv.glmnet's multinomial "deviance": 2·(−log p_y), p_y clamped to [1e-5, 1 − 1e-5].</summary>
    public static double Deviance(double probabilityOfClass) => -2 * Math.Log(Math.Clamp(probabilityOfClass, ProbabilityFloor, 1 - ProbabilityFloor));
}
