using System;

namespace PenaltyGen.Generators.Model;

/// <summary>One type that encloses the model type (nested declarations are emitted inside them).</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>The kind of a declared term.</summary>
internal enum TermKind
{
    L1,
    L2,
    ElasticNet,
    NonNegative,
    Bounds,
    Custom,
    GroupL2,
    Mcp,
    Scad,
}

/// <summary>A folded concave term of a penalty (none, MCP or SCAD).</summary>
internal enum ConcaveKind
{
    None,
    Mcp,
    Scad,
}

/// <summary>
/// One attribute on the model type, as parsed: its kind, its arguments, and where it stands (for
/// diagnostics). Values are what the user wrote; validation happens in <c>Validate/</c>.
/// </summary>
internal sealed record TermInfo(
    TermKind Kind,
    string AttributeName,
    double Weight,
    double? Alpha,
    double? L1Ratio,
    bool RidgeScaling,
    double Lower,
    double Upper,
    CustomTermInfo? Custom,
    LocationInfo Location,
    LocationInfo? AlphaLocation,
    LocationInfo? WeightLocation,
    LocationInfo? L1RatioLocation,
    double? Concavity = null,
    LocationInfo? ConcavityLocation = null);

/// <summary>A user term type: its fully qualified name, display name, and which contract it implements.</summary>
internal sealed record CustomTermInfo(string FullyQualifiedName, string DisplayName, bool IsSmooth, bool IsProximal);

/// <summary>A source location as a value.</summary>
internal sealed record LocationInfo(string FilePath, Microsoft.CodeAnalysis.Text.TextSpan Span, Microsoft.CodeAnalysis.Text.LinePositionSpan LineSpan)
{
    public static LocationInfo From(Microsoft.CodeAnalysis.Location location) =>
        new(location.SourceTree?.FilePath ?? string.Empty, location.SourceSpan, location.GetLineSpan().Span);

    public Microsoft.CodeAnalysis.Location ToLocation() =>
        Microsoft.CodeAnalysis.Location.Create(FilePath, Span, LineSpan);
}

/// <summary>A user member whose name the generator also declares on the model type.</summary>
internal sealed record ReservedName(string Name, LocationInfo Location);

/// <summary>What Parse produces for one model type: the declaration and its terms, still unvalidated.</summary>
internal sealed record ParsedModel(
    string Namespace,
    string Name,
    string FullName,
    string Keyword,
    string HintName,
    bool IsPartial,
    bool IsGeneric,
    bool IsStatic,
    EquatableArray<ReservedName> Collisions,
    EquatableArray<ContainingType> Containing,
    bool ContainersArePartial,
    LocationInfo NameLocation,
    EquatableArray<TermInfo> Terms);

/// <summary>A user term inside a validated composite, with its weight.</summary>
internal sealed record WeightedCustomTerm(string FullyQualifiedName, string DisplayName, double Weight);

/// <summary>
/// A validated penalty, reduced to the canonical form
/// g(x) = a₁|x| + ½a₂x² + Σ c_k ψ_k(x) + ι_[l,u](x) (smooth ψ) or with one proximal ψ — what Emit writes; or
/// P_{λc,κ}(x) + ½a₂x² for a folded concave term (MCP or SCAD with weight c and γ or a = κ, NaN: read at run time).
/// A runtime L1 ratio ρ contributes ρ·w to a₁ and (1 − ρ)·w to a₂ (<see cref="RuntimeRatioWeight"/> = w).
/// </summary>
internal sealed record PenaltySpec(
    string Namespace,
    string Name,
    string FullName,
    string Keyword,
    string HintName,
    EquatableArray<ContainingType> Containing,
    double DefaultAlpha,
    bool RidgeScaling,
    double L1,
    double L2,
    double RuntimeRatioWeight,
    double Lower,
    double Upper,
    WeightedCustomTerm? Proximal,
    EquatableArray<WeightedCustomTerm> Smooth,
    double Group = 0,
    ConcaveKind Concave = ConcaveKind.None,
    double ConcaveWeight = 0,
    double Concavity = double.NaN)
{
    /// <summary>Whether the penalty has an [MCP] or [SCAD] term (then its only other part is ½a₂x²).</summary>
    public bool IsConcave => Concave != ConcaveKind.None;

    /// <summary>Whether the concave term's γ or a is read at run time (declared without one).</summary>
    public bool HasRuntimeConcavity => IsConcave && double.IsNaN(Concavity);

    /// <summary>Whether the penalty has a group term c·Σ_G √|G|‖w_G‖ (it is then not separable).</summary>
    public bool HasGroup => Group != 0;

    public bool HasBounds => !double.IsNegativeInfinity(Lower) || !double.IsPositiveInfinity(Upper);

    public bool HasRuntimeRatio => RuntimeRatioWeight != 0;

    public bool HasL1 => L1 != 0 || HasRuntimeRatio;

    public bool HasL2 => L2 != 0 || HasRuntimeRatio;

    /// <summary>Whether g is exactly a₁|x| + ½a₂x², optionally with x ≥ 0 (the closed form of <c>IElasticNetPenalty</c>).</summary>
    public bool IsElasticNetShaped => !HasGroup && !IsConcave && Proximal is null && Smooth.Length == 0 && (!HasBounds || IsNonNegative);

    /// <summary>Whether the bounds are exactly [0, ∞).</summary>
    public bool IsNonNegative => Lower == 0 && double.IsPositiveInfinity(Upper);

    /// <summary>The strongest contract the penalty meets: the interface its struct implements.</summary>
    public string Capability => HasGroup ? "IBlockPenalty" : IsElasticNetShaped ? "IElasticNetPenalty" : "ISeparablePenalty";

    /// <summary>The visitor method that <c>Accept</c> calls (the capability without its "I…Penalty").</summary>
    public string VisitorMethod => HasGroup ? "Block" : IsElasticNetShaped ? "ElasticNet" : "Separable";
}

/// <summary>The result of Parse + Validate for one type: a spec to emit (when valid) and diagnostics.</summary>
internal sealed record ValidatedModel(PenaltySpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
