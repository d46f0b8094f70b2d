using System;
using System.Collections.Immutable;
using LanguageExt;
using PenaltyGen.Errors;
using PenaltyGen.Losses;

namespace PenaltyGen;

/// <summary>A classifier's predictions: the multinomial fit's K linear predictors, both classifiers' class probabilities.</summary>
public sealed partial record Fit
{
    /// <summary>
    /// The K intercepts b_k of a multinomial fit, in the order of <see cref="Classes"/> (centred: they sum to 0, as glmnet's;
    /// the probabilities do not change when every class's predictor moves alike). Empty for the other losses, whose
    /// intercept is <see cref="Intercept"/>. A multinomial fit's <see cref="Coefficients"/> hold its K×p coefficients class by
    /// class (scikit-learn's <c>coef_</c> read row by row): <see cref="ClassCoefficients"/> gives one class's row.
    /// </summary>
    public ImmutableArray<double> Intercepts { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>
    /// A name for every coefficient, in the order of <see cref="Coefficients"/>: the feature names, or for a multinomial fit
    /// "class:feature" (the class in the user's label) class by class.
    /// </summary>
    public ImmutableArray<string> CoefficientNames
    {
        get
        {
            if (Loss != LossKind.Multinomial) return FeatureNames;
            var names = ImmutableArray.CreateBuilder<string>(Coefficients.Length);
            for (var k = 0; k < Intercepts.Length; k++)
            {
                foreach (var feature in FeatureNames) names.Add($"{ClassName(k)}:{feature}");
            }
            return names.MoveToImmutable();
        }
    }

    /// <summary>Class <paramref name="k"/> as the user wrote it: its text label, or its value in invariant form.</summary>
    public string ClassName(int k) => ClassLabels.IsDefaultOrEmpty
        ? Classes[k].ToString("R", System.Globalization.CultureInfo.InvariantCulture)
        : ClassLabels[k];

    /// <summary>Whether the fit predicts classes (the logistic or the multinomial loss).</summary>
    public bool IsClassifier => Loss is LossKind.Logistic or LossKind.Multinomial;

    /// <summary>Class <paramref name="k"/>'s coefficients of a multinomial fit (one per feature, in feature order).</summary>
    public ReadOnlySpan<double> ClassCoefficients(int k) => Coefficients.AsSpan().Slice(k * FeatureNames.Length, FeatureNames.Length);

    /// <summary>
    /// A multinomial fit's K linear predictors xᵀβ_k + b_k of one row in training order, into <paramref name="scores"/>
    /// (one per class). Allocates nothing; bit for bit the values <see cref="ClassScores(Dataset)"/> gives the same row.
    /// </summary>
    /// <exception cref="ArgumentException">The row or the scores have the wrong length, or the fit is not multinomial.</exception>
    public void ClassScores(ReadOnlySpan<double> row, Span<double> scores)
    {
        if (Loss != LossKind.Multinomial) throw new ArgumentException($"class scores belong to a multinomial fit, not a {Loss} one", nameof(row));
        var p = FeatureNames.Length;
        if (row.Length != p)
            throw new ArgumentException($"the row has {row.Length} values but the model has {p} features ({string.Join(", ", FeatureNames)})", nameof(row));
        if (scores.Length != Intercepts.Length) throw new ArgumentException($"needs one score per class ({Intercepts.Length})", nameof(scores));
        for (var k = 0; k < scores.Length; k++)
        {
            var w = ClassCoefficients(k);
            var eta = 0.0;
            for (var j = 0; j < p; j++)
            {
                if (w[j] != 0) eta = Math.FusedMultiplyAdd(w[j], row[j], eta);
            }
            scores[k] = eta + Intercepts[k];
        }
    }

    /// <summary>A multinomial fit's K linear predictors of every row (rows × classes), columns matched by name.</summary>
    /// <returns>The scores, or an error naming the first feature the data lack (or a fit that is not multinomial).</returns>
    public Fin<double[,]> ClassScores(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Loss != LossKind.Multinomial)
            return new ParameterError("loss", Loss.ToString(), "class scores belong to a multinomial fit; use DecisionFunction");
        return ColumnsOf(data).Map(columns =>
        {
            var classes = Intercepts.Length;
            var scores = new double[data.Rows, classes];
            var eta = new double[data.Rows];
            for (var k = 0; k < classes; k++)
            {
                Array.Clear(eta);
                LinearPredictor(data, columns, ClassCoefficients(k), Intercepts[k], eta);
                for (var i = 0; i < eta.Length; i++) scores[i, k] = eta[i];
            }
            return scores;
        });
    }

    /// <summary>
    /// Each row's probability of every class (rows × classes, in the order of <see cref="Classes"/>; scikit-learn's
    /// <c>predict_proba</c>): the softmax of the class scores, or [1 − σ(η), σ(η)] for the logistic loss. Columns matched by name.
    /// </summary>
    /// <returns>The probabilities, or an error (a missing feature, or a model that is not a classifier).</returns>
    public Fin<double[,]> PredictProbabilities(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Loss == LossKind.Logistic)
        {
            return PredictProbability(data).Map(positive =>
            {
                var both = new double[positive.Length, 2];
                for (var i = 0; i < positive.Length; i++) (both[i, 0], both[i, 1]) = (1 - positive[i], positive[i]);
                return both;
            });
        }
        return ClassScores(data).Map(scores =>
        {
            var (rows, classes) = (scores.GetLength(0), scores.GetLength(1));
            var row = new double[classes];
            var probabilities = new double[classes];
            for (var i = 0; i < rows; i++)
            {
                for (var k = 0; k < classes; k++) row[k] = scores[i, k];
                Softmax.LogSumExp(row, 1, 0, probabilities);
                for (var k = 0; k < classes; k++) scores[i, k] = probabilities[k];
            }
            return scores;
        });
    }

    /// <summary>The class of the largest score in each row (the first on ties, as numpy's argmax).</summary>
    private double[] ArgMaxClasses(double[,] scores)
    {
        var predictions = new double[scores.GetLength(0)];
        for (var i = 0; i < predictions.Length; i++)
        {
            var best = 0;
            for (var k = 1; k < scores.GetLength(1); k++)
            {
                if (scores[i, k] > scores[i, best]) best = k;
            }
            predictions[i] = Classes[best];
        }
        return predictions;
    }

    /// <summary>The class a multinomial fit predicts for one row in training order. Allocates nothing for up to 64 classes.</summary>
    private double PredictClass(ReadOnlySpan<double> row)
    {
        Span<double> scores = Intercepts.Length <= 64 ? stackalloc double[Intercepts.Length] : new double[Intercepts.Length];
        ClassScores(row, scores);
        var best = 0;
        for (var k = 1; k < scores.Length; k++)
        {
            if (scores[k] > scores[best]) best = k;
        }
        return Classes[best];
    }

    private Fin<double[]> PredictClasses(double[,] x)
    {
        if (x.GetLength(1) != FeatureNames.Length)
            return new ParameterError("x", $"{x.GetLength(0)}×{x.GetLength(1)}", $"needs one column per feature of the model ({FeatureNames.Length}: {string.Join(", ", FeatureNames)}), in that order");
        var predictions = new double[x.GetLength(0)];
        var row = new double[x.GetLength(1)];
        for (var i = 0; i < predictions.Length; i++)
        {
            for (var j = 0; j < row.Length; j++) row[j] = x[i, j];
            predictions[i] = PredictClass(row);
        }
        return predictions;
    }
}
