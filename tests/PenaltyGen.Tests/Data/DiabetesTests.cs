using System;
using System.Linq;
using PenaltyGen.Data;
using Xunit;

namespace PenaltyGen.Tests.Data;

public class DiabetesTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("diabetes.json");

    [Fact]
    public void Raw_table_has_scikit_learns_shape_names_and_first_row()
    {
        var raw = Diabetes.Raw();
        Assert.Equal(442, raw.Rows);
        Assert.Equal(new[] { "age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6" }, raw.FeatureNames);
        Assert.Equal(Fixture.GetProperty("feature_names").EnumerateArray().Select(e => e.GetString()), raw.FeatureNames);
        var row0 = Fixture.GetProperty("raw_row0").Doubles();
        for (var j = 0; j < 10; j++) Assert.Equal(row0[j], raw[0, j]);
    }

    [Fact]
    public void Scaled_form_matches_load_diabetes_to_1e_15_everywhere()
    {
        var x = Diabetes.Load();
        var expected = Fixture.GetProperty("scaled").Matrix();
        var worst = 0.0;
        for (var j = 0; j < 10; j++)
        {
            var col = x.Column(j);
            for (var i = 0; i < 442; i++) worst = Math.Max(worst, Math.Abs(col[i] - expected[j][i]));
        }
        Assert.True(worst <= 1e-15, $"largest difference {worst:E3}");
    }

    [Fact]
    public void Scaled_columns_have_scikit_learns_unit_norms()
    {
        var x = Diabetes.Load();
        var norms = Fixture.GetProperty("column_norms").Doubles();
        for (var j = 0; j < 10; j++)
        {
            var col = x.Column(j);
            var norm = Math.Sqrt(col.ToArray().Sum(v => v * v));
            Assert.Equal(norms[j], norm, 1e-15);
            Assert.Equal(1.0, norm, 1e-14);
        }
    }

    [Fact]
    public void Target_is_the_disease_progression_untouched()
    {
        var y = Fixture.GetProperty("target").Doubles();
        Assert.Equal(y, Diabetes.Load().Target.ToArray());
        Assert.Equal(151.0, Diabetes.Raw().Target[0]);
    }
}
