using ApprovalTests;
using ApprovalTests.Reporters;
using PenaltyGen.Testing;
using Xunit;

[assembly: UseReporter(typeof(QuietReporter))]

namespace Shop.Tests;

public class ModelSnapshotTests
{
    [Fact]
    public void Generated_code_matches_the_snapshot()
    {
        var result = GeneratorHarness.RunFiles("Models.cs");
        Assert.Empty(result.DiagnosticLines);
        Approvals.VerifyWithExtension(result.Text(), ".cs");
    }

    [Fact]
    public void The_model_fits_in_this_project_too()
    {
        var fit = HousePrices.Fit(PenaltyGen.Data.Diabetes.Load(), 0.5).ThrowIfFail();
        Assert.Equal("Shop.HousePrices", fit.Model);
    }
}
