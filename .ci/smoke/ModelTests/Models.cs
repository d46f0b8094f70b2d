using PenaltyGen;
using PenaltyGen.Penalties;

namespace Shop;

/// <summary>A user's term: |x| beyond a dead zone of width 1 (Math comes from the implicit using System).</summary>
public readonly struct DeadZone : IProximalTerm
{
    public static double Value(double x) => Math.Max(Math.Abs(x) - 1, 0);

    public static double Prox(double v, double t) =>
        Math.Abs(v) <= 1 ? v : Math.Sign(v) * Math.Max(1, Math.Abs(v) - t);
}

[Penalty<DeadZone>] [L2(Weight = 0.1)]
public partial class HousePrices;
