using PenaltyGen.Generators.Tests.Models;
using PenaltyGen.Models;
using Xunit;
using NonNegativeRidge = PenaltyGen.Generators.Tests.Models.NonNegativeRidge;

namespace PenaltyGen.Generators.Tests;

/// <summary>Every built-in and every composite in Models/ passes the prox laws.</summary>
public class ProxLawTests
{
    [Fact] public void Lasso() => PenaltyLaws<Lasso.Penalty>.Check();

    [Fact] public void Ridge() => PenaltyLaws<Ridge.Penalty>.Check();

    [Fact] public void ElasticNet_with_a_run_time_ratio() => PenaltyLaws<ElasticNet.Penalty>.Check();

    [Fact] public void Non_negative_lasso() => PenaltyLaws<NonNegativeLasso.Penalty>.Check();

    [Fact] public void ElasticNet_0_3() => PenaltyLaws<ElasticNet03.Penalty>.Check();

    [Fact] public void Boxed_elastic_net() => PenaltyLaws<BoxedElasticNet.Penalty>.Check();

    [Fact] public void Weighted_non_negative() => PenaltyLaws<WeightedNonNegative.Penalty>.Check();

    [Fact] public void Non_negative_ridge() => PenaltyLaws<NonNegativeRidge.Penalty>.Check();

    [Fact] public void Boxed_lasso() => PenaltyLaws<BoxedLasso.Penalty>.Check();

    [Fact] public void Custom_proximal_term_with_ridge() => PenaltyLaws<CappedWithRidge.Penalty>.Check();

    [Fact] public void Custom_term_from_a_project_file() => PenaltyLaws<Users.Project.SteepRidge.Penalty>.Check();

    [Fact] public void Lasso_with_a_smooth_custom_term() => PenaltyLaws<LassoWithPseudoHuber.Penalty>.Check(hasSmoothTerms: true);

    [Fact] public void Nested_lasso() => PenaltyLaws<Outer.NestedLasso.Penalty>.Check();

    [Fact] public void Mcp_with_a_run_time_gamma() => PenaltyLaws<Mcp.Penalty>.Check(concave: true);

    [Fact] public void Scad_with_a_run_time_a() => PenaltyLaws<Scad.Penalty>.Check(concave: true);

    [Fact] public void Mcp_with_ridge() => PenaltyLaws<McpRidge.Penalty>.Check(concave: true);

    [Fact] public void Weighted_scad_with_a_folded_a() => PenaltyLaws<HeavyScad.Penalty>.Check(concave: true);

    [Fact] public void Group_lasso() => GroupPenaltyLaws<GroupLasso.Penalty>.Check();

    [Fact] public void Sparse_group_lasso_with_ridge() => GroupPenaltyLaws<SparseGroupRidge.Penalty>.Check();

    [Fact] public void Run_time_elastic_net_with_groups() => GroupPenaltyLaws<ElasticNetGroups.Penalty>.Check();
}
