using System;
using System.Collections.Generic;
using System.Linq;
using PenaltyGen.Generators.Diagnostics;
using PenaltyGen.Generators.Model;

namespace PenaltyGen.Generators.Validate;

/// <summary>
/// Validate step: checks every argument and the composite rule, then reduces the terms to the
/// canonical form g(x) = a₁|x| + ½a₂x² + Σ c_k ψ_k(x) + ι_[l,u](x) that Emit writes.
///
/// The rule that keeps composites sound: proximal gradient needs the prox of the whole non-smooth
/// part. In one dimension the prox of a convex h plus an interval indicator is clip(prox_h), and a
/// quadratic ½a₂x² folds into any prox by rescaling, so L1, L2², NonNegative and Bounds combine in
/// closed form, and so does one user proximal term with L2² and constraints. Two non-smooth
/// non-indicator terms (L1 and a user proximal term, or two user proximal terms) do not: PG0004.
/// </summary>
internal static class CompositeRules
{
    public static ValidatedModel Validate(ParsedModel model)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (!model.IsPartial || !model.ContainersArePartial)
        {
            var hint = model.IsPartial ? ", and to every type that contains it" : string.Empty;
            diagnostics.Add(Diagnostic(DiagnosticDescriptors.NotPartial, model.NameLocation, model.Name, hint));
        }
        if (model.IsGeneric) diagnostics.Add(Diagnostic(DiagnosticDescriptors.GenericModel, model.NameLocation, model.Name));
        if (model.IsStatic) diagnostics.Add(Diagnostic(DiagnosticDescriptors.StaticModel, model.NameLocation, model.Name));
        foreach (var collision in model.Collisions)
            diagnostics.Add(Diagnostic(DiagnosticDescriptors.ReservedMemberName, collision.Location, model.Name, collision.Name, string.Join(", ", GeneratedMembers.All)));

        foreach (var term in model.Terms) CheckArguments(term, diagnostics);
        var defaultAlpha = CheckDefaultAlpha(model.Terms, diagnostics);
        CheckDuplicates(model.Terms, diagnostics);
        CheckNonSmooth(model.Terms, diagnostics);
        CheckGroups(model.Terms, diagnostics);
        CheckConcave(model.Terms, diagnostics);
        var (lower, upper) = Interval(model.Terms, diagnostics);

        if (diagnostics.Count > 0) return new ValidatedModel(null, diagnostics.ToEquatableArray());
        return new ValidatedModel(Reduce(model, defaultAlpha, lower, upper), EquatableArray<DiagnosticInfo>.Empty);
    }

    private static void CheckArguments(TermInfo term, List<DiagnosticInfo> diagnostics)
    {
        if (term.Alpha is { } alpha && !Numbers.IsFiniteNonNegative(alpha))
            diagnostics.Add(Diagnostic(DiagnosticDescriptors.InvalidAlpha, term.AlphaLocation ?? term.Location, term.AttributeName, Numbers.Text(alpha)));
        if (!Numbers.IsFiniteNonNegative(term.Weight))
            diagnostics.Add(Diagnostic(DiagnosticDescriptors.InvalidWeight, term.WeightLocation ?? term.Location, term.AttributeName, Numbers.Text(term.Weight)));
        if (term.L1Ratio is { } ratio && !(ratio >= 0 && ratio <= 1))
            diagnostics.Add(Diagnostic(DiagnosticDescriptors.InvalidL1Ratio, term.L1RatioLocation ?? term.Location, Numbers.Text(ratio)));
        if (term.Kind == TermKind.Bounds && !(term.Lower <= term.Upper))
            diagnostics.Add(Diagnostic(DiagnosticDescriptors.InvalidBounds, term.Location, "[Bounds]", Numbers.Text(term.Lower), Numbers.Text(term.Upper)));
        if (term.Kind == TermKind.Mcp && term.Concavity is { } gamma && !(gamma > 1 && !double.IsInfinity(gamma)))
            diagnostics.Add(Diagnostic(DiagnosticDescriptors.InvalidConcavity, term.ConcavityLocation ?? term.Location, "MCP", "Gamma", Numbers.Text(gamma),
                "γ must be a finite number > 1 (each coordinate problem is then convex on standardized features)"));
        if (term.Kind == TermKind.Scad && term.Concavity is { } a && !(a > 2 && !double.IsInfinity(a)))
            diagnostics.Add(Diagnostic(DiagnosticDescriptors.InvalidConcavity, term.ConcavityLocation ?? term.Location, "SCAD", "A", Numbers.Text(a),
                "a must be a finite number > 2 (each coordinate problem is then convex on standardized features)"));
        if (term.Kind == TermKind.Custom && term.Custom is { IsSmooth: false, IsProximal: false } custom)
            diagnostics.Add(Diagnostic(DiagnosticDescriptors.NotATerm, term.Location, custom.DisplayName));
    }

    private static double CheckDefaultAlpha(EquatableArray<TermInfo> terms, List<DiagnosticInfo> diagnostics)
    {
        TermInfo? first = null;
        foreach (var term in terms)
        {
            if (term.Alpha is not { } alpha) continue;
            if (first is null) first = term;
            else if (!alpha.Equals(first.Alpha!.Value))
                diagnostics.Add(Diagnostic(DiagnosticDescriptors.ConflictingAlpha, term.AlphaLocation ?? term.Location,
                    term.AttributeName, Numbers.Text(alpha), first.AttributeName, Numbers.Text(first.Alpha.Value)));
        }
        return first?.Alpha ?? 1.0;
    }

    /// <summary>The parts (|x|, ½x², a user type) each term contributes; a part declared twice is PG0007.</summary>
    private static void CheckDuplicates(EquatableArray<TermInfo> terms, List<DiagnosticInfo> diagnostics)
    {
        var owners = new Dictionary<string, TermInfo>();
        foreach (var term in terms)
        {
            foreach (var part in Parts(term))
            {
                if (owners.TryGetValue(part, out var owner))
                    diagnostics.Add(Diagnostic(DiagnosticDescriptors.DuplicateTerm, term.Location, term.AttributeName, part, owner.AttributeName));
                else
                    owners[part] = term;
            }
        }
    }

    private static IEnumerable<string> Parts(TermInfo term)
    {
        switch (term.Kind)
        {
            case TermKind.L1: yield return "L1"; break;
            case TermKind.L2: yield return "L2"; break;
            case TermKind.GroupL2: yield return "GroupL2"; break;
            case TermKind.ElasticNet:
                if (term.L1Ratio is not { } r || r > 0) yield return "L1";
                if (term.L1Ratio is not { } s || s < 1) yield return "L2";
                break;
            case TermKind.Custom when term.Custom is not null: yield return term.Custom.DisplayName; break;
        }
    }

    private static void CheckNonSmooth(EquatableArray<TermInfo> terms, List<DiagnosticInfo> diagnostics)
    {
        TermInfo? first = null;
        foreach (var term in terms)
        {
            var nonSmooth = term.Kind == TermKind.Custom
                ? term.Custom is { IsSmooth: false, IsProximal: true }
                : Parts(term).Contains("L1");
            if (!nonSmooth) continue;
            if (first is null) first = term;
            else if (term.Kind == TermKind.Custom || first.Kind == TermKind.Custom)
                diagnostics.Add(Diagnostic(DiagnosticDescriptors.NoClosedFormProx, term.Location, first.AttributeName, term.AttributeName));
        }
    }

    /// <summary>A group term composes in closed form with |x| and ½x² only (PG0011 for anything else).</summary>
    private static void CheckGroups(EquatableArray<TermInfo> terms, List<DiagnosticInfo> diagnostics)
    {
        if (!terms.Any(t => t.Kind == TermKind.GroupL2)) return;
        foreach (var term in terms)
        {
            if (term.Kind is TermKind.NonNegative or TermKind.Bounds or TermKind.Custom)
                diagnostics.Add(Diagnostic(DiagnosticDescriptors.GroupCombination, term.Location, term.AttributeName));
        }
    }

    /// <summary>An [MCP] or [SCAD] term combines with [L2] only (PG0015 names each other term).</summary>
    private static void CheckConcave(EquatableArray<TermInfo> terms, List<DiagnosticInfo> diagnostics)
    {
        var concave = terms.FirstOrDefault(t => t.Kind is TermKind.Mcp or TermKind.Scad);
        if (concave is null) return;
        foreach (var term in terms)
        {
            if (ReferenceEquals(term, concave) || term.Kind == TermKind.L2) continue;
            diagnostics.Add(Diagnostic(DiagnosticDescriptors.ConcaveCombination, term.Location, concave.AttributeName, term.AttributeName));
        }
    }

    /// <summary>The intersection of the constraints' intervals; an empty intersection is PG0005.</summary>
    private static (double Lower, double Upper) Interval(EquatableArray<TermInfo> terms, List<DiagnosticInfo> diagnostics)
    {
        double lower = double.NegativeInfinity, upper = double.PositiveInfinity;
        var constraints = terms.Where(t => t.Kind is TermKind.NonNegative or TermKind.Bounds).ToList();
        foreach (var t in constraints)
        {
            lower = Math.Max(lower, t.Lower);
            upper = Math.Min(upper, t.Upper);
        }
        if (constraints.Count > 1 && lower > upper && constraints.All(t => t.Lower <= t.Upper))
            diagnostics.Add(Diagnostic(DiagnosticDescriptors.InvalidBounds, constraints[constraints.Count - 1].Location,
                "the intersection of " + string.Join(" and ", constraints.Select(c => "[" + c.AttributeName + "]")), Numbers.Text(lower), Numbers.Text(upper)));
        return (lower, upper);
    }

    private static PenaltySpec Reduce(ParsedModel model, double defaultAlpha, double lower, double upper)
    {
        double l1 = 0, l2 = 0, runtime = 0, group = 0, concaveWeight = 0, concavity = double.NaN;
        var concave = ConcaveKind.None;
        WeightedCustomTerm? proximal = null;
        var smooth = new List<WeightedCustomTerm>();
        foreach (var term in model.Terms)
        {
            switch (term.Kind)
            {
                case TermKind.L1: l1 += term.Weight; break;
                case TermKind.L2: l2 += term.Weight; break;
                case TermKind.GroupL2: group += term.Weight; break;
                case TermKind.Mcp or TermKind.Scad:
                    (concave, concaveWeight, concavity) = (term.Kind == TermKind.Mcp ? ConcaveKind.Mcp : ConcaveKind.Scad, term.Weight, term.Concavity ?? double.NaN);
                    break;
                case TermKind.ElasticNet when term.L1Ratio is { } r:
                    l1 += term.Weight * r;
                    l2 += term.Weight * (1 - r);
                    break;
                case TermKind.ElasticNet: runtime += term.Weight; break;
                case TermKind.Custom when term.Custom is { } c:
                    var weighted = new WeightedCustomTerm(c.FullyQualifiedName, c.DisplayName, term.Weight);
                    if (c.IsSmooth) smooth.Add(weighted);
                    else proximal = weighted;
                    break;
            }
        }
        var spec = new PenaltySpec(model.Namespace, model.Name, model.FullName, model.Keyword, model.HintName, model.Containing,
            defaultAlpha, model.Terms.Any(t => t.RidgeScaling), l1, l2, runtime, lower, upper, proximal,
            smooth.ToEquatableArray(), Group: group, Concave: concave, ConcaveWeight: concaveWeight, Concavity: concavity);
        return spec;
    }

    private static DiagnosticInfo Diagnostic(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo location, params string[] args) =>
        new(descriptor, location, args.ToEquatableArray());

}
