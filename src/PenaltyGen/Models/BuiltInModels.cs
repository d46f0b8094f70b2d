namespace PenaltyGen.Models;

/// <summary>scikit-learn's Lasso: (1/(2n))‖y − Xw − b‖² + α‖w‖₁.</summary>
[L1]
public readonly partial struct Lasso;

/// <summary>scikit-learn's Ridge: ‖y − Xw − b‖² + α‖w‖², i.e. the ½‖w‖² penalty at α/n on the 1/(2n) objective.</summary>
[L2(Scaling = AlphaScaling.Ridge)]
public readonly partial struct Ridge;

/// <summary>
/// scikit-learn's ElasticNet: (1/(2n))‖y − Xw − b‖² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖², with ρ (l1_ratio) given at
/// run time through <see cref="Penalties.PenaltyParameters.L1Ratio"/>.
/// </summary>
[ElasticNetAttribute]
public readonly partial struct ElasticNet;

/// <summary>The lasso restricted to w ≥ 0 (scikit-learn's Lasso(positive=True)).</summary>
[L1]
[NonNegative]
public readonly partial struct NonNegativeLasso;

/// <summary>The elastic net restricted to w ≥ 0 (scikit-learn's ElasticNet(positive=True)), ρ given at run time.</summary>
[ElasticNetAttribute]
[NonNegative]
public readonly partial struct NonNegativeElasticNet;

/// <summary>Ridge restricted to w ≥ 0 (scikit-learn's Ridge(positive=True)): no closed form, fitted by coordinate descent.</summary>
[L2(Scaling = AlphaScaling.Ridge)]
[NonNegative]
public readonly partial struct NonNegativeRidge;

/// <summary>
/// The group lasso: (1/(2n))‖y − Xw − b‖² + α·Σ_G √|G|·‖w_G‖₂, groups of adjacent features given in
/// <see cref="FitOptions.Groups"/>; fitted by FISTA (the penalty is not separable).
/// </summary>
[GroupL2]
public readonly partial struct GroupLasso;

/// <summary>
/// ncvreg's MCP: (1/(2n))‖y − Xw − b‖² + Σ_j P_{αf_j,γ}(w_j), γ given at run time (<see cref="FitOptions.Concavity"/>,
/// default 3); least squares, coordinate descent by firm thresholding.
/// </summary>
[MCP]
public readonly partial struct Mcp;

/// <summary>
/// ncvreg's SCAD: (1/(2n))‖y − Xw − b‖² + Σ_j P_{αf_j,a}(w_j), a given at run time (<see cref="FitOptions.Concavity"/>,
/// default 3.7); least squares, coordinate descent by SCAD thresholding.
/// </summary>
[SCAD]
public readonly partial struct Scad;
