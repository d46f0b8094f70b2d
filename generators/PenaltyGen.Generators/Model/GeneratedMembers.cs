namespace PenaltyGen.Generators.Model;

/// <summary>
/// The names the generator declares on a model type. The emitter writes exactly these; the parser reports a user
/// member with one of them (PG0013), since it would collide with the generated one (CS0102/CS0111).
/// </summary>
internal static class GeneratedMembers
{
    public const string Penalty = nameof(Penalty);
    public const string Fit = nameof(Fit);
    public const string Path = nameof(Path);
    public const string AlphaGrid = nameof(AlphaGrid);
    public const string CrossValidate = nameof(CrossValidate);
    public const string Load = nameof(Load);

    public static readonly string[] All = [Penalty, Fit, Path, AlphaGrid, CrossValidate, Load];
}
