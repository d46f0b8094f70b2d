using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using LanguageExt;
using PenaltyGen.Errors;
using PenaltyGen.Statistics;

namespace PenaltyGen.Cli;

/// <summary>
/// Least-squares statistics on the command line: <c>stats</c> sums a CSV in chunks into a statistics file (docs/statistics.md);
/// <c>fit</c>, <c>path</c> and <c>cv</c> with <c>--stats FILES</c> merge such files instead of reading rows (cv holds each file
/// out in turn). Options a fit from statistics cannot serve are errors naming them.
/// </summary>
public static partial class CommandLine
{
    private static readonly System.CommandLine.Option<string?> StatsFiles = new("--stats") { Description = "fit, path, cv: statistics files (from `penaltygen stats`) to merge instead of --data — a path or a pattern like parts/*.stats; cv holds each file out in turn" };
    private static readonly System.CommandLine.Option<string?> Sql = new("--sql") { Description = "stats, fit, path: a DuckDB query whose rows to fit (e.g. \"SELECT * FROM 'dir/*.parquet' WHERE year > 2020\"), streamed into least-squares statistics" };
    private static readonly System.CommandLine.Option<int> ChunkRows = Numbers.With("--chunk-rows", "stats: rows read at a time (memory: one chunk and p² numbers)", 4096);
    private static readonly System.CommandLine.Option<string> StatsOut = new("--out") { Description = "stats: the statistics file to write", Required = true };

    private static Command DefineStats(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("stats", "sum a CSV's least-squares statistics in chunks into a file; merge files with fit, path or cv --stats");
        foreach (var o in new Option[] { Data, Sql, Target, SampleWeight, ChunkRows, StatsOut }) command.Options.Add(o);
        command.SetAction(r => Report(stderr,
            from target in Present(r.GetValue(Target), "--target", "the target column")
            from stats in Queried(r) ?? Present(r.GetValue(Data)?.FullName, "--data", "the CSV, Parquet file or (--sql) query to sum")
                .Bind(file => GramStatistics.FromCsv(file, target, r.GetValue(SampleWeight), r.GetValue(ChunkRows)))
            from saved in StatisticsFile.Save(stats, r.GetValue(StatsOut)!)
            select Say(stdout, Output.Json(json =>
            {
                json.WriteNumber("rows", stats.Rows);
                json.WriteNumber("features", stats.Columns);
                json.WriteNumber("weight_sum", stats.WeightSum);
                json.WriteString("out", r.GetValue(StatsOut));
            }))));
        return command;
    }

    private static Fin<string> Present(string? value, string option, string what) =>
        value is { Length: > 0 } ? value : new ParameterError(option, "(missing)", $"names {what}; it is required");

    private static Unit Say(TextWriter stdout, string line)
    {
        stdout.WriteLine(line);
        return Prelude.unit;
    }

    /// <summary>The DuckDB source of --sql or a Parquet --data (the query, and its name in errors); null when the rows come from elsewhere.</summary>
    private static Fin<(string Query, string Origin)>? DuckSource(ParseResult r)
    {
        var (sql, data) = (r.GetValue(Sql), r.GetValue(Data)?.FullName);
        if (sql is null && (data is null || !DuckDbSource.IsParquet(data))) return null;
        if (sql is not null && data is not null) return new ParameterError("--sql", sql, "does not apply with --data; the query names its own source");
        return (sql ?? DuckDbSource.ParquetQuery(data!), sql is null ? data! : "--sql");
    }

    /// <summary>
    /// The statistics of a DuckDB source — --sql, or a Parquet file as --data — streamed in --chunk-rows chunks; null when the
    /// rows come from elsewhere (a CSV, or --stats).
    /// </summary>
    private static Fin<GramStatistics>? Queried(ParseResult r)
    {
        return DuckSource(r)?.Bind(source => Present(r.GetValue(Target), "--target", "the target column")
            .Bind(target => DuckDbSource.Statistics(source.Query, source.Origin, target, r.GetValue(SampleWeight), r.GetValue(ChunkRows))));
    }

    /// <summary>
    /// fit with a DuckDB source (--sql, a Parquet --data) and a logistic or Poisson model: streamed, one pass of the query per
    /// Newton step; null for any other fit.
    /// </summary>
    private static Fin<Unit>? StreamedFit(ParseResult r, Command command, TextWriter stdout, TextWriter stderr)
    {
        if (r.GetValue(Model) is not ("logistic" or "poisson") || DuckSource(r) is not { } duck) return null;
        return from s in StreamedSetup(r, command, duck)
               from format in CheckFormat(r.GetValue(Format)!)
               from rows in DuckDbSource.Count(s.Query, s.Origin)
               from alpha in Strength(r, r.GetValue(Model)!, s.Choice, (int)Math.Min(rows, int.MaxValue))
               from fit in s.Choice.FitStreamed(s.Chunks, alpha, s.Choice.Options)
               from saved in SaveIfAsked(fit, r.GetValue(Save))
               select Say(stdout, format == "json" ? Output.FitJson(s.Choice.Name, fit, (int)Math.Min(rows, int.MaxValue), r.GetValue(C)) : Output.FitTable(s.Choice.Name, fit, (int)Math.Min(rows, int.MaxValue)).TrimEnd('\n'));
    }

    /// <summary>
    /// What a streamed logistic or Poisson command shares: the DuckDB source, no option it would not read (but
    /// <paramref name="also"/>), the target, the model, and the chunks of the query.
    /// </summary>
    private static Fin<(string Query, string Origin, ChunkSource Chunks, ModelChoice Choice)> StreamedSetup(ParseResult r, Command command,
        Fin<(string Query, string Origin)> duck, string? also = null)
    {
        var options = new FitOptions { Tol = r.GetValue(Tol), MaxIterations = r.GetValue(MaxIter), FitIntercept = !r.GetValue(NoIntercept) };
        return from source in duck
               from _ in StreamedOptionsOnly(r, command, also)
               from target in Present(r.GetValue(Target), "--target", "the target column")
               from choice in ModelChoice.Resolve(r.GetValue(Model)!, r.GetValue(Penalty), r.GetValue(L1Ratio), options, r.GetValue(Positive))
               select (source.Query, source.Origin, DuckDbSource.Chunks(source.Query, source.Origin, target, r.GetValue(SampleWeight), r.GetValue(ChunkRows)), choice);
    }

    /// <summary>The options a streamed fit or path reads; any other one given is an error (it would be ignored).</summary>
    private static readonly string[] StreamedOptions =
        ["--data", "--sql", "--chunk-rows", "--target", "--model", "--penalty", "--l1-ratio", "--C", "--alpha", "--tol", "--max-iter", "--no-intercept",
         "--sample-weight", "--positive", "--alphas", "--eps", "--out", "--format", "--save"];

    private static Fin<Unit> StreamedOptionsOnly(ParseResult r, Command command, string? also = null)
    {
        foreach (var option in command.Options)
        {
            if (!StreamedOptions.Contains(option.Name) && option.Name != also && r.GetResult(option) is { Implicit: false })
                return new ParameterError(option.Name, "given", "does not apply to a logistic or Poisson fit streamed from --sql or a Parquet --data (one pass of the rows per Newton step)");
        }
        return Prelude.unit;
    }

    /// <summary>
    /// path with a DuckDB source (--sql, a Parquet --data) and a logistic or Poisson model: streamed, one pass of the query per
    /// Newton step of every fit, each fit scored by its mean loss on the rows; null for any other path.
    /// </summary>
    private static Fin<Unit>? StreamedPath(ParseResult r, Command command, TextWriter stdout, TextWriter stderr)
    {
        if (r.GetValue(Model) is not ("logistic" or "poisson") || DuckSource(r) is not { } duck) return null;
        return from s in StreamedSetup(r, command, duck)
               from folder in RequireOut(r)
               from grid in AlphaList(r.GetValue(Alphas)!)
               from done in PathCommand.RunStreamed(s.Choice, progress => s.Choice.PathStreamed(s.Chunks, grid.List, grid.Count, r.GetValue(Eps), s.Choice.Options, progress),
                   grid.Count, s.Origin, folder, stdout, stderr)
               select done;
    }

    /// <summary>
    /// cv with a DuckDB source: --fold-ids COLUMN names each row's fold; the rows stream once, each fold's rows summed into its
    /// own statistics (ordered by fold id); then every fold is held out in turn, as with --stats.
    /// </summary>
    private static Fin<Unit>? CvOnQuery(ParseResult r, Command command, TextWriter stdout)
    {
        if (DuckSource(r) is not { } duck) return null;
        if (r.GetValue(Model) is "logistic" or "poisson") return StreamedCv(r, duck, command, stdout);
        var parts = from source in duck
                    from target in Present(r.GetValue(Target), "--target", "the target column")
                    from fold in Present(r.GetValue(FoldIds), "--fold-ids", "the column of each row's fold (cv on a query sums each fold apart)")
                    from folds in FoldStatistics(DuckDbSource.Chunks(source.Query, source.Origin, target, r.GetValue(SampleWeight), r.GetValue(ChunkRows)), fold, source.Origin)
                    select folds;
        return CvOnStatistics(r, (parts, r.GetValue(Sql) is null ? "a Parquet --data" : "--sql"), command, stdout);
    }

    /// <summary>
    /// cv of a logistic or Poisson model on a DuckDB source: --fold-ids names each row's fold; for each fold the path is streamed
    /// on the other folds' rows and scored on its own in one more pass (<see cref="StreamingValidation"/>).
    /// </summary>
    private static Fin<Unit> StreamedCv(ParseResult r, Fin<(string Query, string Origin)> duck, Command command, TextWriter stdout)
    {
        return from s in StreamedSetup(r, command, duck, "--fold-ids")
               from fold in Present(r.GetValue(FoldIds), "--fold-ids", "the column of each row's fold (cv on a query holds out each fold's rows)")
               from format in CheckFormat(r.GetValue(Format)!)
               from grid in AlphaList(r.GetValue(Alphas)!)
               let cv = grid.List is null ? new CrossValidationOptions { AlphaCount = grid.Count, Eps = r.GetValue(Eps) } : new CrossValidationOptions { Alphas = grid.List }
               from done in CvCommand.Run(s.Choice, () => s.Choice.CrossValidateStreamed(s.Chunks, fold, cv, s.Choice.Options), r.GetValue(Out) ?? DefaultOut("cv"), format, r.GetValue(Save), stdout)
               select done;
    }

    /// <summary>Each fold's statistics from one pass: the fold column taken out of every chunk, its rows split by fold id.</summary>
    private static Fin<IReadOnlyList<GramStatistics>> FoldStatistics(ChunkSource chunks, string foldColumn, string origin)
    {
        var folds = new SortedDictionary<long, GramStatistics>();
        return chunks((chunk, weights) => chunk.TakeColumn(foldColumn).Bind(t =>
        {
            foreach (var id in t.Values.Distinct())
            {
                if (id != Math.Floor(id)) return Fin<Unit>.Fail(new DataError(origin, null, foldColumn, $"'{id.ToString("R", CultureInfo.InvariantCulture)}' is not a fold id; --fold-ids needs an integer per row"));
                var rows = Enumerable.Range(0, t.Values.Length).Where(i => t.Values[i] == id).ToArray();
                var before = folds.TryGetValue((long)id, out var seen) ? seen : GramStatistics.Empty;
                var part = GramStatistics.OfChunk(t.Remaining.SelectRows(rows), weights is null ? null : rows.Select(i => weights[i]).ToArray(), before.IsEmpty ? null : before)
                    .Bind(before.Merge);
                if (part.IsFail) return part.Map(_ => Prelude.unit);
                folds[(long)id] = part.ThrowIfFail();
            }
            return Prelude.unit;
        })).Map(_ => (IReadOnlyList<GramStatistics>)folds.Values.ToList());
    }

    /// <summary>The parts of --stats (the files matched, each loaded) or of a DuckDB source (one part), and their options' name for errors.</summary>
    private static (Fin<IReadOnlyList<GramStatistics>> Parts, string Origin)? StatisticsSource(ParseResult r)
    {
        if (r.GetValue(StatsFiles) is { } pattern)
            return (Matching(pattern).Bind(files => files.Select(StatisticsFile.Load).Sequence()).Map(parts => (IReadOnlyList<GramStatistics>)parts.ToList()), "--stats");
        return Queried(r) is { } queried ? (queried.Map(s => (IReadOnlyList<GramStatistics>)[s]), r.GetValue(Sql) is null ? "a Parquet --data" : "--sql") : null;
    }

    /// <summary>The statistics' parts (and merged) and the model resolved with the options that apply to them.</summary>
    private static Fin<(IReadOnlyList<GramStatistics> Parts, GramStatistics Total, ModelChoice Choice)> StatisticsSetup(ParseResult r, (Fin<IReadOnlyList<GramStatistics>> Parts, string Origin) source, Command command)
    {
        // Row-level options have nothing to act on: the rows are summed as they stream (files: summed elsewhere).
        var rowOptions = new List<(Option Option, string Name)> { (OffsetColumn, "--offset"), (Groups, "--groups"), (Relax, "--relax"), (WarmStart, "--warm-start"),
            (Folds, "--folds"), (Shuffle, "--shuffle"), (TestSize, "--test-size") };
        // A query's folds come from --fold-ids (each fold's rows summed apart); statistics files are the folds themselves.
        if (source.Origin != "--sql" && source.Origin != "a Parquet --data") rowOptions.Add((FoldIds, "--fold-ids"));
        if (source.Origin == "--stats") rowOptions.AddRange([(Data, "--data"), (Target, "--target"), (SampleWeight, "--sample-weight")]);
        foreach (var (option, name) in rowOptions)
        {
            if (command.Options.Contains(option) && r.GetResult(option) is { Implicit: false })
                return new ParameterError(name, "given", $"does not apply with {source.Origin}: the fit is made from the rows' least-squares sums (weights are given to `penaltygen stats`, or as --sample-weight with --sql and Parquet)");
        }
        var options = new FitOptions
        {
            Tol = r.GetValue(Tol), MaxIterations = r.GetValue(MaxIter), FitIntercept = !r.GetValue(NoIntercept), Standardize = r.GetValue(StandardizeFlag),
            Concavity = r.GetValue(Gamma),
        };
        return from list in source.Parts
               from total in GramStatistics.MergeAll(list)
               from factors in ParseFactors(r.GetValue(PenaltyFactors), total.Columns)
               from scaling in ParseScaling(r.GetValue(Scaling)!)
               from choice in ModelChoice.Resolve(r.GetValue(Model)!, r.GetValue(Penalty), r.GetValue(L1Ratio),
                   options with { PenaltyFactors = factors, PenaltyFactorScaling = scaling }, r.GetValue(Positive))
               select (list, total, choice);
    }

    /// <summary>The files a --stats pattern names: a path, or a folder and a file pattern (* and ?), in ordinal order.</summary>
    private static Fin<string[]> Matching(string pattern)
    {
        if (File.Exists(pattern)) return new[] { pattern };
        var folder = Path.GetDirectoryName(pattern) is { Length: > 0 } d ? d : ".";
        var name = Path.GetFileName(pattern);
        if (!Directory.Exists(folder) || name.Length == 0) return new ParameterError("--stats", pattern, "names no statistics file (no such file or folder)");
        var files = Directory.GetFiles(folder, name).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        return files.Length > 0 ? files : new ParameterError("--stats", pattern, "matches no file");
    }

    private static Fin<Unit> FitOnStatistics(ParseResult r, (Fin<IReadOnlyList<GramStatistics>>, string) source, Command command, TextWriter stdout, TextWriter stderr) =>
        from s in StatisticsSetup(r, source, command)
        from format in CheckFormat(r.GetValue(Format)!)
        from alpha in Strength(r, r.GetValue(Model)!, s.Choice, (int)Math.Min(s.Total.Rows, int.MaxValue))
        from fit in s.Choice.FitStatistics(s.Total, alpha, s.Choice.Options)
        from saved in SaveIfAsked(fit, r.GetValue(Save))
        select PrintStatisticsFit(s.Choice, fit, s.Total, format, stdout, stderr);

    private static Unit PrintStatisticsFit(ModelChoice choice, Fit fit, GramStatistics stats, string format, TextWriter stdout, TextWriter stderr)
    {
        if (fit.Warning is { } warning) stderr.WriteLine($"warning: {warning}");
        stdout.WriteLine(format == "json" ? Output.FitJson(choice.Name, fit, (int)Math.Min(stats.Rows, int.MaxValue), null) : Output.FitTable(choice.Name, fit, (int)Math.Min(stats.Rows, int.MaxValue)).TrimEnd('\n'));
        return Prelude.unit;
    }

    private static Fin<Unit> PathOnStatistics(ParseResult r, (Fin<IReadOnlyList<GramStatistics>>, string) source, Command command, TextWriter stdout, TextWriter stderr) =>
        from s in StatisticsSetup(r, source, command)
        from folder in RequireOut(r)
        from grid in AlphaList(r.GetValue(Alphas)!)
        from done in PathCommand.RunOnStatistics(s.Choice, s.Total, grid.List, grid.Count, r.GetValue(Eps), folder, stdout, stderr)
        select done;

    private static Fin<Unit> CvOnStatistics(ParseResult r, (Fin<IReadOnlyList<GramStatistics>>, string) source, Command command, TextWriter stdout) =>
        from s in StatisticsSetup(r, source, command)
        from format in CheckFormat(r.GetValue(Format)!)
        from grid in AlphaList(r.GetValue(Alphas)!)
        let cv = grid.List is null ? new CrossValidationOptions { AlphaCount = grid.Count, Eps = r.GetValue(Eps) } : new CrossValidationOptions { Alphas = grid.List }
        from done in CvCommand.Run(s.Choice, () => s.Choice.CrossValidateStatistics(s.Parts, cv, s.Choice.Options), r.GetValue(Out) ?? DefaultOut("cv"), format, r.GetValue(Save), stdout)
        select done;
}
