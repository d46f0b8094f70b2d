using System;
using LanguageExt;
using PenaltyGen.Data;

namespace PenaltyGen.Losses;

/// <summary>
/// A per-sample loss ℓ(y, η) of the linear predictor η = xᵀw + b; the data term is (1/n)·Σ s_i ℓ(y_i, η_i) with the
/// sample weights s (all 1 without weights). The loss owns its math — value, derivative, curvature (the IRLS weights of
/// proximal Newton), the Bregman form of its change, the null model (the intercept-only fit, from which the α grid's
/// α_max and the KKT scale are taken), its held-out error — so a solver generic over it needs nothing else, and a
/// user can write one as they write a penalty term (samples/CustomLoss). Static members on a struct: solvers compile
/// once per loss with no virtual call in their loops. The math of each built-in loss is in docs/solvers.md.
/// </summary>
public interface ILoss
{
    /// <summary>How a fit with this loss predicts and scores: <see cref="LossKind.Custom"/> for a user's regression loss.</summary>
    static abstract LossKind Kind { get; }

    /// <summary>ℓ(y, η).</summary>
    static abstract double Value(double y, double eta);

    /// <summary>∂ℓ/∂η.</summary>
    static abstract double Derivative(double y, double eta);

    /// <summary>
    /// The Bregman divergence ℓ(y, η₁) − ℓ(y, η₀) − ℓ'(y, η₀)(η₁ − η₀) ≥ 0, computed without the
    /// cancellation of the plain difference (the line searches compare it with a model's decrease).
    /// </summary>
    static abstract double Bregman(double y, double eta0, double eta1);

    /// <summary>∂²ℓ/∂η² (the weights of the proximal Newton model; 0 is allowed, the model floors it).</summary>
    static abstract double Curvature(double y, double eta);

    /// <summary>sup ℓ'': the curvature bound of gradient steps (FISTA's first Lipschitz estimate).</summary>
    static abstract double CurvatureBound { get; }

    /// <summary>
    /// Whether ℓ(y, η) is exactly ½(y − η)²: then the intercept comes from centring, coordinate steps are exact on the
    /// residual, the working-set engine and the direct ridge solve apply, and the duality gap certifies the fit.
    /// </summary>
    static abstract bool IsQuadratic { get; }

    /// <summary>Checks the target suits the loss (the logistic loss wants labels 0 and 1); the error names the first bad row.</summary>
    static abstract Fin<Unit> ValidateTarget(Dataset data);

    /// <summary>
    /// The target as the loss reads it and the labels it came from: a classifier maps the user's two classes onto its own
    /// coding (and its fits predict in the user's labels again); the default keeps the data and names no classes.
    /// Called after <see cref="ValidateTarget"/>.
    /// </summary>
    static virtual (Dataset Data, System.Collections.Immutable.ImmutableArray<double> Classes) EncodeTarget(Dataset data) =>
        (data, System.Collections.Immutable.ImmutableArray<double>.Empty);

    /// <summary>The null model: b₀ = argmin_b Σ s_i ℓ(y_i, b), the intercept-only fit (<paramref name="weights"/> empty: all 1).</summary>
    static abstract double NullIntercept(ReadOnlySpan<double> y, ReadOnlySpan<double> weights);

    /// <summary>The name of <see cref="HeldOutError"/> in cross-validation results ("mse", "log_loss").</summary>
    static abstract string HeldOutMeasure { get; }

    /// <summary>The error of one held-out prediction that cross-validation averages (squared error, log-loss).</summary>
    static abstract double HeldOutError(double y, double eta);

    /// <summary>
    /// Whether an offset o (glmnet's <c>offset</c>: η_i = x_iᵀw + b + o_i) can be folded into the target and the weights
    /// exactly (<see cref="FoldOffset"/>); a request with an offset for a loss that cannot is refused.
    /// </summary>
    static virtual bool TakesOffset => false;

    /// <summary>
    /// Rewrites each row's target and weight so that Σ s_i ℓ(y_i, η_i + o_i) has the same minimizer and derivatives in
    /// (w, b) as Σ s'_i ℓ(y'_i, η_i). Called only when <see cref="TakesOffset"/>; the default leaves them as they are.
    /// </summary>
    static virtual void FoldOffset(Span<double> y, Span<double> weights, ReadOnlySpan<double> offset)
    {
    }

    /// <summary>
    /// What a fit should tell its user about the data it saw at its solution η (the fit's warning), or null: the logistic
    /// loss names perfectly separated classes. Rows of weight 0 (<paramref name="weights"/> empty: all 1) do not count.
    /// </summary>
    static virtual string? Diagnose(ReadOnlySpan<double> y, ReadOnlySpan<double> eta, ReadOnlySpan<double> weights) => null;
}

/// <summary>Code that needs a loss in its type, reached from a <see cref="LossKind"/> value: <see cref="Loss.Accept{TVisitor, TResult}"/>.</summary>
public interface ILossVisitor<TResult>
{
    /// <summary>Runs with the loss type <typeparamref name="TLoss"/>.</summary>
    TResult Visit<TLoss>() where TLoss : struct, ILoss;

    /// <summary>Runs with the multinomial loss, whose K linear predictors per row its own solver handles (<see cref="Softmax"/>).</summary>
    TResult VisitMultinomial();
}

/// <summary>The built-in losses by name.</summary>
public static class Loss
{
    /// <summary>
    /// The one place a <see cref="LossKind"/> option becomes a loss type: calls <paramref name="visitor"/> with
    /// <see cref="LeastSquares"/>, <see cref="Logistic"/> or <see cref="Poisson"/>, or its multinomial member.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is <see cref="LossKind.Custom"/> (a user loss is a type argument, not an option).</exception>
    public static TResult Accept<TVisitor, TResult>(LossKind kind, ref TVisitor visitor) where TVisitor : struct, ILossVisitor<TResult> => kind switch
    {
        LossKind.LeastSquares => visitor.Visit<LeastSquares>(),
        LossKind.Logistic => visitor.Visit<Logistic>(),
        LossKind.Poisson => visitor.Visit<Poisson>(),
        LossKind.Multinomial => visitor.VisitMultinomial(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a user-written loss is given as a type argument (Estimator.Fit<TPenalty, TLoss>)"),
    };

    /// <summary>Σ s_i y_i / Σ s_i (the plain mean without weights).</summary>
    public static double WeightedMean(ReadOnlySpan<double> y, ReadOnlySpan<double> weights)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var s = weights.IsEmpty ? 1.0 : weights[i];
            sum += s * y[i];
            total += s;
        }
        return sum / total;
    }
}
