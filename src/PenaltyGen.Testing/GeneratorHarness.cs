using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PenaltyGen.Generators;

namespace PenaltyGen.Testing;

/// <summary>Runs the PenaltyGen generator in memory on source text or on a compilation of yours.</summary>
public static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> DefaultReferences = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Concat(RuntimeAssemblies())
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    /// <summary>PenaltyGen and the assemblies its public surface uses (LanguageExt, MathNet, …).</summary>
    private static IEnumerable<string> RuntimeAssemblies()
    {
        var runtime = typeof(Penalties.IPenalty).Assembly;
        yield return runtime.Location;
        foreach (var name in runtime.GetReferencedAssemblies())
        {
            var location = System.Reflection.Assembly.Load(name).Location;
            if (location.Length > 0) yield return location;
        }
    }

    /// <summary>The parse options the harness compiles with (latest language version the compiler knows).</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Preview);

    /// <summary>The file name <see cref="Run(string, string)"/> gives its source unless told otherwise.</summary>
    public const string DefaultPath = "Model.cs";

    /// <summary>
    /// Compiles <paramref name="source"/> against PenaltyGen and the BCL only (no global usings), and runs the generator on
    /// it. For a project's real files, with its references and usings, use <see cref="RunFiles(string[])"/>.
    /// </summary>
    public static GeneratorResult Run(string source, string path = DefaultPath) =>
        Run(CreateCompilation(source, path));

    /// <summary>
    /// Runs the generator over real source files, compiled as the calling test project compiles (its references, global
    /// and implicit usings, language version, nullable context and constants, recorded by the PenaltyGen.Testing package's
    /// build targets). Relative paths are read from the test project's folder, e.g. "../MyApp/Models.cs".
    /// </summary>
    /// <exception cref="InvalidOperationException">The calling assembly was not built with the package's targets.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static GeneratorResult RunFiles(params string[] paths) => RunFiles(TestProject.Of(Assembly.GetCallingAssembly()), paths);

    /// <summary>Runs the generator over real source files compiled as <paramref name="project"/> compiles.</summary>
    public static GeneratorResult RunFiles(TestProject project, params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(paths);
        var trees = paths.Select(p =>
        {
            var full = Path.GetFullPath(Path.Combine(project.Directory, p));
            if (!File.Exists(full)) throw new FileNotFoundException($"no source file {full} (paths are relative to the test project's folder {project.Directory})", full);
            return CSharpSyntaxTree.ParseText(File.ReadAllText(full), project.ParseOptions, full);
        });
        return Run(project.Compile(trees));
    }

    /// <summary>Runs the generator on a compilation you built (it must reference PenaltyGen).</summary>
    public static GeneratorResult Run(Compilation compilation)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        GeneratorDriver driver = CreateDriver(compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult();
        var files = result.Results.SelectMany(r => r.GeneratedSources)
            .Select(s => new GeneratedFile(s.HintName, s.SourceText.ToString()))
            .ToList();
        return new GeneratorResult(files, generatorDiagnostics, output.GetDiagnostics(), output);
    }

    /// <summary>A driver for the PenaltyGen generator with step tracking on (for incremental tests).</summary>
    public static CSharpGeneratorDriver CreateDriver(CSharpParseOptions? parseOptions = null) =>
        CSharpGeneratorDriver.Create(
            [new PenaltyGenerator().AsSourceGenerator()],
            parseOptions: parseOptions ?? ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>A library compilation of <paramref name="source"/> referencing PenaltyGen and the BCL.</summary>
    public static CSharpCompilation CreateCompilation(string source, string path = "Model.cs") =>
        CSharpCompilation.Create("PenaltyGenUserCode",
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path)],
            DefaultReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Replaces the version in [GeneratedCode("PenaltyGen", "…")] so snapshots survive releases.</summary>
    public static string ScrubVersion(string text) =>
        Regex.Replace(text, "GeneratedCode\\(\"PenaltyGen\", \"[^\"]*\"\\)", "GeneratedCode(\"PenaltyGen\", \"{version}\")");
}
