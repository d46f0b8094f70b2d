using LanguageExt;
using PenaltyGen.Data;

namespace PenaltyGen.Losses;

/// <summary>
/// A per-sample loss ℓ(y, η) of the linear predictor η = xᵀw + b; the data term is (1/n)·Σ ℓ(y_i, η_i).
/// Static members on a struct, so solvers generic over the loss compile once per loss with no
/// virtual calls in their loops. The math of each loss is in docs/solvers.md.
/// </summary>
public interface ILoss
{
    /// <summary>ℓ(y, η).</summary>
    static abstract double Value(double y, double eta);

    /// <summary>∂ℓ/∂η.</summary>
    static abstract double Derivative(double y, double eta);

    /// <summary>
    /// The Bregman divergence ℓ(y, η₁) − ℓ(y, η₀) − ℓ'(y, η₀)(η₁ − η₀) ≥ 0, computed without the
    /// cancellation of the plain difference (FISTA's line search compares it with L/2·‖Δ‖²).
    /// </summary>
    static abstract double Bregman(double y, double eta0, double eta1);

    /// <summary>∂²ℓ/∂η² (the weights of the Newton steps of coordinate descent).</summary>
    static abstract double Curvature(double y, double eta);

    /// <summary>sup ℓ'': 1 for least squares, ¼ for the logistic loss (the curvature bound of coordinate steps).</summary>
    static abstract double CurvatureBound { get; }

    /// <summary>Whether ℓ is quadratic in η: the intercept then comes from centring, and coordinate steps are exact.</summary>
    static abstract bool IsQuadratic { get; }

    /// <summary>Checks the target suits the loss (the logistic loss wants labels 0 and 1).</summary>
    static abstract Fin<Unit> ValidateTarget(Dataset data);
}
