using PenaltyGen;

namespace DiabetesRegularization;

/// <summary>scikit-learn's Lasso(alpha): (1/(2n))‖y − Xw − b‖² + α‖w‖₁.</summary>
[L1]
public partial class DiabetesLasso;

/// <summary>scikit-learn's Ridge(alpha): ‖y − Xw − b‖² + α‖w‖².</summary>
[L2(Scaling = AlphaScaling.Ridge)]
public partial class DiabetesRidge;

/// <summary>scikit-learn's ElasticNet(alpha, l1_ratio=0.5): (1/(2n))‖y − Xw − b‖² + 0.5α‖w‖₁ + 0.25α‖w‖².</summary>
[ElasticNet(L1Ratio = 0.5)]
public partial class DiabetesElasticNet;
