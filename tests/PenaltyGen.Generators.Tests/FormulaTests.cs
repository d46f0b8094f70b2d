using System.Linq;
using PenaltyGen.Generators.Tests.Models;
using PenaltyGen.Models;
using PenaltyGen.Penalties;
using PenaltyGen.Tests;
using Xunit;

namespace PenaltyGen.Generators.Tests;

/// <summary>Generated members against values derived by hand from the formulas in docs/penalties.md.</summary>
public class FormulaTests
{
    private static readonly PenaltyParameters One = new(1.0);

    [Fact]
    public void Elastic_net_0_3_prox_is_soft_threshold_over_one_plus_ridge() =>
        // S(2, 0.3) / (1 + 0.7) = 1.7 / 1.7
        Assert.Equal(1.0, Call<ElasticNet03.Penalty>.Prox(2.0, 1.0, One, 1.0), 15);

    [Fact]
    public void Lasso_prox_soft_thresholds_by_t_alpha_factor()
    {
        Assert.Equal(-2.0, Call<Lasso.Penalty>.Prox(-3.0, 0.5, new PenaltyParameters(2.0), 1.0));
        Assert.Equal(0.0, Call<Lasso.Penalty>.Prox(0.9, 1.0, One, 1.0));
        Assert.Equal(-3.0, Call<Lasso.Penalty>.Prox(-3.0, 1.0, One, 0.0)); // factor 0: unpenalized
    }

    [Fact]
    public void Constraints_clip_after_the_shrinkage()
    {
        Assert.Equal(0.0, Call<NonNegativeLasso.Penalty>.Prox(-3.0, 1.0, One, 1.0));
        Assert.Equal(0.5, Call<BoxedLasso.Penalty>.Prox(3.0, 1.0, One, 1.0));
        Assert.Equal(3.0 / 1.1, Call<WeightedNonNegative.Penalty>.Prox(5.0, 1.0, One, 1.0), 15);
    }

    [Fact]
    public void Custom_prox_is_rescaled_by_the_folded_ridge() =>
        // d = 1 + 0.2 = 1.2; CappedL1.Prox(4/1.2, 0.8/1.2) = max(10/3 − 4/3, 1) = 2
        Assert.Equal(2.0, Call<CappedWithRidge.Penalty>.Prox(4.0, 1.0, One, 1.0), 14);

    [Fact]
    public void Run_time_ratio_reads_the_parameters() =>
        // ρ = 0.25: S(2, 0.25) / (1 + 0.75) = 1
        Assert.Equal(1.0, Call<ElasticNet.Penalty>.Prox(2.0, 1.0, new PenaltyParameters(1.0, 0.25), 1.0), 15);

    [Fact]
    public void Values_sum_the_terms()
    {
        // 2·(0.3·(1 + 2) + 0.35·(1 + 4)) = 5.3
        Assert.Equal(5.3, Call<ElasticNet03.Penalty>.Value([1.0, -2.0], new PenaltyParameters(2.0), []), 14);
        Assert.Equal(double.PositiveInfinity, Call<NonNegativeLasso.Penalty>.Value([1.0, -0.1], One, []));
        // factors scale per coordinate: 1·|1| + 0·|−2|
        Assert.Equal(1.0, Call<Lasso.Penalty>.Value([1.0, -2.0], One, [1.0, 0.0]));
    }

    [Fact]
    public void Alpha_max_is_the_largest_correlation_over_the_l1_weight()
    {
        Assert.Equal(2.0, Call<Lasso.Penalty>.AlphaMax([0.5, -2.0], One, []));
        Assert.Equal(2.0 / 0.3, Call<ElasticNet03.Penalty>.AlphaMax([0.5, -2.0], One, []), 14);
        Assert.Equal(0.5, Call<NonNegativeLasso.Penalty>.AlphaMax([0.5, -2.0], One, [])); // negative c is absorbed by w ≥ 0
        Assert.Equal(0.5, Call<Lasso.Penalty>.AlphaMax([0.5, -2.0], One, [1.0, 0.0])); // unpenalized feature left out
        Assert.Equal(double.PositiveInfinity, Call<Ridge.Penalty>.AlphaMax([0.5], One, []));
        Assert.True(double.IsNaN(Call<CappedWithRidge.Penalty>.AlphaMax([0.5], One, [])));
    }

    [Fact]
    public void Ridge_scaling_divides_alpha_by_n()
    {
        Assert.Equal(2.0, Call<Ridge.Penalty>.ObjectiveAlpha(10.0, 5));
        Assert.Equal(10.0, Call<Lasso.Penalty>.ObjectiveAlpha(10.0, 5));
        Assert.Equal(0.1, Outer.NestedLasso.Penalty.DefaultAlpha);
    }

    [Fact]
    public void Formulas_describe_the_composite()
    {
        Assert.Equal("0.3·|w| + 0.35·w²", ElasticNet03.Penalty.Formula);
        Assert.Equal("ρ·|w| + ½(1 − ρ)·w²", ElasticNet.Penalty.Formula);
        Assert.Equal("2·|w| + 0.05·w², w ∈ [0, +∞)", WeightedNonNegative.Penalty.Formula);
        Assert.Equal("0.1·w² + 0.8·CappedL1(w)", CappedWithRidge.Penalty.Formula);
    }

    [Fact]
    public void Smooth_terms_are_linearized_in_the_coordinate_step()
    {
        // a' = 1 + 0.5·1, z' = z − 0.5·ψ'(w) + 0.5·1·w; then S(z', 1)/a'
        var w = 0.8;
        var slope = w / System.Math.Sqrt(1 + w * w);
        var z = 3.0;
        var expected = (z - 0.5 * slope + 0.5 * w - 1.0) / 1.5;
        Assert.Equal(expected, Call<LassoWithPseudoHuber.Penalty>.CoordinateMinimizer(z, 1.0, w, One, 1.0), 14);
    }

    [Fact]
    public void A_generated_penalty_shows_only_its_formula_name_and_default_strength()
    {
        var visible = typeof(Lasso.Penalty).GetMembers(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(m => m is System.Reflection.PropertyInfo or System.Reflection.MethodInfo { IsSpecialName: false })
            .Select(m => m.Name).Order(System.StringComparer.Ordinal);
        Assert.Equal(["DefaultAlpha", "Formula", "ModelName"], visible);
        Assert.Equal("PenaltyGen.Models.Lasso", Lasso.Penalty.ModelName);
        Assert.Equal("PenaltyGen.Generators.Tests.Models.ElasticNet03", ElasticNet03.Penalty.ModelName);
    }
}
