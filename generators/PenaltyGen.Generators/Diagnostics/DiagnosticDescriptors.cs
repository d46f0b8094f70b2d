using Microsoft.CodeAnalysis;

namespace PenaltyGen.Generators.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are PG0001…; see AnalyzerReleases.*.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "PenaltyGen";

    public static readonly DiagnosticDescriptor NotPartial = new(
        "PG0001", "Penalty model type must be partial",
        "'{0}' declares a penalty but is not partial; add the partial modifier{1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The generator adds the penalty's code to the model type, so it and every type that contains it must be declared partial.");

    public static readonly DiagnosticDescriptor InvalidAlpha = new(
        "PG0002", "Alpha must be a finite number ≥ 0",
        "[{0}] has Alpha = {1}; the strength α must be a finite number ≥ 0",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidL1Ratio = new(
        "PG0003", "L1Ratio must lie in [0, 1]",
        "[ElasticNet] has L1Ratio = {0}; the ratio ρ of ρ|w| + ½(1 − ρ)w² must lie in [0, 1]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NoClosedFormProx = new(
        "PG0004", "Two non-smooth terms without a closed-form prox",
        "[{0}] and [{1}] are both non-smooth on the same coefficients and their sum has no closed-form proximal operator; write one custom term for their sum, or make one of them smooth",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Proximal gradient needs the prox of the whole non-smooth part. PenaltyGen knows it for L1 with L2² and box constraints; a user's proximal term can be combined with L2² and with constraints, but not with another non-smooth term.");

    public static readonly DiagnosticDescriptor InvalidBounds = new(
        "PG0005", "Bounds are empty",
        "{0}: lower = {1} and upper = {2} leave no feasible coefficient; need lower ≤ upper and neither NaN",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotATerm = new(
        "PG0006", "Custom term does not implement the term contract",
        "'{0}' cannot be used in [Penalty<{0}>]: it implements neither PenaltyGen.Penalties.IProximalTerm nor PenaltyGen.Penalties.ISmoothTerm",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateTerm = new(
        "PG0007", "Duplicate penalty term",
        "[{0}] repeats the {1} term already declared by [{2}]; declare it once with the combined Weight",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidWeight = new(
        "PG0008", "Weight must be a finite number ≥ 0",
        "[{0}] has Weight = {1}; a term's weight must be a finite number ≥ 0",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ConflictingAlpha = new(
        "PG0009", "Conflicting default Alpha",
        "[{0}] sets Alpha = {1} but [{2}] already set Alpha = {3}; a model has one default strength",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GroupCombination = new(
        "PG0011", "[GroupL2] cannot be combined with this term",
        "[GroupL2] couples the coefficients of a group and has no closed-form proximal operator together with [{0}]; it combines with [L1] and [L2] only",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Block soft-thresholding composes with soft-thresholding (the sparse group lasso) and with a quadratic, but not with box constraints or user terms.");

    public static readonly DiagnosticDescriptor GenericModel = new(
        "PG0010", "Penalty model type must not be generic",
        "'{0}' is generic; a penalty model type must be a non-generic class, struct or record",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
