using Microsoft.CodeAnalysis;

namespace PenaltyGen.Generators.Model;

/// <summary>
/// A diagnostic as a plain value: descriptor, location (path and span) and message arguments. No
/// ISymbol or SyntaxTree, so a pipeline step holding it compares by value and caches.
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic()
    {
        var args = new object[Arguments.Length];
        for (var i = 0; i < args.Length; i++) args[i] = Arguments[i];
        return Diagnostic.Create(Descriptor, Location.ToLocation(), args);
    }
}
