using PenaltyGen;
using PenaltyGen.Penalties;

namespace Users.Project;

/// <summary>
/// A penalty file written as project code is written: <c>Math</c> comes from the project's global
/// <c>using System;</c> (the test project declares it, as ImplicitUsings would), so the file compiles in the project
/// and through <c>GeneratorHarness.RunFiles</c>, but not through the context-free <c>GeneratorHarness.Run</c>.
/// </summary>
public readonly struct DoubledAbs : IProximalTerm
{
    /// <summary>φ(x) = 2|x|.</summary>
    public static double Value(double x) => 2 * Math.Abs(x);

    /// <summary>prox_{tφ}(v) = sign(v)·max(|v| − 2t, 0).</summary>
    public static double Prox(double v, double t) => Math.Sign(v) * Math.Max(Math.Abs(v) - 2 * t, 0);
}

/// <summary>2|w| with a ridge term: the custom term composes with [L2] in closed form.</summary>
[Penalty<DoubledAbs>(Weight = 0.5)]
[L2]
public partial class SteepRidge;
