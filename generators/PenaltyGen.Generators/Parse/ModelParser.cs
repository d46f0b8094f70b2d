using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PenaltyGen.Generators.Model;

namespace PenaltyGen.Generators.Parse;

/// <summary>
/// Parse step: reads the symbols of one attributed type into a <see cref="ParsedModel"/>, a value that
/// holds no ISymbol, SyntaxNode or Compilation, so the pipeline can cache it.
/// </summary>
internal static class ModelParser
{
    private static readonly Dictionary<string, TermKind> Kinds = new()
    {
        [AttributeNames.L1] = TermKind.L1,
        [AttributeNames.L2] = TermKind.L2,
        [AttributeNames.ElasticNet] = TermKind.ElasticNet,
        [AttributeNames.NonNegative] = TermKind.NonNegative,
        [AttributeNames.Bounds] = TermKind.Bounds,
        [AttributeNames.Penalty] = TermKind.Custom,
        [AttributeNames.GroupL2] = TermKind.GroupL2,
        [AttributeNames.Mcp] = TermKind.Mcp,
        [AttributeNames.Scad] = TermKind.Scad,
    };

    /// <summary>
    /// A type with several penalty attributes is reached once per attribute kind; only the transform of
    /// its first penalty attribute (in declaration order) builds the model, the others return null.
    /// </summary>
    public static ParsedModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken token)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type) return null;
        var attributes = type.GetAttributes().Where(a => KindOf(a) is not null).ToList();
        if (attributes.Count == 0) return null;
        var primary = attributes[0].ApplicationSyntaxReference;
        if (primary is null || !context.Attributes.Any(a => SameApplication(a.ApplicationSyntaxReference, primary))) return null;
        token.ThrowIfCancellationRequested();

        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        var terms = attributes.Select(a => ReadTerm(a, KindOf(a)!.Value, token)).ToEquatableArray();
        var containing = new List<ContainingType>();
        var containersPartial = true;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, new ContainingType(Keyword(outer), outer.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
            containersPartial &= IsPartial(outer);
        }

        return new ParsedModel(
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
            Name: type.Name,
            FullName: type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat),
            Keyword: Keyword(type),
            HintName: HintName(type),
            IsPartial: IsPartial(type),
            IsGeneric: type.IsGenericType,
            IsStatic: type.IsStatic,
            Collisions: Collisions(type),
            Containing: containing.ToEquatableArray(),
            ContainersArePartial: containersPartial,
            NameLocation: LocationInfo.From(declaration.Identifier.GetLocation()),
            Terms: terms);
    }

    /// <summary>The user's own members (and nested types) named like a member the generator adds.</summary>
    private static EquatableArray<ReservedName> Collisions(INamedTypeSymbol type) =>
        type.GetMembers()
            .Where(m => !m.IsImplicitlyDeclared && GeneratedMembers.All.Contains(m.Name) && m.Locations.Length > 0 && m.Locations[0].IsInSource)
            .Select(m => new ReservedName(m.Name, LocationInfo.From(m.Locations[0])))
            .ToEquatableArray();

    private static TermKind? KindOf(AttributeData attribute)
    {
        var cls = attribute.AttributeClass?.OriginalDefinition;
        if (cls is null) return null;
        var name = cls.ContainingNamespace?.ToDisplayString() + "." + cls.MetadataName;
        return Kinds.TryGetValue(name, out var kind) ? kind : null;
    }

    private static bool SameApplication(SyntaxReference? a, SyntaxReference b) =>
        a is not null && a.SyntaxTree == b.SyntaxTree && a.Span == b.Span;

    private static TermInfo ReadTerm(AttributeData attribute, TermKind kind, CancellationToken token)
    {
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(token) as AttributeSyntax;
        var location = LocationInfo.From(syntax?.GetLocation() ?? Location.None);
        double? alpha = null, l1Ratio = null, concavity = null;
        double weight = 1;
        var ridge = false;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case AttributeNames.Alpha: alpha = AsDouble(named.Value); break;
                case AttributeNames.Weight: weight = AsDouble(named.Value); break;
                case AttributeNames.L1Ratio: l1Ratio = AsDouble(named.Value); break;
                case AttributeNames.Scaling: ridge = named.Value.Value is int s && s == AttributeNames.RidgeScaling; break;
                case AttributeNames.Gamma when kind == TermKind.Mcp: concavity = AsDouble(named.Value); break;
                case AttributeNames.A when kind == TermKind.Scad: concavity = AsDouble(named.Value); break;
            }
        }
        double lower = double.NegativeInfinity, upper = double.PositiveInfinity;
        if (kind == TermKind.NonNegative) lower = 0;
        if (kind == TermKind.Bounds && attribute.ConstructorArguments.Length == 2)
        {
            lower = AsDouble(attribute.ConstructorArguments[0]);
            upper = AsDouble(attribute.ConstructorArguments[1]);
        }
        CustomTermInfo? custom = null;
        var displayName = attribute.AttributeClass!.Name.Replace("Attribute", string.Empty);
        if (kind == TermKind.Custom && attribute.AttributeClass.TypeArguments.Length == 1)
        {
            var t = attribute.AttributeClass.TypeArguments[0];
            var interfaces = t.AllInterfaces.Select(i => i.ToDisplayString()).ToImmutableHashSet();
            var termName = t.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            custom = new CustomTermInfo(
                t.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), termName,
                interfaces.Contains(AttributeNames.SmoothTerm), interfaces.Contains(AttributeNames.ProximalTerm));
            displayName = $"Penalty<{termName}>";
        }
        return new TermInfo(kind, displayName, weight, alpha, l1Ratio, ridge, lower, upper, custom, location,
            ArgumentLocation(syntax, AttributeNames.Alpha), ArgumentLocation(syntax, AttributeNames.Weight),
            ArgumentLocation(syntax, AttributeNames.L1Ratio), concavity,
            ArgumentLocation(syntax, kind == TermKind.Mcp ? AttributeNames.Gamma : AttributeNames.A));
    }

    private static double AsDouble(TypedConstant constant) => constant.Value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        _ => double.NaN,
    };

    private static LocationInfo? ArgumentLocation(AttributeSyntax? syntax, string name)
    {
        var argument = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return argument is null ? null : LocationInfo.From(argument.GetLocation());
    }

    private static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.All(r =>
            r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword)));

    private static string Keyword(INamedTypeSymbol type) => (type.IsRecord, type.TypeKind) switch
    {
        (true, TypeKind.Struct) => "record struct",
        (true, _) => "record",
        (_, TypeKind.Struct) => "struct",
        (_, TypeKind.Interface) => "interface",
        _ => "class",
    };

    private static string HintName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) name = outer.MetadataName + "." + name;
        return type.ContainingNamespace.IsGlobalNamespace ? name : type.ContainingNamespace.ToDisplayString() + "." + name;
    }
}
