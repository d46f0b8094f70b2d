using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using LanguageExt;
using PenaltyGen.Errors;
using PenaltyGen.Losses;
using PenaltyGen.Metrics;

namespace PenaltyGen;

/// <summary>
/// One fitted model: coefficients in the training data's feature order, intercept, and how the solver ended.
/// <see cref="DualityGap"/> is on the (1/(2n)) objective, as scikit-learn's <c>dual_gap_</c>; NaN where no
/// closed-form gap exists (then <see cref="KktResidual"/>, max_j dist(−∇_j loss, ∂penalty_j), certifies).
/// Predictions match the data's columns to <see cref="FeatureNames"/> by name; <see cref="Save"/> and
/// <see cref="Load"/> round-trip the fit bit for bit.
/// </summary>
/// <param name="Alpha">The strength α in the user's (scikit-learn's) units.</param>
/// <param name="Coefficients">w, one per feature, in the order of <paramref name="FeatureNames"/>.</param>
/// <param name="Intercept">b (0 when fitted without an intercept).</param>
/// <param name="Iterations">Full sweeps (coordinate descent on least squares), Newton steps (proximal Newton, other losses:
/// what scikit-learn's <c>n_iter_</c> counts for LogisticRegression) or proximal-gradient steps (FISTA) the solver took.</param>
/// <param name="DualityGap">The duality gap on the (1/(2n)) objective; NaN where no closed form exists.</param>
/// <param name="KktResidual">max_j dist(−∇_j loss, ∂penalty_j): zero exactly at the optimum.</param>
/// <param name="Converged">Whether the stopping rule was met within the iteration budget.</param>
/// <param name="Warning">scikit-learn's ConvergenceWarning text when the fit did not converge, and what the loss found in the
/// data at the solution (<see cref="Losses.ILoss.Diagnose"/>: perfectly separated classes); null when neither.</param>
/// <param name="Solver">The algorithm that ran.</param>
/// <param name="Loss">The data term.</param>
/// <param name="FeatureNames">The training data's feature names, in coefficient order.</param>
public sealed partial record Fit(
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
    /// <summary>The model type that was fitted, namespace-qualified (its generated <c>Penalty.ModelName</c>).</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>The penalty g(w) of the model, as its generated <c>Penalty.Formula</c> writes it.</summary>
    public string Formula { get; init; } = string.Empty;

    /// <summary>ρ read at run time by an <c>[ElasticNet]</c> model without a folded ratio; null for every other model.</summary>
    public double? L1Ratio { get; init; }

    /// <summary>γ (MCP) or a (SCAD) read at run time by a model that declares none; null for every other model.</summary>
    public double? Concavity { get; init; }

    /// <summary>
    /// A classifier's two classes in the user's labels, [negative, positive] (scikit-learn's <c>classes_</c>): predictions
    /// are these labels and probabilities are the positive class's. Empty for a regression (and read as [0, 1] for a
    /// logistic fit without them).
    /// </summary>
    public ImmutableArray<double> Classes { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>
    /// The classes' text labels when the target was text ("no", "yes": <see cref="Dataset.TargetLabels"/>), in the order of
    /// <see cref="Classes"/>, which then hold their codes; <see cref="PredictLabels"/> answers in them. Empty otherwise.
    /// </summary>
    public ImmutableArray<string> ClassLabels { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>
    /// Coordinate sweeps in all: for the proximal Newton solver (non-quadratic losses) the sweeps of all its models, whose
    /// steps <see cref="Iterations"/> counts; for the other solvers the same as <see cref="Iterations"/>. A diagnostic of the
    /// run: not written to model files (a loaded fit reports its iterations).
    /// </summary>
    public int Sweeps { get; init; }

    /// <summary>The name of the training data's target column.</summary>
    public string TargetName { get; init; } = "target";

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

    /// <summary>
    /// The linear predictor η = xᵀw + b of one row whose values are in the training order of <see cref="FeatureNames"/>.
    /// Allocates nothing; bit for bit the value the dataset overloads compute for the same row.
    /// </summary>
    /// <exception cref="ArgumentException">The row does not hold one value per feature.</exception>
    /// <exception cref="InvalidOperationException">The fit is multinomial: it has one predictor per class (<see cref="ClassScores(ReadOnlySpan{double}, Span{double})"/>).</exception>
    public double DecisionFunction(ReadOnlySpan<double> row)
    {
        if (Loss == LossKind.Multinomial)
            throw new InvalidOperationException($"a multinomial fit has one linear predictor per class ({Classes.Length}); use ClassScores(row, scores)");
        if (row.Length != Coefficients.Length)
            throw new ArgumentException($"the row has {row.Length} values but the model has {Coefficients.Length} features ({string.Join(", ", FeatureNames)})", nameof(row));
        var w = Coefficients.AsSpan();
        // η accumulates w_j·x_j in feature order with fused multiply-adds, exactly as the column kernel below does per row.
        var eta = 0.0;
        for (var j = 0; j < w.Length; j++)
        {
            if (w[j] != 0) eta = Math.FusedMultiplyAdd(w[j], row[j], eta);
        }
        return eta + Intercept;
    }

    /// <summary>The prediction for one row in training column order: xᵀw + b, or the class 0/1 (σ(η) > ½) for the logistic loss.</summary>
    /// <exception cref="ArgumentException">The row does not hold one value per feature.</exception>
    public double Predict(ReadOnlySpan<double> row) => Loss == LossKind.Multinomial ? PredictClass(row) : Response(DecisionFunction(row));

    /// <summary>The linear predictor xᵀw + b of every row; the data's columns are matched to the model's features by name.</summary>
    /// <returns>One value per row, or an error naming the first feature the data lack.</returns>
    public Fin<double[]> DecisionFunction(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Loss == LossKind.Multinomial)
            return new ParameterError("loss", "Multinomial", $"gives one linear predictor per class ({Classes.Length}); use ClassScores");
        return ColumnsOf(data).Map(columns => LinearPredictor(data, columns));
    }

    /// <summary>The linear predictor of every row of a row-major matrix whose columns are in training order.</summary>
    /// <returns>One value per row, or an error when the matrix has another number of columns.</returns>
    public Fin<double[]> DecisionFunction(double[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (Loss == LossKind.Multinomial)
            return new ParameterError("loss", "Multinomial", $"gives one linear predictor per class ({Classes.Length}); use ClassScores");
        if (x.GetLength(1) != Coefficients.Length)
            return new ParameterError("x", $"{x.GetLength(0)}×{x.GetLength(1)}", $"needs one column per feature of the model ({Coefficients.Length}: {string.Join(", ", FeatureNames)}), in that order");
        var eta = new double[x.GetLength(0)];
        var row = new double[Coefficients.Length];
        for (var i = 0; i < eta.Length; i++)
        {
            for (var j = 0; j < row.Length; j++) row[j] = x[i, j];
            eta[i] = DecisionFunction(row);
        }
        return eta;
    }

    /// <summary>Predictions for every row, columns matched by name: xᵀw + b for least squares; the class for the logistic loss; the mean count e^(xᵀw + b) for the Poisson loss.</summary>
    /// <returns>One prediction per row, or an error naming the first feature the data lack.</returns>
    public Fin<double[]> Predict(Dataset data) => Loss == LossKind.Multinomial ? ClassScores(data).Map(ArgMaxClasses) : DecisionFunction(data).Map(ToResponses);

    /// <summary>Predictions for a row-major matrix whose columns are in training order.</summary>
    /// <returns>One prediction per row, or an error when the matrix has another number of columns.</returns>
    public Fin<double[]> Predict(double[,] x) => Loss == LossKind.Multinomial ? PredictClasses(x) : DecisionFunction(x).Map(ToResponses);

    /// <summary>
    /// A classifier's predictions in the user's labels, columns matched by name: the text labels of a fit on a text target,
    /// otherwise the class values in invariant form ("3", "7").
    /// </summary>
    /// <returns>One label per row, or an error (a missing feature, or a model that is not a classifier).</returns>
    public Fin<string[]> PredictLabels(Dataset data)
    {
        if (!IsClassifier)
            return new ParameterError("loss", Loss.ToString(), "labels need a classifier (a model fitted with the logistic or multinomial loss)");
        return Predict(data).Map(values =>
        {
            var labels = new string[values.Length];
            for (var i = 0; i < labels.Length; i++) labels[i] = LabelOf(values[i]);
            return labels;
        });
    }

    private string LabelOf(double value) => ClassLabels.IsDefaultOrEmpty
        ? value.ToString("R", CultureInfo.InvariantCulture)
        : ClassLabels[Classes.IsDefaultOrEmpty ? (int)value : Classes.IndexOf(value)];

    /// <summary>P(y = positive class | x) = σ(xᵀw + b) for every row of a logistic fit (the positive class is <see cref="Classes"/>[1]), columns matched by name.</summary>
    /// <returns>One probability per row, or an error (a missing feature, or a model that is not logistic).</returns>
    public Fin<double[]> PredictProbability(Dataset data)
    {
        if (Loss != LossKind.Logistic)
            return new ParameterError("loss", Loss.ToString(), "probabilities need a model fitted with the logistic loss");
        return DecisionFunction(data).Map(eta =>
        {
            for (var i = 0; i < eta.Length; i++) eta[i] = Logistic.Sigmoid(eta[i]);
            return eta;
        });
    }

    /// <summary>scikit-learn's <c>score</c>: R² for least squares, mean accuracy for the logistic loss, D² (the share of the null deviance explained) for the Poisson loss.</summary>
    /// <returns>The score, or an error when the data have no target or lack a feature.</returns>
    public Fin<double> Score(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.HasTarget)
            return new DataError("data", null, null, "has no target column; scoring compares predictions with the target");
        // Text labels are compared as text: another file's labels are coded by its own sorted list.
        var byLabel = !ClassLabels.IsDefaultOrEmpty || !data.TargetLabels.IsEmpty;
        if (IsClassifier && byLabel && (ClassLabels.IsDefaultOrEmpty || data.TargetLabels.IsEmpty))
            return new DataError("data", null, data.TargetName, ClassLabels.IsDefaultOrEmpty
                ? "holds text labels, but the model was fitted on numeric classes"
                : $"holds numbers, but the model predicts the labels {string.Join(", ", ClassLabels)}");
        if (!IsClassifier && !data.TargetLabels.IsEmpty)
            return new DataError("data", null, data.TargetName, "holds text labels; a regression is scored on numbers");
        return Predict(data).Map(predictions =>
        {
            if (Loss == LossKind.Poisson) return ExplainedDeviance(data.Target, predictions);
            if (!IsClassifier) return Regression.R2(data.Target, predictions);
            var correct = 0;
            for (var i = 0; i < predictions.Length; i++)
            {
                if (byLabel ? LabelOf(predictions[i]) == data.DescribeTarget(data.Target[i]) : predictions[i] == data.Target[i]) correct++;
            }
            return (double)correct / predictions.Length;
        });
    }

    /// <summary>Writes the fit to <paramref name="path"/> as JSON (format in docs/model-files.md); the file appears whole or not at all.</summary>
    /// <returns>Unit, or an error naming the file when it cannot be written.</returns>
    public Fin<Unit> Save(string path) => ModelFile.Save(this, path);

    /// <summary>Reads a fit written by <see cref="Save"/>; another format version, a truncated or altered file is an error.</summary>
    /// <returns>The fit, bit for bit as saved, or an error naming the file and the problem.</returns>
    public static Fin<Fit> Load(string path) => ModelFile.Load(path);

    /// <summary>One line for people: the model, its strength, sparsity, intercept and how the solver ended.</summary>
    public override string ToString()
    {
        var model = Model.Length > 0 ? Model : "Fit";
        var ratio = L1Ratio is { } r ? string.Create(CultureInfo.InvariantCulture, $", ρ = {r:G6}") : string.Empty;
        var certificate = double.IsNaN(DualityGap)
            ? string.Create(CultureInfo.InvariantCulture, $"KKT residual {KktResidual:G3}")
            : string.Create(CultureInfo.InvariantCulture, $"duality gap {DualityGap:G3}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{model} (g(w) = {Formula}, {Loss switch { LossKind.Logistic => "logistic", LossKind.Multinomial => "multinomial", LossKind.Poisson => "Poisson", LossKind.LeastSquares => "least squares", _ => "a user-written loss" }}): α = {Alpha:G6}{ratio}, {NonZeroCount}/{Coefficients.Length} non-zero, intercept {Intercept:G6}; {Solver}, {Iterations} iterations, {(Converged ? "converged" : "NOT converged")} ({certificate})");
    }

    private double Response(double eta) => Loss switch
    {
        LossKind.Logistic => eta > 0 ? (Classes.IsDefaultOrEmpty ? 1.0 : Classes[1]) : (Classes.IsDefaultOrEmpty ? 0.0 : Classes[0]),
        LossKind.Poisson => Math.Exp(eta),
        _ => eta,
    };

    private double[] ToResponses(double[] eta)
    {
        if (Loss is LossKind.Logistic or LossKind.Poisson)
        {
            for (var i = 0; i < eta.Length; i++) eta[i] = Response(eta[i]);
        }
        return eta;
    }

    /// <summary>scikit-learn's D² for the Poisson deviance: 1 − Σ dev(y_i, μ_i) / Σ dev(y_i, ȳ).</summary>
    private static double ExplainedDeviance(ReadOnlySpan<double> y, double[] mu)
    {
        var mean = 0.0;
        foreach (var v in y) mean += v;
        mean /= y.Length;
        double residual = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            residual += Poisson.Deviance(y[i], mu[i]);
            total += Poisson.Deviance(y[i], mean);
        }
        return 1 - residual / total;
    }

    /// <summary>For each feature of the model, the index of the data's column of that name.</summary>
    private Fin<int[]> ColumnsOf(Dataset data)
    {
        var columns = new int[FeatureNames.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = data.FeatureNames.IndexOf(FeatureNames[j]);
            if (columns[j] < 0)
                return new DataError("data", null, FeatureNames[j],
                    $"is missing; the model was fitted on {string.Join(", ", FeatureNames)} and the data have {string.Join(", ", data.FeatureNames)}");
        }
        return columns;
    }

    /// <summary>
    /// η_i = b + Σ_j w_j·x_ij over the model's features in training order, one column at a time with fused multiply-adds:
    /// every row sums in the same order as <see cref="DecisionFunction(ReadOnlySpan{double})"/>, so both give the same bits,
    /// whatever the order of the data's columns.
    /// </summary>
    private double[] LinearPredictor(Dataset data, int[] columns)
    {
        var eta = new double[data.Rows];
        LinearPredictor(data, columns, eta);
        return eta;
    }

    /// <summary>The linear predictor of data whose columns are the model's own, in training order (e.g. a held-out fold).</summary>
    internal double[] LinearPredictorOfTrainingColumns(Dataset data)
    {
        var eta = new double[data.Rows];
        LinearPredictor(data, null, eta);
        return eta;
    }

    private void LinearPredictor(Dataset data, int[]? columns, double[] eta) => LinearPredictor(data, columns, Coefficients.AsSpan(), Intercept, eta);

    private static void LinearPredictor(Dataset data, int[]? columns, ReadOnlySpan<double> w, double intercept, Span<double> eta)
    {
        for (var j = 0; j < w.Length; j++)
        {
            if (w[j] == 0) continue;
            if (data.Sparse is { } sparse)
            {
                // The stored entries only: a zero's fused multiply-add leaves η_i as it is, so the bits are the dense sum's.
                var rows = sparse.RowsOf(columns is null ? j : columns[j]);
                var values = sparse.ValuesOf(columns is null ? j : columns[j]);
                for (var k = 0; k < rows.Length; k++) eta[rows[k]] = Math.FusedMultiplyAdd(w[j], values[k], eta[rows[k]]);
                continue;
            }
            var x = data.Column(columns is null ? j : columns[j]);
            var i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var wj = new Vector<double>(w[j]);
                for (; i <= eta.Length - Vector<double>.Count; i += Vector<double>.Count)
                    Vector.FusedMultiplyAdd(wj, new Vector<double>(x[i..]), new Vector<double>(eta[i..])).CopyTo(eta[i..]);
            }
            for (; i < eta.Length; i++) eta[i] = Math.FusedMultiplyAdd(w[j], x[i], eta[i]);
        }
        for (var i = 0; i < eta.Length; i++) eta[i] += intercept;
    }
}
