// Linked into generators/PenaltyGen.Generators so that the attribute names the generator looks for
// and the attributes the runtime declares cannot drift apart.
namespace PenaltyGen;

internal static class AttributeNames
{
    public const string Namespace = "PenaltyGen";

    /// <summary>The project's public home; the packages' RepositoryUrl (Directory.Build.props) says the same.</summary>
    public const string RepositoryUrl = "https://github.com/penaltygen/penaltygen";
    public const string L1 = "PenaltyGen.L1Attribute";
    public const string L2 = "PenaltyGen.L2Attribute";
    public const string ElasticNet = "PenaltyGen.ElasticNetAttribute";
    public const string NonNegative = "PenaltyGen.NonNegativeAttribute";
    public const string Bounds = "PenaltyGen.BoundsAttribute";
    public const string Penalty = "PenaltyGen.PenaltyAttribute`1";
    public const string GroupL2 = "PenaltyGen.GroupL2Attribute";
    public const string Mcp = "PenaltyGen.MCPAttribute";
    public const string Scad = "PenaltyGen.SCADAttribute";

    public const string Alpha = "Alpha";
    public const string Weight = "Weight";
    public const string L1Ratio = "L1Ratio";
    public const string Scaling = "Scaling";
    public const string Gamma = "Gamma";
    public const string A = "A";

    public const string ProximalTerm = "PenaltyGen.Penalties.IProximalTerm";
    public const string SmoothTerm = "PenaltyGen.Penalties.ISmoothTerm";

    /// <summary>Value of <c>AlphaScaling.Ridge</c>.</summary>
    public const int RidgeScaling = 1;
}
