using System;

namespace PenaltyGen.Metrics;

/// <summary>Regression scores with scikit-learn's definitions.</summary>
public static class Regression
{
    /// <summary>
    /// The coefficient of determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², as <c>sklearn.metrics.r2_score</c>.
    /// For a constant y the ratio is undefined; scikit-learn (force_finite=True) returns 1 when the
    /// prediction is perfect and 0 otherwise, and so does this. With fewer than two samples R² is not defined:
    /// NaN, as scikit-learn (which also warns).
    /// </summary>
    public static double R2(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred)
    {
        CheckLengths(yTrue, yPred);
        if (yTrue.Length < 2) return double.NaN;
        var mean = 0.0;
        foreach (var v in yTrue) mean += v;
        mean /= yTrue.Length;
        double ssRes = 0, ssTot = 0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var r = yTrue[i] - yPred[i];
            var d = yTrue[i] - mean;
            ssRes += r * r;
            ssTot += d * d;
        }
        if (ssTot == 0) return ssRes == 0 ? 1.0 : 0.0;
        return 1 - ssRes / ssTot;
    }

    /// <summary>Mean squared error (1/n)Σ(y − ŷ)², as <c>sklearn.metrics.mean_squared_error</c>.</summary>
    public static double MeanSquaredError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred)
    {
        CheckLengths(yTrue, yPred);
        var s = 0.0;
        for (var i = 0; i < yTrue.Length; i++) s += (yTrue[i] - yPred[i]) * (yTrue[i] - yPred[i]);
        return s / yTrue.Length;
    }

    private static void CheckLengths(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred)
    {
        if (yTrue.Length == 0) throw new ArgumentException("y_true is empty", nameof(yTrue));
        if (yTrue.Length != yPred.Length)
            throw new ArgumentException($"y_true has {yTrue.Length} values but y_pred has {yPred.Length}", nameof(yPred));
    }
}
