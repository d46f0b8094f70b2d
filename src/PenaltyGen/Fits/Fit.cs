using System;
using System.Collections.Immutable;
using PenaltyGen.Data;
using PenaltyGen.Losses;
using PenaltyGen.Metrics;
using PenaltyGen.Solvers;

namespace PenaltyGen;

/// <summary>
/// One fitted model: coefficients in the dataset's feature order, intercept, and how the solver ended.
/// <see cref="DualityGap"/> is on the (1/(2n)) objective, as scikit-learn's <c>dual_gap_</c>; NaN where no
/// closed-form gap exists (then <see cref="KktResidual"/>, max_j dist(−∇_j loss, ∂penalty_j), certifies).
/// </summary>
public sealed record Fit(
    double Alpha,
    ImmutableArray<double> Coefficients,
    double Intercept,
    int Iterations,
    double DualityGap,
    double KktResidual,
    bool Converged,
    string? Warning,
    SolverKind Solver,
    LossKind Loss,
    ImmutableArray<string> FeatureNames)
{
    /// <summary>The number of coefficients that are not exactly zero.</summary>
    public int NonZeroCount
    {
        get
        {
            var count = 0;
            foreach (var w in Coefficients)
            {
                if (w != 0) count++;
            }
            return count;
        }
    }

    /// <summary>The linear predictor Xw + b for every row of <paramref name="data"/>.</summary>
    public double[] DecisionFunction(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != Coefficients.Length)
            throw new ArgumentException($"the data have {data.Columns} features but the model was fitted on {Coefficients.Length}", nameof(data));
        var eta = new double[data.Rows];
        Kernels.Blas.Gemv(data.Features, data.Rows, Coefficients.AsSpan(), eta);
        for (var i = 0; i < eta.Length; i++) eta[i] += Intercept;
        return eta;
    }

    /// <summary>Predictions: Xw + b for least squares; class labels 0/1 (σ(η) > ½) for the logistic loss.</summary>
    public double[] Predict(Dataset data)
    {
        var eta = DecisionFunction(data);
        if (Loss == LossKind.Logistic)
        {
            for (var i = 0; i < eta.Length; i++) eta[i] = eta[i] > 0 ? 1.0 : 0.0;
        }
        return eta;
    }

    /// <summary>P(y = 1 | x) = σ(xᵀw + b) for a logistic fit.</summary>
    public double[] PredictProbability(Dataset data)
    {
        var eta = DecisionFunction(data);
        for (var i = 0; i < eta.Length; i++) eta[i] = Logistic.Sigmoid(eta[i]);
        return eta;
    }

    /// <summary>scikit-learn's <c>score</c>: R² for least squares, mean accuracy for the logistic loss.</summary>
    public double Score(Dataset data)
    {
        var predictions = Predict(data);
        if (Loss == LossKind.LeastSquares) return Regression.R2(data.Target, predictions);
        var correct = 0;
        for (var i = 0; i < predictions.Length; i++)
        {
            if (predictions[i] == data.Target[i]) correct++;
        }
        return (double)correct / predictions.Length;
    }
}
