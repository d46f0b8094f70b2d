using System.Collections.Generic;
using PenaltyGen.Generators.Model;

namespace PenaltyGen.Generators.Emit;

/// <summary>The members of a separable penalty: value, proximal operators, coordinate step, smooth part, KKT residual, α_max.</summary>
internal static partial class PenaltyEmitter
{
    private static void EmitValue(CodeWriter w, PenaltySpec s)
    {
        Doc(w);
        using (w.Block($"static double {Contract}Value({ReadOnly} w, {Params}, {ReadOnly} factors)"))
        {
            Coefficients(w, s);
            w.Line("double sum = 0.0;");
            using (w.Block("for (int j = 0; j < w.Length; j++)"))
            {
                w.Line("double x = w[j];");
                if (s.HasBounds) w.Line($"if ({OutsideBounds(s, "x")}) return double.PositiveInfinity;");
                var terms = new List<string>();
                if (s.HasL1) terms.Add("a1 * global::System.Math.Abs(x)");
                if (s.HasL2 && !s.HasGroup) terms.Add("0.5 * a2 * x * x");
                if (s.Proximal is { } p) terms.Add($"{Numbers.CSharp(p.Weight)} * global::PenaltyGen.Penalties.Proximal.ValueOf<{p.FullyQualifiedName}>(x)");
                foreach (var t in s.Smooth) terms.Add($"{Numbers.CSharp(t.Weight)} * global::PenaltyGen.Penalties.Proximal.ValueOf<{t.FullyQualifiedName}>(x)");
                if (terms.Count > 0) w.Line($"sum += (factors.IsEmpty ? 1.0 : factors[j]) * ({string.Join(" + ", terms)});");
            }
            if (s.HasGroup && s.HasL2) w.Line("for (int j = 0; j < w.Length; j++) sum += 0.5 * a2 * w[j] * w[j];");
            if (s.HasGroup)
                w.Line($"sum += {Numbers.CSharp(s.Group)} * global::PenaltyGen.Penalties.GroupShrinkage.WeightedNormSum(w, global::PenaltyGen.Penalties.GroupShrinkage.GroupsOf(p));");
            w.Line("return p.Alpha * sum;");
        }
    }

    private static void EmitScalarProx(CodeWriter w, PenaltySpec s)
    {
        Doc(w);
        using (w.Block($"static double {SeparableContract}Prox(double v, double t, {Params}, double factor)"))
        {
            Coefficients(w, s);
            w.Line("double tau = t * p.Alpha * factor;");
            if (s.Proximal is { } prox)
            {
                w.Line(s.HasL2 ? "double d = 1.0 + tau * a2;" : "double d = 1.0;");
                w.Line($"double r = global::PenaltyGen.Penalties.Proximal.Of<{prox.FullyQualifiedName}>(v / d, tau * {Numbers.CSharp(prox.Weight)} / d);");
            }
            else
            {
                w.Line(s.HasL1 ? "double r = global::PenaltyGen.Penalties.Proximal.SoftThreshold(v, tau * a1);" : "double r = v;");
                if (s.HasL2) w.Line("r /= 1.0 + tau * a2;");
            }
            w.Line("return " + Clip(s, "r") + ";");
        }
    }

    private static void EmitVectorProx(CodeWriter w, PenaltySpec s)
    {
        Doc(w);
        using (w.Block($"static void {Contract}Prox({Span} w, double t, {Params}, {ReadOnly} factors)"))
        {
            using (w.Block("if (!factors.IsEmpty)"))
            {
                w.Line($"for (int j = 0; j < w.Length; j++) w[j] = global::PenaltyGen.Penalties.Separable.Prox<{GeneratedMembers.Penalty}>(w[j], t, p, factors[j]);");
                w.Line("return;");
            }
            w.Line("int i = 0;");
            if (s.Proximal is null)
            {
                // SIMD: S(v, τ) = max(v − τ, 0) + min(v + τ, 0) is branch-free, so it vectorizes as is.
                Coefficients(w, s);
                w.Line("double tau = t * p.Alpha;");
                using (w.Block("if (global::System.Numerics.Vector.IsHardwareAccelerated)"))
                {
                    w.Line("int width = global::System.Numerics.Vector<double>.Count;");
                    if (s.HasL1) w.Line("var threshold = new global::System.Numerics.Vector<double>(tau * a1);");
                    if (s.HasL2) w.Line("var divisor = new global::System.Numerics.Vector<double>(1.0 + tau * a2);");
                    if (!double.IsNegativeInfinity(s.Lower)) w.Line($"var lower = new global::System.Numerics.Vector<double>({Numbers.CSharp(s.Lower)});");
                    if (!double.IsPositiveInfinity(s.Upper)) w.Line($"var upper = new global::System.Numerics.Vector<double>({Numbers.CSharp(s.Upper)});");
                    using (w.Block("for (; i <= w.Length - width; i += width)"))
                    {
                        w.Line("var r = new global::System.Numerics.Vector<double>(w.Slice(i));");
                        if (s.HasL1) w.Line("r = global::System.Numerics.Vector.Max(r - threshold, global::System.Numerics.Vector<double>.Zero) + global::System.Numerics.Vector.Min(r + threshold, global::System.Numerics.Vector<double>.Zero);");
                        if (s.HasL2) w.Line("r /= divisor;");
                        if (!double.IsNegativeInfinity(s.Lower)) w.Line("r = global::System.Numerics.Vector.Max(r, lower);");
                        if (!double.IsPositiveInfinity(s.Upper)) w.Line("r = global::System.Numerics.Vector.Min(r, upper);");
                        w.Line("r.CopyTo(w.Slice(i));");
                    }
                }
            }
            w.Line($"for (; i < w.Length; i++) w[i] = global::PenaltyGen.Penalties.Separable.Prox<{GeneratedMembers.Penalty}>(w[i], t, p, 1.0);");
        }
    }

    private static void EmitCoordinateMinimizer(CodeWriter w, PenaltySpec s)
    {
        Doc(w);
        using (w.Block($"static double {SeparableContract}CoordinateMinimizer(double z, double a, double w, {Params}, double factor)"))
        {
            Coefficients(w, s);
            w.Line("double s = p.Alpha * factor;");
            if (s.Smooth.Length > 0)
            {
                w.Line($"double curvature = {SmoothSum(s, t => $"global::PenaltyGen.Penalties.Proximal.CurvatureOf<{t.FullyQualifiedName}>()")};");
                w.Line($"double slope = {SmoothSum(s, t => $"global::PenaltyGen.Penalties.Proximal.DerivativeOf<{t.FullyQualifiedName}>(w)")};");
                w.Line("z += s * (curvature * w - slope);");
                w.Line("a += s * curvature;");
            }
            w.Line(s.HasL2 ? "double d = a + s * a2;" : "double d = a;");
            if (s.Proximal is { } prox)
                w.Line($"double r = global::PenaltyGen.Penalties.Proximal.Of<{prox.FullyQualifiedName}>(z / d, s * {Numbers.CSharp(prox.Weight)} / d);");
            else
                w.Line(s.HasL1 ? "double r = global::PenaltyGen.Penalties.Proximal.SoftThreshold(z, s * a1) / d;" : "double r = z / d;");
            w.Line("return " + Clip(s, "r") + ";");
        }
    }

    /// <summary>The smooth part's members (only for a penalty with smooth user terms: otherwise ISmoothPart's defaults say "none").</summary>
    private static void EmitSmoothPart(CodeWriter w, PenaltySpec s)
    {
        Doc(w);
        using (w.Block($"static double {SmoothContract}SmoothValue({ReadOnly} w, {Params}, {ReadOnly} factors)"))
        {
            w.Line("double sum = 0.0;");
            using (w.Block("for (int j = 0; j < w.Length; j++)"))
            {
                w.Line("double x = w[j];");
                w.Line($"sum += (factors.IsEmpty ? 1.0 : factors[j]) * ({SmoothSum(s, t => $"global::PenaltyGen.Penalties.Proximal.ValueOf<{t.FullyQualifiedName}>(x)")});");
            }
            w.Line("return p.Alpha * sum;");
        }
        w.Line();
        Doc(w);
        using (w.Block($"static void {SmoothContract}AddSmoothGradient({ReadOnly} w, {Params}, {ReadOnly} factors, {Span} gradient)"))
        using (w.Block("for (int j = 0; j < w.Length; j++)"))
        {
            w.Line("double x = w[j];");
            w.Line($"gradient[j] += p.Alpha * (factors.IsEmpty ? 1.0 : factors[j]) * ({SmoothSum(s, t => $"global::PenaltyGen.Penalties.Proximal.DerivativeOf<{t.FullyQualifiedName}>(x)")});");
        }
        w.Line();
        Doc(w);
        w.Line($"static double {SmoothContract}SmoothCurvature({Params}, double factor) => p.Alpha * factor * ({SmoothSum(s, t => $"global::PenaltyGen.Penalties.Proximal.CurvatureOf<{t.FullyQualifiedName}>()")});");
    }

    /// <summary>The closed form of an elastic-net-shaped penalty: a₁, a₂ and whether x ≥ 0.</summary>
    private static void EmitShape(CodeWriter w, PenaltySpec s)
    {
        Doc(w);
        using (w.Block($"static global::PenaltyGen.Penalties.ElasticNetShape global::PenaltyGen.Penalties.IElasticNetPenalty.Shape({Params})"))
        {
            Coefficients(w, s);
            w.Line($"return new global::PenaltyGen.Penalties.ElasticNetShape({(s.HasL1 ? "a1" : "0.0")}, {(s.HasL2 ? "a2" : "0.0")}, {(s.IsNonNegative ? "true" : "false")});");
        }
    }

    private static void EmitSubdifferentialDistance(CodeWriter w, PenaltySpec s)
    {
        Doc(w);
        using (w.Block($"static double {SeparableContract}SubdifferentialDistance(double w, double lossGradient, {Params}, double factor)"))
        {
            Coefficients(w, s, l1: s.Proximal is null);
            w.Line("double s = p.Alpha * factor;");
            var g = "lossGradient";
            if (s.HasL2) g += " + s * a2 * w";
            if (s.Smooth.Length > 0) g += $" + s * ({SmoothSum(s, t => $"global::PenaltyGen.Penalties.Proximal.DerivativeOf<{t.FullyQualifiedName}>(w)")})";
            w.Line($"double g = {g};");
            if (s.Proximal is { } prox)
            {
                w.Line("// Fixed-point residual with unit step: zero exactly when w = prox(w − g).");
                w.Line($"double r = global::PenaltyGen.Penalties.Proximal.Of<{prox.FullyQualifiedName}>(w - g, s * {Numbers.CSharp(prox.Weight)});");
                w.Line($"return global::System.Math.Abs(w - {Clip(s, "r")});");
                return;
            }
            if (s.HasL1)
            {
                w.Line("double l1 = s * a1;");
                w.Line("double lo = w > 0.0 ? l1 : -l1;");
                w.Line("double hi = w < 0.0 ? -l1 : l1;");
            }
            else
            {
                w.Line("double lo = 0.0;");
                w.Line("double hi = 0.0;");
            }
            if (s.HasBounds)
            {
                w.Line("// The normal cone of [l, u] opens downwards at l and upwards at u.");
                if (!double.IsNegativeInfinity(s.Lower)) w.Line($"if (w <= {Numbers.CSharp(s.Lower)}) lo = double.NegativeInfinity;");
                if (!double.IsPositiveInfinity(s.Upper)) w.Line($"if (w >= {Numbers.CSharp(s.Upper)}) hi = double.PositiveInfinity;");
            }
            w.Line("return global::PenaltyGen.Penalties.Proximal.DistanceToInterval(-g, lo, hi);");
        }
    }

    private static void EmitAlphaMax(CodeWriter w, PenaltySpec s)
    {
        Doc(w);
        using (w.Block($"static double {Contract}AlphaMax({ReadOnly} correlation, {Params}, {ReadOnly} factors)"))
        {
            if (s.Lower > 0 || s.Upper < 0)
            {
                w.Line("// Zero is outside the bounds: no strength makes it the solution.");
                w.Line("return double.PositiveInfinity;");
                return;
            }
            if (s.Proximal is not null)
            {
                w.Line("// A user proximal term has no closed-form threshold: give the path an explicit grid.");
                w.Line("return double.NaN;");
                return;
            }
            var hasThreshold = s.HasL1 || s.Smooth.Length > 0;
            if (hasThreshold) Coefficients(w, s, l2: false);
            if (s.Smooth.Length > 0)
                w.Line($"double d = {SmoothSum(s, t => $"global::PenaltyGen.Penalties.Proximal.DerivativeOf<{t.FullyQualifiedName}>(0.0)")};");
            w.Line("double best = 0.0;");
            using (w.Block("for (int j = 0; j < correlation.Length; j++)"))
            {
                w.Line("double f = factors.IsEmpty ? 1.0 : factors[j];");
                w.Line("double c = correlation[j];");
                w.Line("if (f == 0.0 || c == 0.0) continue;");
                if (s.Upper == 0) w.Line("if (c > 0.0) continue; // the normal cone of w ≤ 0 absorbs it");
                if (s.Lower == 0) w.Line("if (c < 0.0) continue; // the normal cone of w ≥ 0 absorbs it");
                if (!hasThreshold)
                {
                    w.Line("return double.PositiveInfinity; // no |w| part: zero is optimal only where c_j = 0");
                }
                else
                {
                    var a1 = s.HasL1 ? "a1" : "0.0";
                    w.Line("// Zero is optimal iff c_j ∈ α·f·[d − a₁, d + a₁], d = Σ c_k·ψ_k'(0).");
                    w.Line(s.Smooth.Length > 0 ? $"double den = f * (c > 0.0 ? {a1} + d : {a1} - d);" : "double den = f * a1;");
                    if (s.Smooth.Length > 0) w.Line("if (den <= 0.0) return double.PositiveInfinity;");
                    w.Line("best = global::System.Math.Max(best, global::System.Math.Abs(c) / den);");
                }
            }
            w.Line("return best;");
        }
    }
}
