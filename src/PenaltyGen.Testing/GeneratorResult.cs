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

/// <summary>One file the generator wrote: its hint name and its text.</summary>
public sealed record GeneratedFile(string HintName, string Text);

/// <summary>
/// What one generator run produced, as plain text for any snapshot library: the generated files,
/// the generator's diagnostics, and the diagnostics of the compilation that includes its output.
/// </summary>
public sealed record GeneratorResult(
    IReadOnlyList<GeneratedFile> Files,
    IReadOnlyList<Diagnostic> GeneratorDiagnostics,
    IReadOnlyList<Diagnostic> CompilationDiagnostics,
    Compilation OutputCompilation)
{
    /// <summary>
    /// Everything a test should see empty: the generator's diagnostics, then the compiler's errors and warnings in the
    /// sources and in the generated code, each as "PG0001 Model.cs (3,22)-(3,25): message" (1-based lines and columns).
    /// </summary>
    public IReadOnlyList<string> DiagnosticLines => [.. GeneratorLines, .. CompilationErrors];

    /// <summary>The generator's (PG) diagnostics only, described as above.</summary>
    public IReadOnlyList<string> GeneratorLines => GeneratorDiagnostics.Select(Describe).ToList();

    /// <summary>Compiler errors and warnings of the compilation that includes the generated code, described as above.</summary>
    public IReadOnlyList<string> CompilationErrors => CompilationDiagnostics
        .Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(Describe).ToList();

    /// <summary>Every generated file, each under a "// hint name" header, with the generator version scrubbed.</summary>
    public string Text(bool scrubVersion = true)
    {
        var text = new StringBuilder();
        foreach (var file in Files.OrderBy(f => f.HintName, StringComparer.Ordinal))
        {
            text.Append("// ").Append(file.HintName).Append('\n');
            text.Append(scrubVersion ? GeneratorHarness.ScrubVersion(file.Text) : file.Text);
        }
        return text.ToString();
    }

    /// <summary>"ID file (line,column)-(line,column): message", 1-based; the file is left out for the harness's one in-memory source.</summary>
    public static string Describe(Diagnostic d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var where = d.Location.GetLineSpan();
        var span = where.Span;
        var file = where.Path is { Length: > 0 } path && path != GeneratorHarness.DefaultPath ? Path.GetFileName(path) + " " : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"{d.Id} {file}({span.Start.Line + 1},{span.Start.Character + 1})-({span.End.Line + 1},{span.End.Character + 1}): {d.GetMessage(CultureInfo.InvariantCulture)}");
    }
}
