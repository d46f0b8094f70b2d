using System;
using System.IO;
using System.Linq;
using PenaltyGen.Losses;
using PenaltyGen.Models;
using Xunit;

namespace PenaltyGen.Tests.Sparse;

/// <summary>
/// Sparse fits against the anchors on sparse input (tests/reference/sparse.json, generate.py sparse): scikit-learn 1.2's
/// Lasso, ElasticNet and LogisticRegression on a scipy.sparse matrix, glmnet 4.1 on a dgCMatrix (gaussian, standardized,
/// binomial, Poisson, multinomial) — the data read by this
/// library's loaders from the LibSVM file scikit-learn wrote and the Matrix Market files scipy wrote.
/// </summary>
public class SparseReferenceTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("sparse.json");

    private static string File(string name) => Path.Combine(AppContext.BaseDirectory, "reference", name);

    private static Dataset Matrix(string target) => MatrixMarket.Load(File("sparse_X.mtx"), File(target)).ThrowIfFail();

    private static System.Text.Json.JsonElement Case(string section, string name) =>
        Fixture.GetProperty(section).EnumerateArray().First(e => e.GetProperty("case").GetString() == name);

    private static void Near(System.Text.Json.JsonElement expected, Fit fit, double tolerance, string what)
    {
        Assert.True(fit.Converged, fit.Warning);
        var coef = expected.GetProperty("coef").Doubles();
        var scale = Math.Max(1.0, coef.Max(Math.Abs));
        for (var j = 0; j < coef.Length; j++)
            Assert.True(Math.Abs(coef[j] - fit.Coefficients[j]) <= tolerance * scale, $"{what}: coef[{j}] {fit.Coefficients[j]:R} vs {coef[j]:R}");
        var intercept = expected.GetProperty("intercept").GetDouble();
        Assert.True(Math.Abs(intercept - fit.Intercept) <= tolerance * Math.Max(1.0, Math.Abs(intercept)), $"{what}: intercept {fit.Intercept:R} vs {intercept:R}");
    }

    [Fact]
    public void The_LibSVM_and_Matrix_Market_files_load_as_the_same_sparse_matrix()
    {
        var svm = LibSvm.Load(File("sparse.svm")).ThrowIfFail();
        var mtx = Matrix("sparse_y.mtx");
        Assert.True(svm.IsSparse && mtx.IsSparse);
        Assert.Equal((Fixture.GetProperty("n").GetInt32(), Fixture.GetProperty("p").GetInt32()), (mtx.Rows, mtx.Columns));
        Assert.Equal(mtx.Columns, svm.Columns);
        Assert.Equal(mtx.Sparse!.ColumnStarts.ToArray(), svm.Sparse!.ColumnStarts.ToArray());
        Assert.Equal(mtx.Sparse.RowIndices.ToArray(), svm.Sparse.RowIndices.ToArray());
        // scikit-learn writes 16 significant digits, scipy 17: the values agree to the 16th.
        for (var k = 0; k < mtx.Sparse.NonZeros; k++) Assert.Equal(mtx.Sparse.Values[k], svm.Sparse.Values[k], 1e-15 * Math.Abs(mtx.Sparse.Values[k]));
        for (var i = 0; i < mtx.Rows; i++) Assert.Equal(mtx.Target[i], svm.Target[i], 1e-15 * Math.Max(1, Math.Abs(mtx.Target[i])));
        Assert.Equal("x1", svm.FeatureNames[0]);
    }

    [Theory]
    [InlineData("lasso")]
    [InlineData("lasso_no_intercept")]
    [InlineData("enet_weighted")]
    public void Least_squares_matches_scikit_learn_on_scipy_sparse(string name)
    {
        var data = LibSvm.Load(File("sparse.svm")).ThrowIfFail();
        var expected = Case("sklearn", name);
        var o = new FitOptions { Tol = 1e-14, MaxIterations = 1_000_000 };
        var fit = name switch
        {
            "lasso" => Lasso.Fit(data, 0.05, o),
            "lasso_no_intercept" => Lasso.Fit(data, 0.05, o with { FitIntercept = false }),
            _ => ElasticNet.Fit(data, 0.02, o with { L1Ratio = 0.3, SampleWeights = [.. Fixture.GetProperty("weights").Doubles()] }),
        };
        Near(expected, fit.ThrowIfFail(), 1e-8, name);
    }

    [Fact]
    public void L1_logistic_matches_scikit_learn_saga_on_scipy_sparse()
    {
        var data = Matrix("sparse_labels.mtx");
        var expected = Case("sklearn", "logistic_l1");
        var alpha = Logistic.AlphaFromC(expected.GetProperty("C").GetDouble(), data.Rows);
        Near(expected, Lasso.Fit(data, alpha, new FitOptions { Loss = LossKind.Logistic, Tol = 1e-12, MaxIterations = 100_000 }).ThrowIfFail(), 1e-6, "logistic");
    }

    [Fact]
    public void Multinomial_path_matches_glmnet_on_a_dgCMatrix()
    {
        var data = Matrix("sparse_classes.mtx");
        var fits = Fixture.GetProperty("glmnet").EnumerateArray().Where(e => e.GetProperty("case").GetString() == "multinomial").ToArray();
        var lambdas = fits.Select(f => f.GetProperty("lambda").GetDouble()).ToArray();
        var path = Lasso.Path(data, lambdas, new FitOptions { Loss = LossKind.Multinomial, Tol = 1e-12, MaxIterations = 100_000 }).ThrowIfFail();
        for (var a = 0; a < fits.Length; a++)
        {
            var fit = path[a];
            Assert.True(fit.Converged, fit.Warning);
            var coef = fits[a].GetProperty("coef").EnumerateArray().Select(c => c.Doubles()).ToArray();
            var scale = coef.Max(c => c.Max(Math.Abs));
            for (var k = 0; k < coef.Length; k++)
            {
                var mine = fit.ClassCoefficients(k);
                for (var j = 0; j < coef[k].Length; j++)
                    Assert.True(Math.Abs(coef[k][j] - mine[j]) <= 1e-6 * scale, $"λ {lambdas[a]} class {k} coef[{j}] {mine[j]:R} vs {coef[k][j]:R}");
                Assert.Equal(fits[a].GetProperty("intercepts")[k].GetDouble(), fit.Intercepts[k], 1e-6);
            }
        }
    }

    [Theory]
    [InlineData("gaussian", "sparse_y.mtx")]
    [InlineData("gaussian_std", "sparse_y.mtx")]
    [InlineData("binomial", "sparse_labels.mtx")]
    [InlineData("poisson", "sparse_counts.mtx")]
    public void Paths_match_glmnet_on_a_dgCMatrix(string name, string target)
    {
        var data = Matrix(target);
        var fits = Fixture.GetProperty("glmnet").EnumerateArray().Where(e => e.GetProperty("case").GetString() == name).ToArray();
        var lambdas = fits.Select(f => f.GetProperty("lambda").GetDouble()).ToArray();
        var o = new FitOptions { Tol = 1e-13, MaxIterations = 1_000_000, Standardize = name == "gaussian_std" };
        var path = name switch
        {
            "binomial" => Lasso.Path(data, lambdas, o with { Loss = LossKind.Logistic }),
            "poisson" => ElasticNet.Path(data, lambdas, o with { Loss = LossKind.Poisson, L1Ratio = 0.5 }),
            _ => Lasso.Path(data, lambdas, o),
        };
        var result = path.ThrowIfFail();
        for (var k = 0; k < fits.Length; k++) Near(fits[k], result[k], 1e-6, $"{name} λ {lambdas[k]}");
        if (name == "gaussian") Assert.Equal(lambdas[0], Lasso.AlphaGrid(data, 20, 1e-4, o).ThrowIfFail()[0], lambdas[0] * 1e-10);
    }
}
