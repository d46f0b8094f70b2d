using System;
using System.Linq;
using CsCheck;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers;
using Xunit;

namespace PenaltyGen.Tests.Reliability;

/// <summary>
/// On 500 random problems across losses × penalties × solvers, the returned fit satisfies the optimality
/// conditions, recomputed here from the data (not the solver's own certificate), and coordinate descent and
/// FISTA, two different algorithms, reach the same objective value.
/// </summary>
public class CertificateProperties
{
    public sealed record Problem(int Seed, int N, int P, LossKind Loss, string Penalty, double Ratio, double AlphaFraction)
    {
        public override string ToString() => $"{Penalty}/{Loss} n={N} p={P} ρ={Ratio:F2} α={AlphaFraction:F3}·α_max seed={Seed}";
    }

    private static readonly Gen<Problem> Problems =
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[5, 40], Gen.Int[1, 12], Gen.Int[0, 1], Gen.Int[0, 3], Gen.Double[0.05, 1.0], Gen.Double[0.01, 1.2])
            .Select((seed, n, p, loss, penalty, ratio, fraction) => new Problem(seed, n, p, loss == 0 ? LossKind.LeastSquares : LossKind.Logistic,
                new[] { "lasso", "elasticnet", "nonnegative", "ridge" }[penalty], ratio, fraction));

    private static Dataset Data(Problem pr)
    {
        var random = new Random(pr.Seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var x = new double[pr.N * pr.P];
        for (var k = 0; k < x.Length; k++) x[k] = Normal();
        var beta = Enumerable.Range(0, pr.P).Select(j => j % 3 == 0 ? Normal() * 2 : 0).ToArray();
        var y = new double[pr.N];
        for (var i = 0; i < pr.N; i++)
        {
            var eta = 0.5;
            for (var j = 0; j < pr.P; j++) eta += x[j * pr.N + i] * beta[j];
            y[i] = pr.Loss == LossKind.Logistic ? (random.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0) : eta + Normal();
        }
        return Dataset.FromColumnMajor(x, y, Enumerable.Range(0, pr.P).Select(j => $"x{j}").ToArray()).ThrowIfFail();
    }

    private static (Fit Fit, double Objective, double Kkt) Solve(Problem pr, Dataset data, SolverKind solver)
    {
        var options = new FitOptions { Loss = pr.Loss, Solver = solver, Tol = 1e-9, MaxIterations = 200_000, L1Ratio = pr.Penalty switch { "ridge" => 0, "lasso" or "nonnegative" => null, _ => pr.Ratio } };
        var fraction = pr.AlphaFraction;
        Fit fit;
        double Objective, Kkt;
        switch (pr.Penalty)
        {
            case "lasso":
                fit = Lasso.Fit(data, fraction * Paths.RegularizationPaths.AlphaMax<Lasso.Penalty>(data, options), options).ThrowIfFail();
                (Objective, Kkt) = Check<Lasso.Penalty>(data, fit, options);
                break;
            case "nonnegative":
                fit = NonNegativeLasso.Fit(data, fraction * Paths.RegularizationPaths.AlphaMax<Lasso.Penalty>(data, options), options).ThrowIfFail();
                (Objective, Kkt) = Check<NonNegativeLasso.Penalty>(data, fit, options);
                break;
            default:
                var alpha = pr.Penalty == "ridge" ? fraction : fraction * Paths.RegularizationPaths.AlphaMax<ElasticNet.Penalty>(data, options);
                fit = ElasticNet.Fit(data, alpha, options).ThrowIfFail();
                (Objective, Kkt) = Check<ElasticNet.Penalty>(data, fit, options);
                break;
        }
        return (fit, Objective, Kkt);
    }

    /// <summary>Objective and relative KKT residual of (w, b), from the data alone.</summary>
    private static (double Objective, double Kkt) Check<TPenalty>(Dataset data, Fit fit, FitOptions o) where TPenalty : struct, ISeparablePenalty
    {
        int n = data.Rows, p = data.Columns;
        var eta = fit.DecisionFunction(data).ThrowIfFail();
        var d = new double[n];
        var loss = 0.0;
        for (var i = 0; i < n; i++)
        {
            var y = data.Target[i];
            loss += o.Loss == LossKind.Logistic ? Losses.Logistic.Value(y, eta[i]) : Losses.LeastSquares.Value(y, eta[i]);
            d[i] = (o.Loss == LossKind.Logistic ? Losses.Logistic.Derivative(y, eta[i]) : Losses.LeastSquares.Derivative(y, eta[i])) / n;
        }
        var parameters = new PenaltyParameters(TPenalty.ObjectiveAlpha(fit.Alpha, (double)n), o.L1Ratio ?? 0.5);
        var objective = loss / n + TPenalty.Value(fit.Coefficients.AsSpan(), parameters, []);
        var kkt = Math.Abs(d.Sum());
        var scale = 1e-12;
        for (var j = 0; j < p; j++)
        {
            var g = 0.0;
            for (var i = 0; i < n; i++) g += data[i, j] * d[i];
            kkt = Math.Max(kkt, TPenalty.SubdifferentialDistance(fit.Coefficients[j], g, parameters, 1.0));
            var g0 = 0.0;
            var mean = data.Target.ToArray().Average();
            for (var i = 0; i < n; i++) g0 += data[i, j] * (mean - data.Target[i]) / n;
            scale = Math.Max(scale, Math.Abs(g0));
        }
        return (objective, kkt / scale);
    }

    [Fact]
    public void Fits_satisfy_kkt_and_both_solvers_agree_on_500_random_problems() =>
        Problems.Sample(pr =>
        {
            var data = Data(pr);
            // One class only: the logistic intercept has no finite optimum (DegenerateDataTests covers it).
            if (pr.Loss == LossKind.Logistic && data.Target.ToArray().Distinct().Count() < 2) return;
            var cd = Solve(pr, data, SolverKind.CoordinateDescent);
            var fista = Solve(pr, data, SolverKind.Fista);
            Assert.True(cd.Fit.Converged, $"CD: {cd.Fit.Warning}");
            Assert.True(fista.Fit.Converged, $"FISTA: {fista.Fit.Warning}");
            // Least squares is certified by the duality gap (≤ tol·var y), which bounds the objective, not the KKT
            // residual: that one is only about √gap. The logistic loss is certified by the KKT residual itself.
            var kktBound = pr.Loss == LossKind.LeastSquares ? 1e-3 : 1e-6;
            Assert.True(cd.Kkt <= kktBound, $"CD relative KKT residual {cd.Kkt:E2}");
            Assert.True(fista.Kkt <= kktBound, $"FISTA relative KKT residual {fista.Kkt:E2}");
            // Each certified gap is ≤ 1e-9·var(y), so two optimal-to-tolerance objectives differ by at most twice that.
            var y = data.Target.ToArray();
            var variance = y.Select(v => (v - y.Average()) * (v - y.Average())).Average();
            var bound = pr.Loss == LossKind.LeastSquares ? 2e-9 * variance + 1e-13 * Math.Abs(cd.Objective) : 1e-8 * Math.Max(1, Math.Abs(cd.Objective));
            Assert.True(Math.Abs(cd.Objective - fista.Objective) <= bound,
                $"objectives differ: CD {cd.Objective:R}, FISTA {fista.Objective:R} (bound {bound:E2})");
        }, iter: 500);
}
