using System;
using PenaltyGen.Penalties;

namespace PenaltyGen.Generators.Tests.Models;

// Composites compiled by the generator at build time; the law tests run every one of them.

[ElasticNet(L1Ratio = 0.3)]
public partial struct ElasticNet03;

[ElasticNet(L1Ratio = 0.7)]
[Bounds(-1, 2)]
public partial class BoxedElasticNet;

[L1(Weight = 2)]
[L2(Weight = 0.1)]
[NonNegative]
public partial record WeightedNonNegative;

[L2]
[NonNegative]
public partial record struct NonNegativeRidge;

[L1]
[Bounds(-0.5, 0.5)]
public partial class BoxedLasso;

[Penalty<CappedL1>(Weight = 0.8)]
[L2(Weight = 0.2)]
public partial class CappedWithRidge;

[L1]
[Penalty<PseudoHuber>(Weight = 0.5)]
public partial class LassoWithPseudoHuber;

[MCP(Gamma = 3)]
[L2(Weight = 0.5)]
public partial struct McpRidge;

[SCAD(A = 2.5, Weight = 2)]
public partial class HeavyScad;

public static partial class Outer
{
    [L1(Alpha = 0.1)]
    public partial struct NestedLasso;
}

/// <summary>
/// A non-convex-looking but here convex "capped" L1: ψ(x) = |x| for |x| ≤ 1, then grows with slope 2
/// (|x| + (|x| − 1)₊). Its prox is piecewise soft-thresholding.
/// </summary>
public readonly struct CappedL1 : IProximalTerm
{
    public static double Value(double x) => Math.Abs(x) + Math.Max(Math.Abs(x) - 1, 0);

    public static double Prox(double v, double t)
    {
        // argmin ½(x − v)² + t·ψ(x): soft threshold by t inside |x| ≤ 1, by 2t beyond, 1 in between.
        var a = Math.Abs(v);
        var x = a <= 1 + t ? Math.Max(a - t, 0) : Math.Max(a - 2 * t, 1);
        return Math.CopySign(x, v);
    }
}

/// <summary>The pseudo-Huber function ψ(x) = √(1 + x²) − 1: smooth, ψ'' ≤ 1.</summary>
public readonly struct PseudoHuber : ISmoothTerm
{
    public static double Value(double x) => Math.Sqrt(1 + x * x) - 1;

    public static double Derivative(double x) => x / Math.Sqrt(1 + x * x);

    public static double Curvature => 1.0;
}

/// <summary>The sparse group lasso with a ridge part: 0.5·|w| + 0.1·w² + √|G|·‖w_G‖.</summary>
[L1(Weight = 0.5)]
[GroupL2]
[L2(Weight = 0.2)]
public partial class SparseGroupRidge;

/// <summary>A run-time elastic net next to a weighted group term.</summary>
[ElasticNet]
[GroupL2(Weight = 2)]
public partial struct ElasticNetGroups;
