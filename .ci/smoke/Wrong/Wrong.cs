using PenaltyGen;

namespace Wrong;

[L1] public class NotPartial { }                                     // PG0001
[L1(Alpha = -1)] public partial class NegativeAlpha;                 // PG0002
[ElasticNet(L1Ratio = 1.5)] public partial class RatioOutOfRange;    // PG0003
[L1] [Penalty<Capped>] public partial class TwoNonSmooth;            // PG0004
[Bounds(2, 1)] public partial class EmptyBounds;                     // PG0005
[Penalty<NotATerm>] public partial class NotATermModel;              // PG0006
[L1] [ElasticNet(L1Ratio = 0.5)] public partial class Duplicate;      // PG0007
[L2(Weight = -2)] public partial class NegativeWeight;               // PG0008
[L1(Alpha = 0.1)] [L2(Alpha = 0.2)] public partial class TwoAlphas;  // PG0009
[L1] public partial class Generic<T>;                                // PG0010
[GroupL2] [NonNegative] public partial class GroupWithBounds;        // PG0011
[L1] public static partial class StaticModel;                        // PG0012
[L1] public partial class MemberNamedPenalty { public int Penalty; } // PG0013
[MCP(Gamma = 0.5)] public partial class FlatMcp;                      // PG0014
[SCAD] [L1] public partial class ScadWithLasso;                       // PG0015

public struct NotATerm;

public readonly struct Capped : PenaltyGen.Penalties.IProximalTerm
{
    public static double Value(double x) => Math.Min(Math.Abs(x), 1.0);

    public static double Prox(double v, double t) => v;
}
