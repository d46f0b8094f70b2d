using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PenaltyGen.Testing;

/// <summary>
/// How a test project compiles: its compile references, global usings, language version, nullable context and
/// constants, as the package's build targets (build/PenaltyGen.Testing.targets) record them into the test assembly.
/// </summary>
/// <param name="Directory">The test project's folder: relative source paths are read from there.</param>
/// <param name="References">Full paths of the project's compile references.</param>
/// <param name="GlobalUsings">The project's global usings, as C# directives (implicit usings included).</param>
/// <param name="ParseOptions">The project's language version and preprocessor symbols.</param>
/// <param name="Nullable">The project's nullable context.</param>
public sealed record TestProject(
    string Directory,
    ImmutableArray<string> References,
    ImmutableArray<string> GlobalUsings,
    CSharpParseOptions ParseOptions,
    NullableContextOptions Nullable)
{
    private const string Prefix = "PenaltyGen.Testing.";

    /// <summary>Reads the metadata the package's build targets wrote into <paramref name="assembly"/>.</summary>
    /// <exception cref="InvalidOperationException">The assembly carries none: it was not built with the PenaltyGen.Testing package's targets.</exception>
    public static TestProject Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var metadata = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key.StartsWith(Prefix, StringComparison.Ordinal))
            .ToDictionary(a => a.Key[Prefix.Length..], a => a.Value ?? string.Empty);
        if (!metadata.TryGetValue("References", out var references))
            throw new InvalidOperationException(
                $"{assembly.GetName().Name} carries no PenaltyGen.Testing project metadata: reference the PenaltyGen.Testing package (its build targets record the project's references and usings), or call GeneratorHarness.Run(source) instead");
        var symbols = metadata.GetValueOrDefault("DefineConstants", string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var version = LanguageVersion.Preview;
        if (metadata.TryGetValue("LangVersion", out var lang) && lang.Length > 0 && !LanguageVersionFacts.TryParse(lang, out version))
            version = LanguageVersion.Preview;
        var nullable = metadata.GetValueOrDefault("Nullable", string.Empty).ToLowerInvariant() switch
        {
            "enable" => NullableContextOptions.Enable,
            "warnings" => NullableContextOptions.Warnings,
            "annotations" => NullableContextOptions.Annotations,
            _ => NullableContextOptions.Disable,
        };
        return new TestProject(
            metadata.GetValueOrDefault("ProjectDirectory", AppContext.BaseDirectory),
            [.. references.Split('|', StringSplitOptions.RemoveEmptyEntries)],
            [.. Usings(metadata.GetValueOrDefault("Usings", string.Empty))],
            new CSharpParseOptions(version, preprocessorSymbols: symbols),
            nullable);
    }

    /// <summary>The project's global usings as one source file, as the SDK writes them into obj/…GlobalUsings.g.cs.</summary>
    public SyntaxTree GlobalUsingsTree() =>
        CSharpSyntaxTree.ParseText(string.Join("\n", GlobalUsings), ParseOptions, "GlobalUsings.g.cs");

    /// <summary>
    /// A compilation of <paramref name="trees"/> with the project's references, less any assembly that defines a type the
    /// sources declare (the project that owns the files, when the test project references it): the sources stand for it.
    /// </summary>
    public CSharpCompilation Compile(IEnumerable<SyntaxTree> trees)
    {
        var compilation = CSharpCompilation.Create("PenaltyGenUserCode",
            [GlobalUsingsTree(), .. trees],
            References.Where(File.Exists).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: Nullable));
        var owners = compilation.SyntaxTrees
            .SelectMany(t => DeclaredTypes(compilation, t))
            .SelectMany(metadataName => compilation.GetTypesByMetadataName(metadataName))
            .Select(t => t.ContainingAssembly)
            .Where(a => !SymbolEqualityComparer.Default.Equals(a, compilation.Assembly))
            .Distinct(SymbolEqualityComparer.Default)
            .Select(a => compilation.GetMetadataReference((IAssemblySymbol)a!))
            .OfType<MetadataReference>()
            .ToList();
        return owners.Count == 0 ? compilation : compilation.RemoveReferences(owners);
    }

    private static IEnumerable<string> DeclaredTypes(CSharpCompilation compilation, SyntaxTree tree)
    {
        var model = compilation.GetSemanticModel(tree);
        return tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>()
            .Select(d => model.GetDeclaredSymbol(d))
            .OfType<INamedTypeSymbol>()
            .Select(MetadataName);
    }

    private static string MetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) name = outer.MetadataName + "+" + name;
        return type.ContainingNamespace.IsGlobalNamespace ? name : type.ContainingNamespace.ToDisplayString() + "." + name;
    }

    /// <summary>"System==" → "global using System;", "X=Y=" → "global using Y = X;", "M==true" → "global using static M;".</summary>
    private static IEnumerable<string> Usings(string recorded)
    {
        foreach (var item in recorded.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split('=');
            var (name, alias, isStatic) = (parts[0], parts.Length > 1 ? parts[1] : string.Empty, parts.Length > 2 && parts[2].Equals("true", StringComparison.OrdinalIgnoreCase));
            yield return alias.Length > 0 ? $"global using {alias} = global::{name};"
                : isStatic ? $"global using static global::{name};"
                : $"global using global::{name};";
        }
    }
}
