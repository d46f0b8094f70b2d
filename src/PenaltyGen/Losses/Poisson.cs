using System;
using LanguageExt;
using PenaltyGen.Errors;

namespace PenaltyGen.Losses;

/// <summary>
/// The Poisson loss with the log link, for counts y ≥ 0: μ = e^η, ℓ(y, η) = e^η − y·η (the negative log-likelihood up to
/// log y!), ℓ' = μ − y, ℓ'' = μ. With the data term (1/n)·Σ s_i ℓ(y_i, η_i) and α·g(w) this is glmnet's
/// <c>family = "poisson"</c> with λ = α (weights summing to n), and scikit-learn's PoissonRegressor (half the mean deviance
/// + ½α‖w‖²: the same objective, up to a constant, with the elastic net's ratio 0).
/// </summary>
public readonly struct Poisson : ILoss
{
    /// <inheritdoc />
    public static LossKind Kind => LossKind.Poisson;

    /// <summary>e^η − yη.</summary>
    public static double Value(double y, double eta) => Math.Exp(eta) - y * eta;

    /// <inheritdoc />
    public static double Derivative(double y, double eta) => Math.Exp(eta) - y;

    /// <summary>
    /// D = e^η₁ − e^η₀ − e^η₀·δ = e^η₀·(e^δ − 1 − δ), δ = η₁ − η₀ (y cancels); for |δ| &lt; 1e-3 the Taylor series
    /// δ²/2 + δ³/6 + δ⁴/24 replaces e^δ − 1 − δ, whose cancellation would lose the small divergences near the optimum.
    /// </summary>
    public static double Bregman(double y, double eta0, double eta1)
    {
        var delta = eta1 - eta0;
        var excess = Math.Abs(delta) < 1e-3
            ? delta * delta * (0.5 + delta * (1.0 / 6 + delta / 24))
            : Math.Exp(delta) - 1 - delta;
        return Math.Exp(eta0) * excess;
    }

    /// <summary>μ = e^η.</summary>
    public static double Curvature(double y, double eta) => Math.Exp(eta);

    /// <summary>
    /// ℓ'' = e^η has no bound over η: FISTA starts from the curvature at η = 0 and its backtracking raises the estimate
    /// where the data need it.
    /// </summary>
    public static double CurvatureBound => 1.0;

    /// <inheritdoc />
    public static bool IsQuadratic => false;

    /// <summary>Counts are finite and ≥ 0 (any non-negative number, as glmnet and scikit-learn take), and not all 0.</summary>
    public static Fin<Unit> ValidateTarget(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var y = data.Target;
        var total = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            if (!(y[i] >= 0))
                return new DataError("dataset", null, data.TargetName, $"row {i} holds {data.DescribeTarget(y[i])}; the Poisson loss takes counts ≥ 0");
            total += y[i];
        }
        if (total == 0)
            return new DataError("dataset", null, data.TargetName, "every value is 0: the Poisson loss has no finite intercept (log of a zero mean)");
        return Prelude.unit;
    }

    /// <inheritdoc />
    public static bool TakesOffset => true;

    /// <summary>
    /// With E_i = e^{o_i} (the exposure): s·(e^{η+o} − y(η + o)) = sE·(e^η − (y/E)·η) − s·y·o, so the offset becomes the
    /// rate y/E with the weight s·E — the same minimizer, gradient and curvature in (w, b) (the constant −s·y·o aside).
    /// </summary>
    public static void FoldOffset(Span<double> y, Span<double> weights, ReadOnlySpan<double> offset)
    {
        for (var i = 0; i < y.Length; i++)
        {
            var exposure = Math.Exp(offset[i]);
            y[i] /= exposure;
            weights[i] *= exposure;
        }
    }

    /// <summary>log(ȳ), ȳ the weighted mean count: the intercept-only fit.</summary>
    public static double NullIntercept(ReadOnlySpan<double> y, ReadOnlySpan<double> weights)
    {
        var mean = Loss.WeightedMean(y, weights);
        return mean > 0 ? Math.Log(mean) : 0.0;
    }

    /// <inheritdoc />
    public static string HeldOutMeasure => "poisson_deviance";

    /// <summary>The unit deviance 2(y·log(y/μ) − (y − μ)), μ = e^η (y·log y = 0 at y = 0): cv.glmnet's "deviance" for this family.</summary>
    public static double HeldOutError(double y, double eta) => Deviance(y, Math.Exp(eta));

    /// <summary>The unit deviance of a count y at the mean μ.</summary>
    public static double Deviance(double y, double mu) => 2 * ((y > 0 ? y * Math.Log(y / mu) : 0.0) - (y - mu));
}
