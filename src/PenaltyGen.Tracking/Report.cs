using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace PenaltyGen.Tracking;

/// <summary>index.html: one self-contained page (relative links only) with the config, summary, charts and tables.</summary>
internal static class Report
{
    public static string Html(string name, IReadOnlyDictionary<string, object> config, IReadOnlyDictionary<string, object> summary,
        IReadOnlyList<(string Key, Table Table)> tables, IReadOnlyList<(string Key, LineChart Chart)> charts)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(E(name)).Append("</title>\n<style>\n")
            .Append("body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222}\n")
            .Append("h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}\n")
            .Append("table{border-collapse:collapse;font-size:.82em;margin:1em 0}td,th{border:1px solid #ddd;padding:3px 7px;text-align:right}\n")
            .Append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}\n")
            .Append(".charts{display:flex;flex-wrap:wrap;gap:12px}.charts figure{margin:0}.charts img{width:100%;border:1px solid #eee}\n")
            .Append(".scroll{overflow-x:auto}.wide{flex:1 1 100%}.small{flex:0 1 calc(50% - 6px)}figcaption{font-size:.8em;color:#666}\n")
            .Append("</style>\n</head>\n<body>\n<h1>").Append(E(name)).Append("</h1>\n");

        html.Append("<h2>Configuration</h2>\n").Append(KeyValues(config));
        html.Append("<h2>Summary</h2>\n").Append(KeyValues(summary));

        var sections = charts.Select(c => Section(c.Key)).Concat(tables.Select(t => Section(t.Key))).Distinct().ToList();
        foreach (var section in sections)
        {
            html.Append("<h2>").Append(E(section.Length == 0 ? "Results" : section)).Append("</h2>\n<div class=\"charts\">\n");
            var inSection = charts.Where(c => Section(c.Key) == section).ToList();
            foreach (var (key, chart) in inSection)
            {
                var size = chart.Series.Count > 1 || inSection.Count <= 2 ? "wide" : "small";
                html.Append("<figure class=\"").Append(size).Append("\"><img src=\"").Append(E(key)).Append(".png\" alt=\"")
                    .Append(E(chart.Title)).Append("\"><figcaption>").Append(E(chart.Title)).Append(" — <a href=\"")
                    .Append(E(key)).Append(".svg\">SVG</a></figcaption></figure>\n");
            }
            html.Append("</div>\n");
            foreach (var (key, table) in tables.Where(t => Section(t.Key) == section))
                html.Append("<h3>").Append(E(key)).Append(" (<a href=\"").Append(E(key)).Append(".csv\">CSV</a>)</h3>\n").Append("<div class=\"scroll\">").Append(TableHtml(table)).Append("</div>\n");
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string Section(string key) => key.Contains('/') ? key[..key.LastIndexOf('/')] : string.Empty;

    private static string KeyValues(IReadOnlyDictionary<string, object> values)
    {
        var html = new StringBuilder("<table>\n");
        foreach (var (k, v) in values) html.Append("<tr><th>").Append(E(k)).Append("</th><td>").Append(E(Text(v))).Append("</td></tr>\n");
        return html.Append("</table>\n").ToString();
    }

    private static string TableHtml(Table table)
    {
        var html = new StringBuilder("<table>\n<tr>");
        foreach (var c in table.Columns) html.Append("<th>").Append(E(c)).Append("</th>");
        html.Append("</tr>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append("<td>").Append(E(Text(cell))).Append("</td>");
            html.Append("</tr>\n");
        }
        return html.Append("</table>\n").ToString();
    }

    private static string Text(object value) => value switch
    {
        double d => FormatNumber(d),
        IEnumerable<double> ds => "[" + string.Join(", ", ds.Select(FormatNumber)) + "]",
        System.Collections.IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object>().Select(Text)) + "]",
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static string FormatNumber(double d) => d == 0 ? "0" : System.Math.Abs(d) is >= 1e-3 and < 1e5
        ? d.ToString("0.######", CultureInfo.InvariantCulture) : d.ToString("0.####e+0", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
