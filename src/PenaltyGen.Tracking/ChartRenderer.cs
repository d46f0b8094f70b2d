using System;
using System.Linq;
using ScottPlot;

namespace PenaltyGen.Tracking;

/// <summary>Renders a <see cref="LineChart"/> to PNG and SVG with ScottPlot.</summary>
internal static class ChartRenderer
{
    public const int Width = 900;
    public const int Height = 560;

    public static void Render(LineChart chart, string pngPath, string svgPath)
    {
        var plot = Build(chart);
        plot.SavePng(pngPath, Width, Height);
        plot.SaveSvg(svgPath, Width, Height);
    }

    /// <summary>A heatmap: the cells coloured by value (Viridis), a colour bar, the x and y values as tick labels.</summary>
    public static void Render(Heatmap heatmap, string pngPath, string svgPath)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var (rows, columns) = (heatmap.Y.Count, heatmap.X.Count);
        // ScottPlot draws row 0 at the top: flip so that Y[0] is at the bottom, as the axis reads.
        var values = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++) values[rows - 1 - r, c] = heatmap.Z[r][c];
        }
        var map = plot.Add.Heatmap(values);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(map).Label = heatmap.ZLabel;
        var every = Math.Max(1, (int)Math.Ceiling(columns / 8.0));
        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, columns).Where(c => c % every == 0).Select(c => (double)c).ToArray(),
            Enumerable.Range(0, columns).Where(c => c % every == 0).Select(c => heatmap.X[c].ToString("G3", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(r => (double)r).ToArray(),
            heatmap.Y.Select(y => y.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Title(heatmap.Title);
        plot.XLabel(heatmap.XLabel);
        plot.YLabel(heatmap.YLabel);
        plot.SavePng(pngPath, Width, Height);
        plot.SaveSvg(svgPath, Width, Height);
    }

    private static Plot Build(LineChart chart)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var palette = new ScottPlot.Palettes.Category10();
        var index = 0;
        foreach (var series in chart.Series)
        {
            var xs = chart.LogX ? series.X.Select(Math.Log10).ToArray() : series.X.ToArray();
            var line = plot.Add.Scatter(xs, series.Y.ToArray());
            if (chart.Series.Count > 1) line.LegendText = series.Name;
            line.Color = palette.GetColor(index++);
            line.LineWidth = 2;
            line.MarkerSize = chart.Series.Count > 4 ? 0 : 5;
        }
        plot.Title(chart.Title);
        plot.XLabel(chart.XLabel);
        plot.YLabel(chart.YLabel);
        if (chart.LogX)
        {
            // Plot log10(α), label the integer exponents as decades, and draw the 2..9 minor ticks of each decade.
            var ticks = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = Decade,
            };
            plot.Axes.Bottom.TickGenerator = ticks;
            plot.Grid.MinorLineWidth = 1;
            plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        }
        if (chart.Series.Count > 1) plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static string Decade(double exponent)
    {
        var e = (int)Math.Round(exponent);
        return e switch
        {
            0 => "1",
            1 => "10",
            _ => "1e" + e.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
