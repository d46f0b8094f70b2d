using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;

namespace PenaltyGen.Tracking;

/// <summary>The parts of one report page: its title, key–value blocks, and the charts, heatmaps and tables of its sections.</summary>
internal sealed record ReportContent(
    string Name,
    IReadOnlyList<(string Title, IReadOnlyDictionary<string, object> Values)> Blocks,
    IReadOnlyList<(string Key, Table Table)> Tables,
    IReadOnlyList<(string Key, LineChart Chart)> Charts,
    IReadOnlyList<(string Key, Heatmap Heatmap)> Heatmaps)
{
    /// <summary>Whether chart and heatmap files (PNG, SVG) and table CSVs sit beside the page under their keys (a run folder does).</summary>
    public bool LinksFiles { get; init; } = true;

    /// <summary>Columns whose cells are marked as differing (a comparison's config diff): table key → the rows to mark.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<int>> MarkedRows { get; init; } = new Dictionary<string, IReadOnlySet<int>>();
}

/// <summary>
/// index.html: one self-contained page — the data of every chart inline as JSON, drawn by the inline script
/// (<see cref="ReportScript"/>), the tables sortable and filterable, no request for anything beyond the page itself (the
/// PNG, SVG and CSV beside it are links, not loads).
/// </summary>
internal static class Report
{
    public static string Html(string name, IReadOnlyDictionary<string, object> config, IReadOnlyDictionary<string, object> summary,
        IReadOnlyList<(string Key, Table Table)> tables, IReadOnlyList<(string Key, LineChart Chart)> charts,
        IReadOnlyList<(string Key, Heatmap Heatmap)> heatmaps) =>
        Html(new ReportContent(name, [("Configuration", config), ("Summary", summary)], tables, charts, heatmaps));

    public static string Html(ReportContent content)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'\">\n")
            .Append("<title>").Append(E(content.Name)).Append("</title>\n<style>\n").Append(ReportScript.Style).Append("</style>\n</head>\n<body>\n<h1>")
            .Append(E(content.Name)).Append("</h1>\n");
        foreach (var (title, values) in content.Blocks) html.Append("<h2>").Append(E(title)).Append("</h2>\n").Append(KeyValues(values));
        var sections = content.Heatmaps.Select(h => Section(h.Key)).Concat(content.Charts.Select(c => Section(c.Key)))
            .Concat(content.Tables.Select(t => Section(t.Key))).Distinct().ToList();
        var tableIndex = 0;
        foreach (var section in sections)
        {
            html.Append("<h2>").Append(E(section.Length == 0 ? "Results" : section)).Append("</h2>\n<div class=\"charts\">\n");
            for (var i = 0; i < content.Heatmaps.Count; i++)
            {
                var (key, heat) = content.Heatmaps[i];
                if (Section(key) != section) continue;
                Figure(html, "pg-heat", i, "wide", heat.Title, content.LinksFiles ? key : null);
            }
            var inSection = Enumerable.Range(0, content.Charts.Count).Where(i => Section(content.Charts[i].Key) == section).ToList();
            foreach (var i in inSection)
            {
                var (key, chart) = content.Charts[i];
                var size = chart.Series.Count > 1 || inSection.Count <= 2 ? "wide" : "small";
                Figure(html, "pg-chart", i, size, chart.Title, content.LinksFiles ? key : null);
            }
            html.Append("</div>\n");
            foreach (var (key, table) in content.Tables.Where(t => Section(t.Key) == section))
            {
                var id = $"t{tableIndex++}";
                html.Append("<h3>").Append(E(key));
                if (content.LinksFiles) html.Append(" (<a href=\"").Append(Link(key)).Append(".csv\">CSV</a>)");
                html.Append("</h3>\n<input class=\"pg-filter\" data-for=\"").Append(id).Append("\" placeholder=\"filter rows\" aria-label=\"filter ").Append(E(key)).Append("\">\n")
                    .Append("<div class=\"scroll\">").Append(TableHtml(table, id, content.MarkedRows.TryGetValue(key, out var marked) ? marked : null)).Append("</div>\n");
            }
        }
        html.Append("<script type=\"application/json\" id=\"pg-data\">").Append(Data(content)).Append("</script>\n")
            .Append("<script>\n").Append(ReportScript.Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Figure(StringBuilder html, string kind, int index, string size, string title, string? fileKey)
    {
        html.Append("<figure class=\"").Append(size).Append("\"><div class=\"").Append(kind).Append("\" data-i=\"")
            .Append(index.ToString(CultureInfo.InvariantCulture)).Append("\"></div><figcaption>").Append(E(title));
        if (fileKey is not null) html.Append(" — <a href=\"").Append(Link(fileKey)).Append(".png\">PNG</a> <a href=\"").Append(Link(fileKey)).Append(".svg\">SVG</a>");
        html.Append("</figcaption></figure>\n");
    }

    /// <summary>
    /// The charts' and heatmaps' data as JSON (non-finite numbers as null), its '&lt;' escaped (\u003C, the writer's default
    /// encoder) so it cannot close the script element.
    /// </summary>
    private static string Data(ReportContent content) => JsonValues.Text(json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("charts");
        foreach (var (_, chart) in content.Charts)
        {
            json.WriteStartObject();
            Labels(json, chart.Title, chart.XLabel, chart.YLabel);
            json.WriteBoolean("logx", chart.LogX);
            json.WriteStartArray("series");
            foreach (var s in chart.Series)
            {
                json.WriteStartObject();
                json.WriteString("name", s.Name);
                Numbers(json, "x", s.X);
                Numbers(json, "y", s.Y);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("heatmaps");
        foreach (var (_, h) in content.Heatmaps)
        {
            json.WriteStartObject();
            Labels(json, h.Title, h.XLabel, h.YLabel);
            json.WriteString("zlabel", h.ZLabel);
            Numbers(json, "x", h.X);
            Numbers(json, "y", h.Y);
            json.WriteStartArray("z");
            foreach (var row in h.Z) Numbers(json, null, row);
            json.WriteEndArray();
            json.WritePropertyName("best");
            if (h.Best is { } b)
            {
                json.WriteStartArray();
                json.WriteNumberValue(b.Row);
                json.WriteNumberValue(b.Column);
                json.WriteEndArray();
            }
            else json.WriteNullValue();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }, indented: false);

    private static void Labels(Utf8JsonWriter json, string title, string xlabel, string ylabel)
    {
        json.WriteString("title", title);
        json.WriteString("xlabel", xlabel);
        json.WriteString("ylabel", ylabel);
    }

    /// <summary>An array of numbers, a non-finite one as null (the script leaves a gap); named when <paramref name="name"/> is.</summary>
    private static void Numbers(Utf8JsonWriter json, string? name, IEnumerable<double> values)
    {
        if (name is null) json.WriteStartArray();
        else json.WriteStartArray(name);
        foreach (var v in values)
        {
            if (double.IsFinite(v)) json.WriteNumberValue(v);
            else json.WriteNullValue();
        }
        json.WriteEndArray();
    }

    private static string Section(string key) => key.Contains('/') ? key[..key.LastIndexOf('/')] : string.Empty;

    private static string KeyValues(IReadOnlyDictionary<string, object> values)
    {
        var html = new StringBuilder("<table>\n");
        foreach (var (k, v) in values) html.Append("<tr><th>").Append(E(k)).Append("</th><td>").Append(E(Text(v))).Append("</td></tr>\n");
        return html.Append("</table>\n").ToString();
    }

    private static string TableHtml(Table table, string id, IReadOnlySet<int>? marked)
    {
        var html = new StringBuilder("<table class=\"pg-table\" id=\"").Append(id).Append("\">\n<thead><tr>");
        foreach (var c in table.Columns) html.Append("<th>").Append(E(c)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        for (var r = 0; r < table.Rows.Count; r++)
        {
            html.Append(marked?.Contains(r) == true ? "<tr class=\"diff\">" : "<tr>");
            foreach (var cell in table.Rows[r])
            {
                // Numbers carry their exact value for sorting; the cell shows them rounded.
                html.Append(cell is double d ? $"<td data-v=\"{d.ToString("R", CultureInfo.InvariantCulture)}\">" : "<td>").Append(E(Text(cell))).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        return html.Append("</tbody></table>\n").ToString();
    }

    internal static string Text(object value) => value switch
    {
        double d => FormatNumber(d),
        IEnumerable<double> ds => "[" + string.Join(", ", ds.Select(FormatNumber)) + "]",
        System.Collections.IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object>().Select(Text)) + "]",
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static string FormatNumber(double d) => d == 0 ? "0" : System.Math.Abs(d) is >= 1e-3 and < 1e5
        ? d.ToString("0.######", CultureInfo.InvariantCulture) : d.ToString("0.####e+0", CultureInfo.InvariantCulture);

    /// <summary>A key as a relative link: each path segment percent-encoded (a feature named "a#b?" stays a file name).</summary>
    private static string Link(string key) => E(string.Join("/", key.Split('/').Select(System.Uri.EscapeDataString)));

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
