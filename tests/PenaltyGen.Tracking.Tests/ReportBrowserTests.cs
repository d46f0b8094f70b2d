using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PuppeteerSharp;
using Xunit;

namespace PenaltyGen.Tracking.Tests;

/// <summary>
/// Every kind of report — a run's, the (α, ρ) sweep's, a comparison's, the command line's path and cv — opened from its file in a real headless browser
/// (Debian's chromium, which .ci/run installs; PENALTYGEN_CHROMIUM names another): it loads with no console error and
/// no request beyond the page itself, every chart and heatmap draws, hovering shows the value under the pointer, the
/// legend toggles a series, and a table sorts by a header click.
/// </summary>
public sealed class ReportBrowserTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    private static string Chromium()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("PENALTYGEN_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" };
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c))
            ?? throw new InvalidOperationException("the report tests need chromium: apt-get install chromium (or set PENALTYGEN_CHROMIUM to a Chrome executable)");
    }

    private string Page(string report) => report switch
    {
        "run" => store.Main,
        "sweep" => store.Sweep,
        "cli-path" => store.CliPath,
        "cli-cv" => store.CliCv,
        _ => store.Comparison,
    };

    private static async Task<T> WithPage<T>(string folder, Func<IPage, List<string>, List<string>, Task<T>> act)
    {
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = Chromium(),
            // Root in a container has no user namespace for the sandbox; the page is a local file the tests wrote.
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run"],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1200, Height = 900 });
        var (errors, requests) = (new List<string>(), new List<string>());
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error) errors.Add(e.Message.Text);
        };
        page.PageError += (_, e) => errors.Add(e.Message);
        page.Request += (_, e) => requests.Add(e.Request.Url);
        await page.GoToAsync(new Uri(Path.Combine(folder, "index.html")).AbsoluteUri, WaitUntilNavigation.Load);
        return await act(page, errors, requests);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("sweep")]
    [InlineData("comparison")]
    [InlineData("cli-path")]
    [InlineData("cli-cv")]
    public async Task The_page_loads_offline_with_no_error_and_draws_every_chart(string report)
    {
        var folder = Page(report);
        var drawn = await WithPage(folder, async (page, errors, requests) =>
        {
            Assert.Empty(errors);
            Assert.Equal([new Uri(Path.Combine(folder, "index.html")).AbsoluteUri], requests);
            var charts = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.pg-chart').length");
            var empty = await page.EvaluateExpressionAsync<int>("[...document.querySelectorAll('.pg-chart')].filter(b => !b.querySelector('svg path.pg-line')).length");
            var cells = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.pg-heat rect.pg-cell').length");
            return (charts, empty, cells);
        });
        Assert.True(drawn.charts + drawn.cells > 0, "nothing drawn");
        Assert.Equal(0, drawn.empty);
        // The sweep's heatmap: 10 alphas × 7 ratios.
        Assert.Equal(report == "sweep" ? 70 : 0, drawn.cells);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("comparison")]
    public async Task Hovering_a_line_shows_its_values_and_the_legend_toggles_it(string report)
    {
        var (tip, before, after) = await WithPage(Page(report), async (page, _, _) =>
        {
            // The screen position of the first chart's first point, scrolled into view.
            var point = await page.EvaluateExpressionAsync<double[]>(
                "(() => { const svg = document.querySelector('.pg-chart svg'), path = svg.querySelector('path.pg-line'); svg.scrollIntoView();" +
                " const p = path.getPointAtLength(0), m = svg.getScreenCTM(); return [p.x * m.a + m.e, p.y * m.d + m.f]; })()");
            await page.Mouse.MoveAsync((decimal)point[0], (decimal)point[1]);
            var text = await page.EvaluateExpressionAsync<string>("(() => { const t = document.querySelector('.pg-tip'); return t.style.display === 'block' ? t.textContent : ''; })()");
            var lines = await page.EvaluateExpressionAsync<int>("document.querySelector('.pg-chart').querySelectorAll('path.pg-line').length");
            await page.ClickAsync(".pg-chart .pg-legend span");
            var left = await page.EvaluateExpressionAsync<int>("document.querySelector('.pg-chart').querySelectorAll('path.pg-line').length");
            return (text, lines, left);
        });
        Assert.Matches(@"^.+: alpha = [0-9.e+-]+, .+ = -?[0-9.e+-]+$", tip);
        Assert.Equal(before - 1, after);
    }

    [Fact]
    public async Task Hovering_a_heatmap_cell_shows_its_point_and_value()
    {
        var tip = await WithPage(store.Sweep, async (page, _, _) =>
        {
            await page.HoverAsync(".pg-heat rect.pg-cell");
            return await page.EvaluateExpressionAsync<string>("document.querySelector('.pg-heat').parentNode.querySelector('.pg-tip').textContent");
        });
        Assert.Matches(@"^alpha = [0-9.e+-]+, l1_ratio = 0: cv_mse = [0-9.e+]+$", tip);
    }

    [Fact]
    public async Task A_table_sorts_by_a_header_click_and_filters_by_typed_text()
    {
        var (ascending, descending, visible) = await WithPage(store.Main, async (page, _, _) =>
        {
            const string column = "(() => { const t = document.querySelector('.pg-table'); const j = [...t.tHead.rows[0].cells].findIndex(c => c.textContent.startsWith('test_r2'));" +
                " return [...t.tBodies[0].rows].map(r => parseFloat(r.cells[j].getAttribute('data-v'))); })()";
            await page.EvaluateExpressionAsync("[...document.querySelector('.pg-table').tHead.rows[0].cells].find(c => c.textContent.startsWith('test_r2')).click()");
            var up = await page.EvaluateExpressionAsync<double[]>(column);
            await page.EvaluateExpressionAsync("[...document.querySelector('.pg-table').tHead.rows[0].cells].find(c => c.textContent.startsWith('test_r2')).click()");
            var down = await page.EvaluateExpressionAsync<double[]>(column);
            await page.TypeAsync(".pg-filter", "0.1082");
            var shown = await page.EvaluateExpressionAsync<int>("[...document.querySelector('.pg-table').tBodies[0].rows].filter(r => r.style.display !== 'none').length");
            return (up, down, shown);
        });
        Assert.Equal(30, ascending.Length);
        Assert.Equal(ascending.Order(), ascending);
        Assert.Equal(ascending.Reverse(), descending);
        // One α of the article's grid (0.108264, Lasso's best) matches the typed text.
        Assert.Equal(1, visible);
    }
}
