using PenaltyGen.Generators.Model;

namespace PenaltyGen.Generators.Emit;

/// <summary>The members of a group (block-separable) penalty.</summary>
internal static partial class PenaltyEmitter
{
    /// <summary>
    /// A group penalty Σ_j (a₁f_j|w_j| + ½a₂w_j²) + c·Σ_G √|G|‖w_G‖: the vector members and the prox of one group
    /// (it is block-separable, not separable). Block prox: soft-threshold by τa₁f, block-shrink by τc√|G|, divide by 1 + τa₂ (the sparse-group-lasso prox with the
    /// quadratic folded in — exact because the quadratic is the same on every coordinate, so penalty factors scale
    /// the |x| part only); KKT and α_max per group (see GroupShrinkage in the runtime).
    /// </summary>
    private static void EmitGroupMembers(CodeWriter w, PenaltySpec s)
    {
        const string groups = "global::PenaltyGen.Penalties.GroupShrinkage.GroupsOf(p)";
        Doc(w);
        w.Line($"static void {Contract}Prox({Span} w, double t, {Params}, {ReadOnly} factors) =>");
        w.Line($"    global::PenaltyGen.Penalties.Separable.BlockProx<{GeneratedMembers.Penalty}>(w, t, p, factors);");
        w.Line();
        Doc(w);
        using (w.Block($"static void global::PenaltyGen.Penalties.IBlockPenalty.BlockProx({Span} block, double t, {Params}, {ReadOnly} factors)"))
        {
            Coefficients(w, s);
            w.Line("double tau = t * p.Alpha;");
            if (s.HasL1) w.Line("for (int j = 0; j < block.Length; j++) block[j] = global::PenaltyGen.Penalties.Proximal.SoftThreshold(block[j], tau * a1 * (factors.IsEmpty ? 1.0 : factors[j]));");
            w.Line($"global::PenaltyGen.Penalties.GroupShrinkage.ShrinkBlock(block, tau * {Numbers.CSharp(s.Group)});");
            // The quadratic folds into the block prox only when it is the same on the whole block: factors scale |x| alone.
            if (s.HasL2) w.Line("for (int j = 0; j < block.Length; j++) block[j] /= 1.0 + tau * a2;");
        }
        w.Line();
        Doc(w);
        w.Line($"static double {Contract}KktResidual({ReadOnly} w, {ReadOnly} lossGradient, {Params}, {ReadOnly} factors) =>");
        w.Line($"    global::PenaltyGen.Penalties.GroupShrinkage.Kkt(w, lossGradient, {groups}, p.Alpha, {L1Expression(s)}, {Numbers.CSharp(s.Group)}, {L2Expression(s)}, factors);");
        w.Line();
        Doc(w);
        w.Line($"static double {Contract}AlphaMax({ReadOnly} correlation, {Params}, {ReadOnly} factors) =>");
        w.Line($"    global::PenaltyGen.Penalties.GroupShrinkage.AlphaMax(correlation, {groups}, {L1Expression(s)}, {Numbers.CSharp(s.Group)}, factors);");
    }

    private static string L1Expression(PenaltySpec s) =>
        !s.HasL1 ? "0.0" : s.HasRuntimeRatio ? $"{(s.L1 != 0 ? Numbers.CSharp(s.L1) + " + " : string.Empty)}{Scaled(s.RuntimeRatioWeight, "p.L1Ratio")}" : Numbers.CSharp(s.L1);

    private static string L2Expression(PenaltySpec s) =>
        !s.HasL2 ? "0.0" : s.HasRuntimeRatio ? $"{(s.L2 != 0 ? Numbers.CSharp(s.L2) + " + " : string.Empty)}{Scaled(s.RuntimeRatioWeight, "(1.0 - p.L1Ratio)")}" : Numbers.CSharp(s.L2);
}
