using System;
using System.IO;
using System.Linq;
using ApprovalTests;
using ApprovalTests.Namers;
using PenaltyGen.Testing;
using Xunit;

namespace PenaltyGen.Generators.Tests;

/// <summary>
/// The testing helper as a user's test project uses it: real files compiled with the project's references and global
/// usings, every problem (PG diagnostics and compile errors) in <see cref="GeneratorResult.DiagnosticLines"/>.
/// </summary>
[UseApprovalSubdirectory("Snapshots")]
public class HarnessTests
{
    private const string ProjectFile = "UserProject/SteepRidge.cs";

    [Fact]
    public void A_real_project_file_compiles_with_the_projects_usings_and_matches_its_snapshot()
    {
        var result = GeneratorHarness.RunFiles(ProjectFile);
        Assert.Empty(result.DiagnosticLines);
        Assert.Equal(["Users.Project.SteepRidge.g.cs"], result.Files.Select(f => f.HintName));
        Approvals.VerifyWithExtension(result.Text(), ".cs");
    }

    [Fact]
    public void Without_the_projects_usings_the_same_file_fails_and_the_failure_is_in_DiagnosticLines()
    {
        var source = File.ReadAllText(Path.Combine(TestProject.Of(typeof(HarnessTests).Assembly).Directory, ProjectFile));
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorLines);
        Assert.Contains("CS0103 (14,49)-(14,53): The name 'Math' does not exist in the current context", result.DiagnosticLines);
    }

    [Fact]
    public void The_project_metadata_holds_the_references_and_global_usings()
    {
        var project = TestProject.Of(typeof(HarnessTests).Assembly);
        Assert.Contains("global using global::System;", project.GlobalUsings);
        Assert.Contains(project.References, r => Path.GetFileName(r) == "PenaltyGen.dll");
        Assert.Equal("PenaltyGen.Generators.Tests", Path.GetFileName(project.Directory));
    }

    [Fact]
    public void An_assembly_built_without_the_packages_targets_is_told_what_to_do() =>
        Assert.Equal("PenaltyGen carries no PenaltyGen.Testing project metadata: reference the PenaltyGen.Testing package (its build targets record the project's references and usings), or call GeneratorHarness.Run(source) instead",
            Assert.Throws<InvalidOperationException>(() => TestProject.Of(typeof(Fit).Assembly)).Message);

    [Fact]
    public void A_missing_file_names_the_folder_paths_are_read_from()
    {
        var e = Assert.Throws<FileNotFoundException>(() => GeneratorHarness.RunFiles("UserProject/None.cs"));
        Assert.StartsWith("no source file ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("(paths are relative to the test project's folder " + TestProject.Of(typeof(HarnessTests).Assembly).Directory + ")", e.Message, StringComparison.Ordinal);
    }
}
