using System;

namespace PenaltyGen;

/// <summary>
/// Base of every penalty term attribute. The penalty of a model is the sum of its terms:
/// α · Σ_j f_j · Σ_terms Weight · φ_term(w_j), α chosen at run time (default <see cref="Alpha"/>),
/// f_j the per-feature penalty factors (glmnet's penalty.factor; 1 when none are given).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public abstract class PenaltyTermAttribute : Attribute
{
    /// <summary>Default strength α ≥ 0 of the model, used when a fit does not give one.</summary>
    public double Alpha { get; set; } = 1.0;

    /// <summary>Factor ≥ 0 of this term inside a composite.</summary>
    public double Weight { get; set; } = 1.0;
}

/// <summary>φ(w) = |w|: the lasso penalty α‖w‖₁.</summary>
public sealed class L1Attribute : PenaltyTermAttribute;

/// <summary>How the strength of an <see cref="L2Attribute"/> model is read.</summary>
public enum AlphaScaling
{
    /// <summary>Objective (1/(2n))‖y − Xw‖² + α·½‖w‖², scikit-learn's ElasticNet(l1_ratio=0) convention.</summary>
    PerSample = 0,

    /// <summary>scikit-learn Ridge's objective ‖y − Xw‖² + α‖w‖²: the same as PerSample with α/n.</summary>
    Ridge = 1,
}

/// <summary>φ(w) = ½w²: the ridge penalty α·½‖w‖² (smooth; folded into the prox in closed form).</summary>
public sealed class L2Attribute : PenaltyTermAttribute
{
    /// <summary>How α is read: per sample (scikit-learn's ElasticNet) or as scikit-learn's Ridge.</summary>
    public AlphaScaling Scaling { get; set; } = AlphaScaling.PerSample;
}

/// <summary>
/// φ(w) = ρ|w| + ½(1 − ρ)w², scikit-learn's ElasticNet. With <see cref="L1Ratio"/> set, ρ is folded
/// into the generated code; left out, ρ is read at run time (<c>PenaltyParameters.L1Ratio</c>, default 0.5).
/// </summary>
public sealed class ElasticNetAttribute : PenaltyTermAttribute
{
    /// <summary>ρ ∈ [0, 1], folded into the generated code when set.</summary>
    public double L1Ratio { get; set; } = 0.5;
}

/// <summary>
/// The group lasso: Σ_G √|G|·‖w_G‖₂ over groups of adjacent features given at run time
/// (<c>FitOptions.Groups</c>). It couples the coordinates of a group, so models with it are fitted by FISTA;
/// its prox is block soft-thresholding. Combines with [L1] (the sparse group lasso) and [L2] in closed form.
/// </summary>
public sealed class GroupL2Attribute : PenaltyTermAttribute;

/// <summary>
/// The minimax concave penalty (Zhang 2010; Breheny &amp; Huang 2011): with λ = α·f_j·Weight,
/// φ(w) = λ|w| − w²/(2γ) for |w| ≤ γλ and γλ²/2 beyond — the lasso's slope at 0, no shrinkage of large coefficients.
/// Nonconvex: fitted by coordinate descent with least squares (firm thresholding), each coordinate problem convex when the
/// feature's curvature ‖x_j − x̄_j‖²/n exceeds 1/γ (standardized features: γ &gt; 1). Combines with [L2] (ncvreg's α mixing).
/// With <see cref="Gamma"/> set, γ is folded into the generated code; left out, γ is read at run time (default 3).
/// </summary>
public sealed class MCPAttribute : PenaltyTermAttribute
{
    /// <summary>γ &gt; 1, folded into the generated code when set.</summary>
    public double Gamma { get; set; } = 3.0;
}

/// <summary>
/// The smoothly clipped absolute deviation penalty (Fan &amp; Li 2001): with λ = α·f_j·Weight, φ(w) = λ|w| for |w| ≤ λ,
/// (2aλ|w| − w² − λ²)/(2(a − 1)) for λ &lt; |w| ≤ aλ, λ²(a + 1)/2 beyond. Nonconvex: fitted by coordinate descent with least
/// squares (SCAD thresholding), each coordinate problem convex when the feature's curvature exceeds 1/(a − 1) (standardized
/// features: a &gt; 2). Combines with [L2]. With <see cref="A"/> set, a is folded in; left out, it is read at run time (default 3.7).
/// </summary>
public sealed class SCADAttribute : PenaltyTermAttribute
{
    /// <summary>a &gt; 2, folded into the generated code when set.</summary>
    public double A { get; set; } = 3.7;
}

/// <summary>The constraint w ≥ 0 (its indicator function; Weight and Alpha do not apply to it).</summary>
public sealed class NonNegativeAttribute : PenaltyTermAttribute;

/// <summary>The box constraint lower ≤ w ≤ upper on every penalized coefficient.</summary>
public sealed class BoundsAttribute(double lower, double upper) : PenaltyTermAttribute
{
    /// <summary>The lower bound l (may be −∞).</summary>
    public double Lower { get; } = lower;

    /// <summary>The upper bound u (may be +∞), l ≤ u.</summary>
    public double Upper { get; } = upper;
}

/// <summary>
/// A user-written term: <typeparamref name="TTerm"/> implements <see cref="Penalties.IProximalTerm"/>
/// (non-smooth, known through its prox) or <see cref="Penalties.ISmoothTerm"/> (smooth, known through
/// its derivative). The generated code calls its static members directly, so the JIT inlines them.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
public sealed class PenaltyAttribute<TTerm> : PenaltyTermAttribute;
