using System;
using System.Linq;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Losses;
using PenaltyGen.Models;
using PenaltyGen.Paths;
using PenaltyGen.Solvers;
using PenaltyGen.Validation;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// A loss written outside the library fits through the same pipeline as the built-in ones: a copy of least squares
/// gives the built-in fits bit for bit (nothing in the pipeline singles out the built-in type), and the sample's Huber
/// loss reaches scipy's optimum of the same objective (tests/reference/huber.json, generate.py huber).
/// </summary>
public class UserLossTests
{
    /// <summary>LeastSquares, member for member, as a user would copy it.</summary>
    private readonly struct MySquares : ILoss
    {
        public static LossKind Kind => LossKind.LeastSquares;

        public static double Value(double y, double eta) => 0.5 * (y - eta) * (y - eta);

        public static double Derivative(double y, double eta) => eta - y;

        public static double Bregman(double y, double eta0, double eta1) => 0.5 * (eta1 - eta0) * (eta1 - eta0);

        public static double Curvature(double y, double eta) => 1.0;

        public static double CurvatureBound => 1.0;

        public static bool IsQuadratic => true;

        public static Fin<Unit> ValidateTarget(Dataset data) => Prelude.unit;

        public static double NullIntercept(ReadOnlySpan<double> y, ReadOnlySpan<double> weights) => Loss.WeightedMean(y, weights);

        public static string HeldOutMeasure => "mse";

        public static double HeldOutError(double y, double eta) => (y - eta) * (y - eta);
    }

    [Fact]
    public void A_copy_of_least_squares_gives_the_built_in_fit_bit_for_bit()
    {
        var data = Diabetes.Load();
        foreach (var options in new[] { FitOptions.Default, FitOptions.Default with { Solver = SolverKind.Fista, MaxIterations = 5000 } })
        {
            var mine = Estimator.Fit<ElasticNet.Penalty, MySquares>(data, 0.01, options).ThrowIfFail();
            var builtIn = ElasticNet.Fit(data, 0.01, options).ThrowIfFail();
            Assert.Equal(builtIn.Coefficients.ToArray(), mine.Coefficients.ToArray());
            Assert.Equal(builtIn.Intercept, mine.Intercept);
            Assert.Equal(builtIn.DualityGap, mine.DualityGap);
            Assert.Equal(builtIn.Iterations, mine.Iterations);
        }
    }

    [Fact]
    public void A_copy_of_least_squares_gives_the_built_in_path_and_cross_validation_bit_for_bit()
    {
        var data = Diabetes.Load();
        var mine = RegularizationPaths.Fit<Lasso.Penalty, MySquares>(data, 30, 1e-3).ThrowIfFail();
        var builtIn = RegularizationPaths.Fit<Lasso.Penalty>(data, 30, 1e-3).ThrowIfFail();
        Assert.Equal(builtIn.Alphas.ToArray(), mine.Alphas.ToArray());
        for (var i = 0; i < mine.Fits.Length; i++)
        {
            Assert.Equal(builtIn.Fits[i].Coefficients.ToArray(), mine.Fits[i].Coefficients.ToArray());
            Assert.Equal(builtIn.Fits[i].DualityGap, mine.Fits[i].DualityGap);
        }
        var cv = new CrossValidationOptions { AlphaCount = 10 };
        var myCv = CrossValidation.Run<Lasso.Penalty, MySquares>(data, cv).ThrowIfFail();
        var builtInCv = CrossValidation.Run<Lasso.Penalty>(data, cv).ThrowIfFail();
        Assert.Equal(builtInCv.MeanError.ToArray(), myCv.MeanError.ToArray());
        Assert.Equal(builtInCv.AlphaMin, myCv.AlphaMin);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void The_samples_Huber_loss_reaches_scipys_optimum(int index)
    {
        var reference = Reference.Load("huber.json");
        Assert.Equal(CustomLoss.Huber.Delta, reference.GetProperty("delta").GetDouble());
        var data = WithOutliers(reference.GetProperty("outliers").Ints());
        var c = reference.GetProperty("cases")[index];
        var fit = Estimator.Fit<Lasso.Penalty, CustomLoss.Huber>(data, c.GetProperty("alpha").GetDouble(), FitOptions.Default with { Tol = 1e-10 }).ThrowIfFail();
        Assert.True(fit.Converged);
        Assert.Equal(LossKind.Custom, fit.Loss);
        var expected = c.GetProperty("coef").Doubles();
        var scale = expected.Max(Math.Abs);
        for (var j = 0; j < expected.Length; j++) Assert.Equal(expected[j], fit.Coefficients[j], 1e-7 * scale);
        Assert.Equal(c.GetProperty("intercept").GetDouble(), fit.Intercept, 1e-7 * scale);
        // Our objective at our point is no worse than scipy's at its own.
        var objective = Objective(data, fit, c.GetProperty("alpha").GetDouble());
        Assert.True(objective <= c.GetProperty("objective").GetDouble() * (1 + 1e-12), $"{objective} vs {c.GetProperty("objective").GetDouble()}");
    }

    [Fact]
    public void A_user_loss_walks_a_path_and_cannot_be_saved_as_a_model_file()
    {
        var data = WithOutliers([3, 50, 120, 200, 333]);
        var path = RegularizationPaths.Fit<Lasso.Penalty, CustomLoss.Huber>(data, 20, 1e-2).ThrowIfFail();
        Assert.All(path.Fits, f => Assert.True(f.Converged));
        // The grid starts where w = 0 stops being optimal: the first fit is zero, the second is not.
        Assert.Equal(0, path.Fits[0].NonZeroCount);
        Assert.True(path.Fits[1].NonZeroCount > 0);
        var error = path.Fits[^1].Save(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "never-written.json")).Match(_ => "", e => e.Message);
        Assert.Contains("was fitted with a user-written loss", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loss_option_beside_a_loss_type_argument_is_an_error()
    {
        var error = Estimator.Fit<Lasso.Penalty, CustomLoss.Huber>(Diabetes.Load(), 0.1, FitOptions.Default with { Loss = LossKind.Logistic })
            .Match(_ => "", e => e.Message);
        Assert.Equal("loss = Logistic is invalid: does not apply: the loss is the type argument Huber; leave FitOptions.Loss unset", error);
        var custom = Lasso.Fit(Diabetes.Load(), 0.1, FitOptions.Default with { Loss = LossKind.Custom }).Match(_ => "", e => e.Message);
        Assert.Equal("loss = Custom is invalid: names no built-in loss; a user-written loss is given as a type argument (Estimator.Fit<TPenalty, TLoss>)", custom);
    }

    private static Dataset WithOutliers(int[] rows)
    {
        var data = Diabetes.Load();
        var y = data.Target.ToArray();
        foreach (var i in rows) y[i] += 400;
        return Dataset.FromMatrix(data.FeatureMatrix(), MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(y), [.. data.FeatureNames]).ThrowIfFail();
    }

    private static double Objective(Dataset data, Fit fit, double alpha)
    {
        var eta = fit.Predict(data).ThrowIfFail();
        var loss = 0.0;
        for (var i = 0; i < data.Rows; i++) loss += CustomLoss.Huber.Value(data.Target[i], eta[i]);
        return loss / data.Rows + alpha * fit.Coefficients.Sum(Math.Abs);
    }
}
