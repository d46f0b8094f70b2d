using PenaltyGen.Generators.Model;

namespace PenaltyGen.Generators.Emit;

/// <summary>
/// The members of a folded concave penalty, P_{λ,κ}(x) + ½αf·a₂x² with λ = αf·c (c the term's weight, κ its γ or a): every
/// coordinate problem ½v·x² − z·x + P(x) + ½αf·a₂x² is solved by <c>Concave</c>'s firm (MCP) or SCAD thresholding with
/// v + αf·a₂ in place of v, the prox as the coordinate problem with v = 1/t, the KKT residual from P's slope off zero and
/// its [−λ, λ] at zero, α_max from the slope λ at zero (the lasso's), and the concavity 1/γ or 1/(a − 1) net of αf·a₂.
/// </summary>
internal static partial class PenaltyEmitter
{
    private static void EmitConcaveMembers(CodeWriter w, PenaltySpec s)
    {
        var kind = s.Concave == ConcaveKind.Mcp ? "Mcp" : "Scad";
        var concave = "global::PenaltyGen.Penalties.Concave." + kind;
        var l2 = s.HasL2 ? " + s * a2" : string.Empty;
        Doc(w);
        using (w.Block($"static double {Contract}Value({ReadOnly} w, {Params}, {ReadOnly} factors)"))
        {
            ConcaveCoefficients(w, s);
            w.Line("double sum = 0.0;");
            using (w.Block("for (int j = 0; j < w.Length; j++)"))
            {
                w.Line("double s = p.Alpha * (factors.IsEmpty ? 1.0 : factors[j]);");
                w.Line($"sum += {concave}Value(w[j], s * c, k){(s.HasL2 ? " + 0.5 * s * a2 * w[j] * w[j]" : string.Empty)};");
            }
            w.Line("return sum;");
        }
        w.Line();
        Doc(w);
        using (w.Block($"static double {SeparableContract}Prox(double v, double t, {Params}, double factor)"))
        {
            ConcaveCoefficients(w, s);
            w.Line("double s = p.Alpha * factor;");
            w.Line($"return {concave}Minimizer(v / t, 1.0 / t{l2}, s * c, k);");
        }
        w.Line();
        Doc(w);
        using (w.Block($"static void {Contract}Prox({Span} w, double t, {Params}, {ReadOnly} factors)"))
            w.Line($"for (int j = 0; j < w.Length; j++) w[j] = global::PenaltyGen.Penalties.Separable.Prox<{GeneratedMembers.Penalty}>(w[j], t, p, factors.IsEmpty ? 1.0 : factors[j]);");
        w.Line();
        Doc(w);
        using (w.Block($"static double {SeparableContract}CoordinateMinimizer(double z, double a, double w, {Params}, double factor)"))
        {
            ConcaveCoefficients(w, s);
            w.Line("double s = p.Alpha * factor;");
            w.Line($"return {concave}Minimizer(z, a{l2}, s * c, k);");
        }
        w.Line();
        Doc(w);
        using (w.Block($"static double {SeparableContract}SubdifferentialDistance(double w, double lossGradient, {Params}, double factor)"))
        {
            ConcaveCoefficients(w, s);
            w.Line("double s = p.Alpha * factor;");
            w.Line($"return {concave}Distance(w, lossGradient{(s.HasL2 ? " + s * a2 * w" : string.Empty)}, s * c, k);");
        }
        w.Line();
        Doc(w);
        using (w.Block($"static double {SeparableContract}Concavity({Params}, double factor)"))
        {
            ConcaveCoefficients(w, s, weight: false);
            w.Line("if (factor == 0.0) return 0.0; // no penalty on this coordinate");
            w.Line($"return {(s.Concave == ConcaveKind.Mcp ? "1.0 / k" : "1.0 / (k - 1.0)")}{(s.HasL2 ? " - p.Alpha * factor * a2" : string.Empty)};");
        }
        w.Line();
        if (s.HasRuntimeConcavity)
        {
            Doc(w);
            w.Line(s.Concave == ConcaveKind.Mcp
                ? $"static global::PenaltyGen.Penalties.ConcavityParameter? {Contract}RuntimeConcavity => new(\"gamma\", 1.0, 3.0);"
                : $"static global::PenaltyGen.Penalties.ConcavityParameter? {Contract}RuntimeConcavity => new(\"a\", 2.0, 3.7);");
            w.Line();
        }
        Doc(w);
        w.Line($"static double {Contract}KktResidual({ReadOnly} w, {ReadOnly} lossGradient, {Params}, {ReadOnly} factors) =>");
        w.Line($"    global::PenaltyGen.Penalties.Separable.KktResidual<{GeneratedMembers.Penalty}>(w, lossGradient, p, factors);");
        w.Line();
        Doc(w);
        using (w.Block($"static double {Contract}AlphaMax({ReadOnly} correlation, {Params}, {ReadOnly} factors)"))
        {
            w.Line($"const double c = {Numbers.CSharp(s.ConcaveWeight)};");
            w.Line("// Zero is optimal iff |c_j| ≤ α·f·c: P's slope at zero is the lasso's.");
            w.Line("double best = 0.0;");
            using (w.Block("for (int j = 0; j < correlation.Length; j++)"))
            {
                w.Line("double f = factors.IsEmpty ? 1.0 : factors[j];");
                w.Line("if (f == 0.0 || correlation[j] == 0.0) continue;");
                w.Line("best = global::System.Math.Max(best, global::System.Math.Abs(correlation[j]) / (f * c));");
            }
            w.Line("return best;");
        }
    }

    /// <summary>Declares c (the term's weight), k (γ or a: a literal, or read at run time with its default) and a2.</summary>
    private static void ConcaveCoefficients(CodeWriter w, PenaltySpec s, bool weight = true)
    {
        if (weight) w.Line($"const double c = {Numbers.CSharp(s.ConcaveWeight)};");
        var fallback = s.Concave == ConcaveKind.Mcp ? "3.0" : "3.7";
        w.Line(s.HasRuntimeConcavity
            ? $"double k = double.IsNaN(p.Concavity) ? {fallback} : p.Concavity;"
            : $"const double k = {Numbers.CSharp(s.Concavity)};");
        if (s.HasL2) w.Line($"const double a2 = {Numbers.CSharp(s.L2)};");
    }
}
