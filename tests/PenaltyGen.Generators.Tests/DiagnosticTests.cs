using System.Linq;
using PenaltyGen.Testing;
using Xunit;

namespace PenaltyGen.Generators.Tests;

/// <summary>Every PG diagnostic: its id, its exact location (line, column span) and its message.</summary>
public class DiagnosticTests
{
    private static string[] Diagnose(string body)
    {
        var result = GeneratorHarness.Run("using PenaltyGen;\nnamespace App;\n" + body + "\n");
        // A model with an error is not emitted, and nothing the generator wrote fails to compile.
        Assert.DoesNotContain(result.CompilationErrors, e => !e.StartsWith("PG", System.StringComparison.Ordinal));
        return result.DiagnosticLines.ToArray();
    }

    [Fact]
    public void PG0001_type_not_partial_points_at_its_name() =>
        Assert.Equal(["PG0001 (3,19)-(3,20): 'A' declares a penalty but is not partial; add the partial modifier"],
            Diagnose("[L1] public class A { }"));

    [Fact]
    public void PG0001_containing_type_not_partial() =>
        Assert.Equal(["PG0001 (3,48)-(3,53): 'Inner' declares a penalty but is not partial; add the partial modifier, and to every type that contains it"],
            Diagnose("public class Outer { [L1] public partial class Inner; }"));

    [Theory]
    [InlineData("[L1(Alpha = -1)] public partial class A;", "PG0002 (3,5)-(3,15): [L1] has Alpha = -1; the strength α must be a finite number ≥ 0")]
    [InlineData("[L2(Alpha = double.NaN)] public partial class A;", "PG0002 (3,5)-(3,23): [L2] has Alpha = NaN; the strength α must be a finite number ≥ 0")]
    [InlineData("[L1(Alpha = double.PositiveInfinity)] public partial class A;", "PG0002 (3,5)-(3,36): [L1] has Alpha = +∞; the strength α must be a finite number ≥ 0")]
    public void PG0002_alpha_points_at_the_argument(string body, string expected) =>
        Assert.Equal([expected], Diagnose(body));

    [Theory]
    [InlineData("[ElasticNet(L1Ratio = 1.5)] public partial class C;", "PG0003 (3,13)-(3,26): [ElasticNet] has L1Ratio = 1.5; the ratio ρ of ρ|w| + ½(1 − ρ)w² must lie in [0, 1]")]
    [InlineData("[ElasticNet(Alpha = 1, L1Ratio = -0.1)] public partial class C;", "PG0003 (3,24)-(3,38): [ElasticNet] has L1Ratio = -0.1; the ratio ρ of ρ|w| + ½(1 − ρ)w² must lie in [0, 1]")]
    public void PG0003_l1_ratio_points_at_the_argument(string body, string expected) =>
        Assert.Equal([expected], Diagnose(body));

    [Fact]
    public void PG0004_two_non_smooth_terms_point_at_the_second() =>
        Assert.Equal(["PG0004 (3,7)-(3,22): [L1] and [Penalty<Capped>] are both non-smooth on the same coefficients and their sum has no closed-form proximal operator; write one custom term for their sum, or make one of them smooth"],
            Diagnose("[L1] [Penalty<Capped>] public partial class A;\n" + SnapshotTests.CustomTerms));

    [Theory]
    [InlineData("[Bounds(2, 1)] public partial class A;", "PG0005 (3,2)-(3,14): [Bounds]: lower = 2 and upper = 1 leave no feasible coefficient; need lower ≤ upper and neither NaN")]
    [InlineData("[NonNegative] [Bounds(-3, -1)] public partial class A;", "PG0005 (3,16)-(3,30): the intersection of [NonNegative] and [Bounds]: lower = 0 and upper = -1 leave no feasible coefficient; need lower ≤ upper and neither NaN")]
    public void PG0005_empty_bounds(string body, string expected) =>
        Assert.Equal([expected], Diagnose(body));

    [Fact]
    public void PG0006_custom_term_without_the_contract() =>
        Assert.Equal(["PG0006 (3,2)-(3,19): 'NotATerm' cannot be used in [Penalty<NotATerm>]: it implements neither PenaltyGen.Penalties.IProximalTerm nor PenaltyGen.Penalties.ISmoothTerm"],
            Diagnose("[Penalty<NotATerm>] public partial class A;\npublic struct NotATerm { }"));

    [Theory]
    [InlineData("[L1] [ElasticNet(L1Ratio = 0.5)] public partial class A;", "PG0007 (3,7)-(3,32): [ElasticNet] repeats the L1 term already declared by [L1]; declare it once with the combined Weight")]
    [InlineData("[Penalty<Smooth>] [Penalty<Smooth>(Weight = 2)] public partial class A;", "PG0007 (3,20)-(3,47): [Penalty<Smooth>] repeats the Smooth term already declared by [Penalty<Smooth>]; declare it once with the combined Weight")]
    public void PG0007_duplicate_terms(string body, string expected) =>
        Assert.Equal([expected], Diagnose(body + "\n" + SnapshotTests.CustomTerms));

    [Fact]
    public void PG0008_negative_weight() =>
        Assert.Equal(["PG0008 (3,10)-(3,21): [L2] has Weight = -2; a term's weight must be a finite number ≥ 0"],
            Diagnose("[L1] [L2(Weight = -2)] public partial class A;"));

    [Fact]
    public void PG0009_conflicting_alphas() =>
        Assert.Equal(["PG0009 (3,23)-(3,34): [L2] sets Alpha = 0.2 but [L1] already set Alpha = 0.1; a model has one default strength"],
            Diagnose("[L1(Alpha = 0.1)] [L2(Alpha = 0.2)] public partial class A;"));

    [Theory]
    [InlineData("[GroupL2] [NonNegative] public partial class A;", "PG0011 (3,12)-(3,23): [GroupL2] couples the coefficients of a group and has no closed-form proximal operator together with [NonNegative]; it combines with [L1] and [L2] only")]
    [InlineData("[GroupL2] [Bounds(-1, 1)] public partial class A;", "PG0011 (3,12)-(3,25): [GroupL2] couples the coefficients of a group and has no closed-form proximal operator together with [Bounds]; it combines with [L1] and [L2] only")]
    public void PG0011_group_with_a_term_it_cannot_combine_with(string body, string expected) =>
        Assert.Equal([expected], Diagnose(body));

    [Theory]
    [InlineData("[MCP(Gamma = 1)] public partial class A;", "PG0014 (3,6)-(3,15): [MCP] has Gamma = 1; γ must be a finite number > 1 (each coordinate problem is then convex on standardized features)")]
    [InlineData("[SCAD(A = 1.5)] public partial class A;", "PG0014 (3,7)-(3,14): [SCAD] has A = 1.5; a must be a finite number > 2 (each coordinate problem is then convex on standardized features)")]
    public void PG0014_concavity_points_at_the_argument(string body, string expected) =>
        Assert.Equal([expected], Diagnose(body));

    [Theory]
    [InlineData("[MCP] [L1] public partial class A;", "PG0015 (3,8)-(3,10): [MCP] cannot be combined with [L1]: a folded concave penalty has a closed-form coordinate step together with [L2] only (ncvreg's elastic-net mixing); declare [MCP] alone or with [L2]")]
    [InlineData("[SCAD] [NonNegative] public partial class A;", "PG0015 (3,9)-(3,20): [SCAD] cannot be combined with [NonNegative]: a folded concave penalty has a closed-form coordinate step together with [L2] only (ncvreg's elastic-net mixing); declare [SCAD] alone or with [L2]")]
    public void PG0015_concave_with_a_term_it_cannot_combine_with(string body, string expected) =>
        Assert.Equal([expected], Diagnose(body));

    [Fact]
    public void PG0010_generic_model() =>
        Assert.Equal(["PG0010 (3,27)-(3,28): 'G' is generic; a penalty model type must be a non-generic class, struct or record"],
            Diagnose("[L1] public partial class G<T>;"));

    [Fact]
    public void PG0012_static_model_points_at_its_name() =>
        Assert.Equal(["PG0012 (3,34)-(3,35): 'M' is static; the generated code makes a model type implement IPenaltyModel<Penalty>, which a static class cannot; remove the static modifier (its members may stay static)"],
            Diagnose("[L1] public static partial class M;"));

    [Theory]
    [InlineData("[L1] public partial class A { public int Penalty; }", "PG0013 (3,42)-(3,49): 'A' declares a member named 'Penalty', which the generator adds to every penalty model type (Penalty, Fit, Path, AlphaGrid, CrossValidate, Load); rename it")]
    [InlineData("[L1] public partial class A { public static void Fit() { } }", "PG0013 (3,50)-(3,53): 'A' declares a member named 'Fit', which the generator adds to every penalty model type (Penalty, Fit, Path, AlphaGrid, CrossValidate, Load); rename it")]
    [InlineData("[L1] public partial class A { public class Load; }", "PG0013 (3,44)-(3,48): 'A' declares a member named 'Load', which the generator adds to every penalty model type (Penalty, Fit, Path, AlphaGrid, CrossValidate, Load); rename it")]
    public void PG0013_member_named_like_a_generated_one_points_at_it(string body, string expected) =>
        Assert.Equal([expected], Diagnose(body));

    [Fact]
    public void Every_descriptor_links_to_its_section_of_docs_diagnostics()
    {
        var result = GeneratorHarness.Run("using PenaltyGen;\n[L1] public static partial class M;\n[L1(Alpha = -1)] public partial class N;\n");
        Assert.Equal(
            ["https://github.com/penaltygen/penaltygen/blob/main/docs/diagnostics.md#pg0002", "https://github.com/penaltygen/penaltygen/blob/main/docs/diagnostics.md#pg0012"],
            result.GeneratorDiagnostics.Select(d => d.Descriptor.HelpLinkUri).OrderBy(u => u, System.StringComparer.Ordinal));
    }

    [Fact]
    public void The_issue_examples_compile_or_fail_with_pg_errors_and_never_crash()
    {
        var ok = GeneratorHarness.Run("""
            using PenaltyGen;
            [L1] public partial class A { }
            [L2] public partial class B { }
            [ElasticNet(L1Ratio = 0.3)] public partial class C { }
            """);
        Assert.Empty(ok.DiagnosticLines);
        Assert.Empty(ok.CompilationErrors);
        Assert.Equal(["A.g.cs", "B.g.cs", "C.g.cs"], ok.Files.Select(f => f.HintName).OrderBy(n => n));

        var bad = GeneratorHarness.Run("""
            using PenaltyGen;
            [ElasticNet(L1Ratio = 1.5)] public partial class C { }
            [L1(Alpha = -1)] public partial class D { }
            [L1] public class E { }
            """);
        Assert.Equal(["PG0001", "PG0002", "PG0003"], bad.GeneratorDiagnostics.Select(d => d.Id).OrderBy(id => id).ToArray());
        Assert.Empty(bad.Files);
        Assert.DoesNotContain(bad.CompilationDiagnostics, d => d.Id is "CS8785" or "AD0001");
    }
}
