using System;
using System.Collections.Immutable;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;

namespace PenaltyGen.Losses;

/// <summary>
/// The binary logistic loss for labels y ∈ {0, 1}: ℓ(y, η) = log(1 + e^η) − y·η, ℓ' = σ(η) − y, ℓ'' ≤ ¼.
/// scikit-learn's LogisticRegression minimizes C·Σℓ + penalty; dividing by C·n gives this data term
/// with α = 1/(C·n) (<see cref="AlphaFromC"/>).
/// </summary>
public readonly struct Logistic : ILoss
{
    /// <inheritdoc />
    public static LossKind Kind => LossKind.Logistic;

    /// <summary>log(p̄/(1 − p̄)) for the weighted mean label p̄ (0 when every label is the same: no finite optimum, and 0 is the neutral start).</summary>
    public static double NullIntercept(ReadOnlySpan<double> y, ReadOnlySpan<double> weights)
    {
        var mean = Loss.WeightedMean(y, weights);
        return mean is > 0 and < 1 ? Math.Log(mean / (1 - mean)) : 0.0;
    }

    /// <inheritdoc />
    public static string HeldOutMeasure => "log_loss";

    /// <summary>The log-loss ℓ(y, η), scikit-learn's log_loss term.</summary>
    public static double HeldOutError(double y, double eta) => Value(y, eta);

    /// <summary>
    /// Perfect separation (statsmodels warns of it too): every row is on its class's side of η = 0. Then the loss alone
    /// has no finite minimizer, the penalty is all that bounds w — it grows without limit as α shrinks (C grows) — and the
    /// loss is so flat that a gradient tolerance stops far from the penalized optimum at weak regularization.
    /// </summary>
    public static string? Diagnose(ReadOnlySpan<double> y, ReadOnlySpan<double> eta, ReadOnlySpan<double> weights)
    {
        for (var i = 0; i < y.Length; i++)
        {
            if (!weights.IsEmpty && weights[i] == 0) continue;
            if (y[i] == 1 ? !(eta[i] > 0) : !(eta[i] < 0)) return null;
        }
        return "The classes are perfectly separated on the training rows: without the penalty the optimum is at infinity, so the " +
               "coefficients grow without bound as alpha shrinks (C grows), and at weak regularization a tolerance on the gradient " +
               "stops far from the optimum. Increase alpha (lower C), or tighten the tolerance.";
    }

    /// <summary>log(1 + e^η) − yη, computed without overflow for large |η|.</summary>
    public static double Value(double y, double eta) =>
        (eta > 0 ? eta + Math.Log(1 + Math.Exp(-eta)) : Math.Log(1 + Math.Exp(eta))) - y * eta;

    /// <inheritdoc />
    public static double Derivative(double y, double eta) => Sigmoid(eta) - y;

    /// <summary>
    /// D = softplus(η₁) − softplus(η₀) − σ(η₀)δ, δ = η₁ − η₀ (y cancels). For small |δ| the Taylor series
    /// ½s₂δ² + s₃δ³/6 + s₄δ⁴/24 with s₂ = σ(1−σ), s₃ = s₂(1−2σ), s₄ = s₂(1 − 6s₂) avoids the cancellation.
    /// </summary>
    public static double Bregman(double y, double eta0, double eta1)
    {
        var delta = eta1 - eta0;
        var s = Sigmoid(eta0);
        if (Math.Abs(delta) < 1e-2)
        {
            var s2 = s * (1 - s);
            var s3 = s2 * (1 - 2 * s);
            var s4 = s2 * (1 - 6 * s2);
            return delta * delta * (0.5 * s2 + delta * (s3 / 6 + delta * s4 / 24));
        }
        return Value(0, eta1) - Value(0, eta0) - s * delta;
    }

    /// <summary>σ(η)(1 − σ(η)).</summary>
    public static double Curvature(double y, double eta)
    {
        var s = Sigmoid(eta);
        return s * (1 - s);
    }

    /// <inheritdoc />
    public static double CurvatureBound => 0.25;

    /// <inheritdoc />
    public static bool IsQuadratic => false;

    /// <summary>σ(η) = 1/(1 + e^−η), computed without overflow.</summary>
    public static double Sigmoid(double eta) => eta >= 0 ? 1 / (1 + Math.Exp(-eta)) : Math.Exp(eta) / (1 + Math.Exp(eta));

    /// <summary>scikit-learn's C as the strength α of the (1/n)·Σℓ objective: α = 1/(C·n).</summary>
    public static double AlphaFromC(double c, int samples) => 1.0 / (c * samples);

    /// <summary>Labels are any two values (scikit-learn's classes); a third is an error that names its row and the two before it.</summary>
    public static Fin<Unit> ValidateTarget(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var y = data.Target;
        double? first = null, second = null;
        for (var i = 0; i < y.Length; i++)
        {
            var v = y[i];
            if (first is null || v == first) first = v;
            else if (second is null || v == second) second = v;
            else
                return new DataError("dataset", null, data.TargetName,
                    $"row {i} holds {data.DescribeTarget(v)}, a third class after {data.DescribeTarget(first.Value)} and {data.DescribeTarget(second.Value)}; the logistic loss takes two classes");
        }
        return Prelude.unit;
    }

    /// <summary>
    /// scikit-learn's coding: the classes sorted, the smaller one 0 (the negative class) and the larger one 1 (the positive
    /// class, whose probability the model gives). Labels already 0 and 1 keep the data as they are.
    /// </summary>
    public static (Dataset Data, ImmutableArray<double> Classes) EncodeTarget(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var y = data.Target;
        var (low, high) = (double.PositiveInfinity, double.NegativeInfinity);
        foreach (var v in y)
        {
            low = Math.Min(low, v);
            high = Math.Max(high, v);
        }
        var binary = true;
        foreach (var v in y) binary &= v is 0.0 or 1.0;
        if (binary) return (data, [0.0, 1.0]);
        if (low == high) return (data.WithTarget(new double[y.Length]), [low, low]);
        var coded = new double[y.Length];
        for (var i = 0; i < coded.Length; i++) coded[i] = y[i] == high ? 1.0 : 0.0;
        return (data.WithTarget(coded), [low, high]);
    }
}
