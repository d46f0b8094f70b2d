using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;

namespace PenaltyGen.Tracking;

/// <summary>What a run says about itself when it starts: its name, tags, the hash of its data and the model it fits.</summary>
/// <param name="Name">A name for people ("diabetes", "lasso-wide-grid"); the run's id adds the time and a random suffix.</param>
/// <param name="Tags">Free labels to find runs by.</param>
/// <param name="DataHash">The data's fingerprint (<see cref="RunStore.Fingerprint"/>): runs on different data are not alike.</param>
/// <param name="Model">The model or models the run fits.</param>
public sealed record RunInfo(string Name, IReadOnlyList<string> Tags, string? DataHash = null, string? Model = null);

/// <summary>One finished run of a store, as its index lists it.</summary>
public sealed record RunRecord(string Id, string Name, DateTimeOffset Created, IReadOnlyList<string> Tags, string? GitCommit, string? DataHash,
    string? Model, double? BestScore, string? ScoreName, string Folder);

/// <summary>
/// A folder of runs (W&amp;B's project, offline): each run a folder named by its id, immutable once written (built aside and
/// moved into place by <see cref="LocalRunTracker.Finish"/>), with <c>meta.json</c> (id, name, tags, creation time, the git
/// commit of the working directory when there is one, the data's hash, the model). <c>index.jsonl</c> lists the finished
/// runs, one line each, appended after the move: a run killed before its move never appears (its <c>.partial-</c> folder is
/// ignored), and an index that is damaged or disagrees with the folders is rebuilt from them on the next read.
/// </summary>
public sealed class RunStore
{
    private const string IndexFile = "index.jsonl";
    private const string MetaFile = "meta.json";

    private RunStore(string root) => Root = root;

    /// <summary>The store's folder.</summary>
    public string Root { get; }

    /// <summary>Opens (creating it if needed) the store in <paramref name="folder"/>.</summary>
    public static Fin<RunStore> Open(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var root = Path.GetFullPath(folder);
        if (File.Exists(root)) return Error.New($"{folder}: is a file; a run store is a folder");
        try
        {
            Directory.CreateDirectory(root);
            return new RunStore(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error.New($"{folder}: cannot create the run store: {e.Message}");
        }
    }

    /// <summary>Starts a run in the store: a tracker whose <see cref="LocalRunTracker.Finish"/> moves it into place and lists it.</summary>
    public Fin<LocalRunTracker> Start(RunInfo info, string title, IReadOnlyDictionary<string, object> config)
    {
        ArgumentNullException.ThrowIfNull(info);
        var created = DateTimeOffset.UtcNow;
        var id = $"{created:yyyyMMdd-HHmmss}-{Slug(info.Name)}-{RandomNumberGenerator.GetHexString(4, lowercase: true)}";
        var meta = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = id,
            ["name"] = info.Name,
            ["created"] = created.ToString("O", CultureInfo.InvariantCulture),
            ["tags"] = info.Tags,
            ["git_commit"] = GitCommit(Directory.GetCurrentDirectory()),
            ["data_hash"] = info.DataHash,
            ["model"] = info.Model,
        };
        return LocalRunTracker.Init(Path.Combine(Root, id), title, config, JsonValues.Object(meta, indented: true), folder => Append(Read(folder)));
    }

    /// <summary>The finished runs, oldest first (the index, rebuilt from the run folders when it is damaged or stale).</summary>
    public Fin<IReadOnlyList<RunRecord>> List()
    {
        try
        {
            var folders = Directory.GetDirectories(Root).Where(d => !Path.GetFileName(d).Contains(".partial-", StringComparison.Ordinal)
                && File.Exists(Path.Combine(d, MetaFile))).ToList();
            var indexed = ReadIndex();
            if (indexed is null || indexed.Count != folders.Count || !indexed.Select(r => r.Id).ToHashSet().SetEquals(folders.Select(Path.GetFileName)!))
            {
                indexed = folders.Select(Read).ToList();
                AtomicFile.WriteAllText(Path.Combine(Root, IndexFile), string.Concat(indexed.Select(r => Line(r) + "\n")));
            }
            return indexed.OrderBy(r => r.Created).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return Error.New($"{Root}: cannot read the run store: {e.Message}");
        }
    }

    /// <summary>The run a reference names: its id, a unique prefix of an id, or the name of exactly one run (else the newest of that name).</summary>
    public Fin<RunRecord> Find(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return List().Bind(runs =>
        {
            var exact = runs.FirstOrDefault(r => r.Id == reference);
            if (exact is not null) return Fin<RunRecord>.Succ(exact);
            var prefixed = runs.Where(r => r.Id.StartsWith(reference, StringComparison.Ordinal)).ToList();
            if (prefixed.Count == 1) return prefixed[0];
            if (prefixed.Count > 1) return Error.New($"run '{reference}' is ambiguous: {string.Join(", ", prefixed.Select(r => r.Id))}");
            var named = runs.Where(r => r.Name == reference).ToList();
            return named.Count > 0 ? named[^1] : Error.New($"no run '{reference}' in {Root} (penaltygen runs list shows them)");
        });
    }

    /// <summary>A short fingerprint of data (the first 12 hex digits of SHA-256 over the labels and the values' bits).</summary>
    public static string Fingerprint(IEnumerable<string> labels, params double[][] values)
    {
        ArgumentNullException.ThrowIfNull(labels);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var label in labels) sha.AppendData(Encoding.UTF8.GetBytes(label + "\n"));
        foreach (var block in values) sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(block.AsSpan()));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..12];
    }

    private List<RunRecord>? ReadIndex()
    {
        var path = Path.Combine(Root, IndexFile);
        if (!File.Exists(path)) return null;
        var records = new List<RunRecord>();
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.Length == 0) continue;
            try
            {
                var record = JsonSerializer.Deserialize(line, RunIndexJson.Default.RunRecord);
                if (record is null || !Directory.Exists(Path.Combine(Root, record.Id))) return null;
                records.Add(record with { Folder = Path.Combine(Root, record.Id) });
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return records;
    }

    /// <summary>A finished run's record, from its meta.json and summary.json (best_test_score and score_name when it set them).</summary>
    private static RunRecord Read(string folder)
    {
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, MetaFile)));
        var m = meta.RootElement;
        string? Text(string key) => m.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        double? best = null;
        string? scoreName = null;
        var summaryPath = Path.Combine(folder, "summary.json");
        if (File.Exists(summaryPath))
        {
            using var summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
            if (summary.RootElement.TryGetProperty("best_test_score", out var b) && b.ValueKind == JsonValueKind.Number) best = b.GetDouble();
            if (summary.RootElement.TryGetProperty("score_name", out var s) && s.ValueKind == JsonValueKind.String) scoreName = s.GetString();
        }
        var tags = m.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(e => e.GetString() ?? "").ToList() : [];
        return new RunRecord(Text("id") ?? Path.GetFileName(folder), Text("name") ?? "", DateTimeOffset.Parse(Text("created") ?? "0001-01-01T00:00:00Z", CultureInfo.InvariantCulture),
            tags, Text("git_commit"), Text("data_hash"), Text("model"), best, scoreName, folder);
    }

    private void Append(RunRecord record)
    {
        // One line, flushed to the disk: a crash before it leaves a run folder the next List() adds back by rebuilding.
        using var stream = new FileStream(Path.Combine(Root, IndexFile), FileMode.Append, FileAccess.Write, FileShare.Read);
        var bytes = Encoding.UTF8.GetBytes(Line(record) + "\n");
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static string Line(RunRecord record) => JsonSerializer.Serialize(record with { Folder = "" }, RunIndexJson.Default.RunRecord);

    /// <summary>A name as part of a folder name: lower-case letters, digits and '-', at most 40 characters ("run" when nothing is left).</summary>
    internal static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
            if (slug.Length == 40) break;
        }
        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "run" : text;
    }

    /// <summary>The commit checked out in the git work tree holding <paramref name="directory"/> (read from .git; null outside one).</summary>
    internal static string? GitCommit(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (!Directory.Exists(git)) continue;
            try
            {
                var head = File.ReadAllText(Path.Combine(git, "HEAD")).Trim();
                if (!head.StartsWith("ref: ", StringComparison.Ordinal)) return head;
                var reference = head[5..];
                var loose = Path.Combine(git, reference.Replace('/', Path.DirectorySeparatorChar));
                if (File.Exists(loose)) return File.ReadAllText(loose).Trim();
                var packed = Path.Combine(git, "packed-refs");
                return File.Exists(packed)
                    ? File.ReadLines(packed).Select(l => l.Split(' ')).FirstOrDefault(p => p.Length == 2 && p[1] == reference)?[0]
                    : null;
            }
            catch (IOException)
            {
                return null;
            }
        }
        return null;
    }
}

/// <summary>index.jsonl's lines: a run's record in snake_case, by the System.Text.Json source generator (no reflection).</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[System.Text.Json.Serialization.JsonSerializable(typeof(RunRecord))]
internal sealed partial class RunIndexJson : System.Text.Json.Serialization.JsonSerializerContext;
