using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PenaltyGen.Generators.Emit;
using PenaltyGen.Generators.Model;
using PenaltyGen.Generators.Parse;
using PenaltyGen.Generators.Validate;

namespace PenaltyGen.Generators;

/// <summary>
/// The incremental pipeline: for each penalty attribute, <c>ForAttributeWithMetadataName</c> →
/// Parse (symbols → <see cref="ParsedModel"/>) → Validate (<see cref="ValidatedModel"/>: a spec and
/// diagnostics) → split into a diagnostics branch and a code branch → Emit (<c>{Type}.g.cs</c>).
/// A type with several penalty attributes is parsed by the transform of its first one only.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PenaltyGenerator : IIncrementalGenerator
{
    private static readonly string[] AttributeMetadataNames =
    [
        AttributeNames.L1, AttributeNames.L2, AttributeNames.ElasticNet,
        AttributeNames.NonNegative, AttributeNames.Bounds, AttributeNames.Penalty, AttributeNames.GroupL2,
        AttributeNames.Mcp, AttributeNames.Scad,
    ];

    /// <summary>Wires one Parse → Validate → (diagnostics | Emit) pipeline per penalty attribute.</summary>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var version = typeof(PenaltyGenerator).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";
        foreach (var name in AttributeMetadataNames)
        {
            var validated = context.SyntaxProvider
                .ForAttributeWithMetadataName(name,
                    static (node, _) => node is TypeDeclarationSyntax,
                    static (ctx, token) => ModelParser.Parse(ctx, token))
                .WithTrackingName(TrackingNames.Parse)
                .Where(static m => m is not null)
                .Select(static (m, _) => CompositeRules.Validate(m!))
                .WithTrackingName(TrackingNames.Validate);

            var diagnostics = validated
                .Select(static (v, _) => v.Diagnostics)
                .WithTrackingName(TrackingNames.Diagnostics);
            context.RegisterSourceOutput(diagnostics, static (spc, list) =>
            {
                foreach (var d in list) spc.ReportDiagnostic(d.ToDiagnostic());
            });

            var specs = validated
                .Select(static (v, _) => v.Spec)
                .Where(static s => s is not null)
                .WithTrackingName(TrackingNames.Spec);
            context.RegisterSourceOutput(specs, (spc, spec) =>
                spc.AddSource(spec!.HintName + ".g.cs", PenaltyEmitter.Emit(spec, version)));
        }
    }
}

/// <summary>Names of the tracked pipeline steps, for the incremental tests.</summary>
public static class TrackingNames
{
    /// <summary>The step symbols → ParsedModel.</summary>
    public const string Parse = nameof(Parse);
    /// <summary>The step ParsedModel → spec and diagnostics.</summary>
    public const string Validate = nameof(Validate);
    /// <summary>The step the diagnostics branch.</summary>
    public const string Diagnostics = nameof(Diagnostics);
    /// <summary>The step the code branch (specs to emit).</summary>
    public const string Spec = nameof(Spec);
}
