using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PenaltyGen.Testing;
using Xunit;

namespace PenaltyGen.Generators.Tests;

/// <summary>docs/diagnostics.md: a section per released id, whose wrong example reports exactly it and whose right one compiles.</summary>
public class DiagnosticsDocTests
{
    private static readonly string Repository = Path.GetFullPath(Path.Combine(TestProject.Of(typeof(DiagnosticsDocTests).Assembly).Directory, "..", ".."));

    private static string[] ReleasedIds() =>
        File.ReadAllLines(Path.Combine(Repository, "generators", "PenaltyGen.Generators", "AnalyzerReleases.Unshipped.md"))
            .Select(l => Regex.Match(l, "^(PG\\d{4}) \\|")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToArray();

    private static (string Wrong, string Right) Examples(string id)
    {
        var doc = File.ReadAllText(Path.Combine(Repository, "docs", "diagnostics.md"));
        var section = Regex.Match(doc, $"## {id}\\n(.*?)(?=\\n## |$)", RegexOptions.Singleline);
        Assert.True(section.Success, $"docs/diagnostics.md has no section for {id}");
        var blocks = Regex.Matches(section.Groups[1].Value, "```csharp\\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToArray();
        Assert.True(blocks.Length == 2, $"{id}: expected a wrong and a right example, found {blocks.Length} code blocks");
        return (blocks[0], blocks[1]);
    }

    public static TheoryData<string> Ids => [.. ReleasedIds()];

    [Fact]
    public void Every_id_from_PG0001_to_the_last_is_released() =>
        Assert.Equal(Enumerable.Range(1, ReleasedIds().Length).Select(i => $"PG{i:0000}"), ReleasedIds().Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_wrong_example_reports_its_id_and_the_right_one_compiles(string id)
    {
        var (wrong, right) = Examples(id);
        var bad = GeneratorHarness.Run("using PenaltyGen;\n" + wrong);
        Assert.Equal([id], bad.GeneratorDiagnostics.Select(d => d.Id).Distinct());
        Assert.Equal(DiagnosticDescriptorsLink(id), bad.GeneratorDiagnostics[0].Descriptor.HelpLinkUri);
        var good = GeneratorHarness.Run("using PenaltyGen;\n" + right);
        Assert.Empty(good.DiagnosticLines);
        Assert.Single(good.Files);
    }

    private static string DiagnosticDescriptorsLink(string id) =>
        $"https://github.com/penaltygen/penaltygen/blob/main/docs/diagnostics.md#{id.ToLowerInvariant()}";
}
