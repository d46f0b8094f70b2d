using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using LanguageExt;
using PenaltyGen.Tracking;

namespace PenaltyGen.Cli;

/// <summary>
/// <c>penaltygen runs list</c> and <c>penaltygen runs compare RUN… --out DIR</c>: the runs of a run store (the sample's
/// <c>runs/</c> by default, <c>--store DIR</c>), and a comparison report of two or more (<see cref="RunComparison"/>).
/// </summary>
public static partial class CommandLine
{
    private static readonly System.CommandLine.Option<string> Store = new("--store") { Description = "the run store's folder", DefaultValueFactory = _ => "runs" };
    private static readonly Argument<string[]> RunNames = new("runs") { Description = "runs to compare: ids, unique id prefixes, or names (the newest run of a name)", Arity = ArgumentArity.OneOrMore };

    private static Command DefineRuns(TextWriter stdout, TextWriter stderr)
    {
        var runs = new Command("runs", "list the runs of a run store, or compare some of them");
        var list = new Command("list", "a table of the store's runs: id, name, date, model, best test score, data hash");
        list.Options.Add(Store);
        list.SetAction(r => Report(stderr, ListRuns(r.GetValue(Store)!, stdout)));
        var compare = new Command("compare", "a comparison report of two or more runs: overlaid curves and coefficient paths, config diff, best points");
        compare.Options.Add(Store);
        compare.Options.Add(Out);
        compare.Arguments.Add(RunNames);
        compare.SetAction(r => Report(stderr, CompareRuns(r.GetValue(Store)!, r.GetValue(RunNames)!, r.GetValue(Out), stdout)));
        runs.Subcommands.Add(list);
        runs.Subcommands.Add(compare);
        return runs;
    }

    private static Fin<Unit> ListRuns(string store, TextWriter stdout)
    {
        if (!Directory.Exists(store)) return new Errors.ParameterError("--store", store, "is not a folder; the sample writes its runs to runs/ (or give --store DIR)");
        return RunStore.Open(store).Bind(s => s.List()).Map(runs =>
        {
            var width = System.Math.Max(2, runs.Count == 0 ? 2 : runs.Max(r => r.Id.Length));
            stdout.WriteLine($"{"id".PadRight(width)}  {"name",-20} {"created (UTC)",-19} {"model",-28} {"best test",10} {"data hash",-12}");
            foreach (var r in runs)
            {
                var best = r.BestScore is { } b ? b.ToString("F4", CultureInfo.InvariantCulture) : "-";
                stdout.WriteLine($"{r.Id.PadRight(width)}  {Clip(r.Name, 20),-20} {r.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-19} {Clip(r.Model ?? "-", 28),-28} {best,10} {r.DataHash ?? "-",-12}");
            }
            stdout.WriteLine($"{runs.Count} run{(runs.Count == 1 ? "" : "s")} in {Path.GetFullPath(store)}");
            return Prelude.unit;
        });
    }

    private static Fin<Unit> CompareRuns(string store, string[] names, string? outFolder, TextWriter stdout)
    {
        if (outFolder is null) return new Errors.ParameterError("--out", "(missing)", "names the folder the comparison report is written to; it is required");
        if (!Directory.Exists(store)) return new Errors.ParameterError("--store", store, "is not a folder; the sample writes its runs to runs/ (or give --store DIR)");
        return from s in RunStore.Open(store)
               from runs in names.Select(s.Find).Sequence()
               from folder in RunComparison.Write(runs.ToList(), outFolder)
               select Say(stdout, $"compared {runs.Count()} runs\nreport: {Path.Combine(folder, "index.html")}");
    }

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
