using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PenaltyGen.Testing;
using Xunit;

namespace PenaltyGen.Generators.Tests;

/// <summary>The pipeline caches: re-runs on unchanged input do no work, and step outputs hold no compiler objects.</summary>
public class IncrementalTests
{
    private const string Source = """
        using PenaltyGen;
        namespace App;
        [L1] [L2(Weight = 0.5)] public partial class A;
        [ElasticNet(L1Ratio = 0.3)] [NonNegative] public partial struct B;
        [L1(Alpha = -1)] public partial class Broken;
        """;

    private static readonly string[] Steps =
        [TrackingNames.Parse, TrackingNames.Validate, TrackingNames.Diagnostics, TrackingNames.Spec];

    private static GeneratorRunResult RunTwice(Func<CSharpCompilation, Compilation> change)
    {
        var compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver();
        driver = driver.RunGenerators(compilation);
        driver = driver.RunGenerators(change(compilation));
        return driver.GetRunResult().Results.Single();
    }

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(r => r.Outputs).Select(o => o.Reason)
            : [];

    [Fact]
    public void A_cloned_compilation_leaves_every_step_cached()
    {
        var result = RunTwice(c => c.Clone());
        foreach (var step in Steps)
        {
            var reasons = Reasons(result, step).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {o.Reason}"));
    }

    [Fact]
    public void An_unrelated_edit_regenerates_nothing()
    {
        var result = RunTwice(c => c.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App; public class Unrelated { public int X => 1; }", GeneratorHarness.ParseOptions)));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {o.Reason}"));
    }

    [Fact]
    public void Changing_a_weight_regenerates_that_model()
    {
        var result = RunTwice(c =>
        {
            var tree = c.SyntaxTrees.Single();
            var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Source.Replace("Weight = 0.5", "Weight = 0.25", StringComparison.Ordinal)));
            return c.ReplaceSyntaxTree(tree, edited);
        });
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Spec));
        Assert.Contains(result.GeneratedSources, s => s.SourceText.ToString().Contains("const double a2 = 0.25;", StringComparison.Ordinal));
    }

    [Fact]
    public void No_step_output_holds_a_symbol_syntax_node_or_compilation()
    {
        var result = RunTwice(c => c.Clone());
        foreach (var step in Steps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(r => r.Outputs))
                AssertNoCompilerObjects(output.Value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }
    }

    private static void AssertNoCompilerObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree,
            $"{path} holds a {value.GetType().Name}");
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        if (value is DiagnosticDescriptor || value.GetType().Namespace?.StartsWith("Microsoft.CodeAnalysis.Text", StringComparison.Ordinal) == true) return;
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items) AssertNoCompilerObjects(item, $"{path}[{i++}]", seen);
            return;
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertNoCompilerObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
    }
}
