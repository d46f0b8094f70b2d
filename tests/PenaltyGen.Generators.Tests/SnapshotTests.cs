using ApprovalTests;
using ApprovalTests.Namers;
using PenaltyGen.Testing;
using Xunit;

namespace PenaltyGen.Generators.Tests;

/// <summary>Whole generated files against approved snapshots (Snapshots/*.approved.cs).</summary>
[UseApprovalSubdirectory("Snapshots")]
public class SnapshotTests
{
    public static TheoryData<string, string> Models => new()
    {
        { "L1", "[L1] public partial class A;" },
        { "L2", "[L2] public partial class B;" },
        { "RidgeScaling", "[L2(Scaling = AlphaScaling.Ridge, Alpha = 0.5)] public partial struct R;" },
        { "ElasticNet03", "[ElasticNet(L1Ratio = 0.3)] public partial class C;" },
        { "ElasticNetRuntimeRatio", "[ElasticNet] public partial record E;" },
        { "NonNegativeLasso", "[L1] [NonNegative] public partial struct N;" },
        { "WeightedElasticNetBounds", "[L1(Weight = 2)] [L2(Weight = 0.1)] [Bounds(-1, 3)] public partial class W;" },
        { "NonNegativeRidge", "[L2] [NonNegative] public partial record struct Q;" },
        { "CustomProximalWithL2", CustomTerms + "[Penalty<Capped>(Weight = 0.5)] [L2] [Bounds(0, 1)] public partial class U;" },
        { "CustomSmoothWithL1", CustomTerms + "[L1] [Penalty<Smooth>] public partial class V;" },
        { "Nested", "public partial class Outer { [L1(Alpha = 0.01)] internal partial struct Inner; }" },
        { "GlobalNamespace", "GLOBAL" },
        { "GroupLasso", "[GroupL2] public partial class G;" },
        { "SparseGroupLassoRidge", "[L1(Weight = 0.5)] [GroupL2] [L2(Weight = 0.2)] public partial class S;" },
        { "McpWithRidge", "[MCP(Gamma = 3)] [L2(Weight = 0.5)] public partial class M;" },
        { "ScadRuntimeA", "[SCAD] public partial struct D;" },
    };

    internal const string CustomTerms = """
        public readonly struct Capped : PenaltyGen.Penalties.IProximalTerm
        {
            public static double Value(double x) => System.Math.Min(System.Math.Abs(x), 1.0);
            public static double Prox(double v, double t) => v;
        }
        public readonly struct Smooth : PenaltyGen.Penalties.ISmoothTerm
        {
            public static double Value(double x) => x * x * x * x;
            public static double Derivative(double x) => 4 * x * x * x;
            public static double Curvature => 12.0;
        }

        """;

    [Theory]
    [MemberData(nameof(Models))]
    public void Generated_code_matches_the_snapshot(string name, string declaration)
    {
        var source = declaration == "GLOBAL"
            ? "using PenaltyGen;\n[L1] public partial class TopLevel;\n"
            : "using PenaltyGen;\nnamespace Users.Models;\n" + declaration + "\n";
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.DiagnosticLines);
        Assert.Empty(result.CompilationErrors);
        using (ApprovalResults.ForScenario(name))
        {
            Approvals.VerifyWithExtension(result.Text(), ".cs");
        }
    }
}
