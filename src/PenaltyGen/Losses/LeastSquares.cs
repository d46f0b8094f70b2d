using System;
using LanguageExt;
using PenaltyGen.Data;

namespace PenaltyGen.Losses;

/// <summary>ℓ(y, η) = ½(y − η)²: the data term (1/(2n))‖y − Xw − b‖² of scikit-learn's Lasso and ElasticNet.</summary>
public readonly struct LeastSquares : ILoss
{
    /// <inheritdoc />
    public static LossKind Kind => LossKind.LeastSquares;

    /// <inheritdoc />
    public static double Value(double y, double eta) => 0.5 * (y - eta) * (y - eta);

    /// <inheritdoc />
    public static double Derivative(double y, double eta) => eta - y;

    /// <inheritdoc />
    public static double Bregman(double y, double eta0, double eta1) => 0.5 * (eta1 - eta0) * (eta1 - eta0);

    /// <inheritdoc />
    public static double Curvature(double y, double eta) => 1.0;

    /// <inheritdoc />
    public static double CurvatureBound => 1.0;

    /// <inheritdoc />
    public static bool IsQuadratic => true;

    /// <inheritdoc />
    public static Fin<Unit> ValidateTarget(Dataset data) => Prelude.unit;

    /// <summary>The weighted mean of y.</summary>
    public static double NullIntercept(ReadOnlySpan<double> y, ReadOnlySpan<double> weights) => Loss.WeightedMean(y, weights);

    /// <inheritdoc />
    public static string HeldOutMeasure => "mse";

    /// <summary>(y − η)², scikit-learn's mean squared error term.</summary>
    public static double HeldOutError(double y, double eta) => (y - eta) * (y - eta);
}
