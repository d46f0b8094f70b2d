using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Xunit;

namespace PenaltyGen.Cli.Tests;

/// <summary>
/// Faults from outside the process (docs/inputs.md, "Faults"): the tool run as its own process and signalled, killed,
/// given a full disk or a full stdout, or beaten to its --out. Nothing may be left behind but what the docs say.
/// </summary>
[Collection("processes")]
public sealed partial class FaultTests : IDisposable
{
    private static readonly string Tool = typeof(CommandLine).Assembly.Location;
    private readonly string temp = Path.Combine(Path.GetTempPath(), "penaltygen-faults-" + Guid.NewGuid().ToString("N"));

    public FaultTests() => Directory.CreateDirectory(temp);

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint EffectiveUser();

    /// <summary>A CSV whose path with 10000 alphas runs for seconds: 2000 rows, 100 random features, a linear target.</summary>
    private string SlowData()
    {
        var path = Path.Combine(temp, "slow.csv");
        var random = new Random(7);
        var text = new StringBuilder(string.Join(',', Enumerable.Range(0, 100).Select(j => $"x{j}").Append("y"))).Append('\n');
        for (var i = 0; i < 2000; i++)
        {
            var x = Enumerable.Range(0, 100).Select(_ => random.NextDouble() - 0.5).ToArray();
            var y = x.Take(20).Sum() + 0.1 * random.NextDouble();
            text.AppendJoin(',', x.Append(y).Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static Process Start(string arguments, string? shell = null)
    {
        var info = shell is null
            ? new ProcessStartInfo("dotnet", $"\"{Tool}\" {arguments}")
            : new ProcessStartInfo("bash", ["-c", $"dotnet \"{Tool}\" {arguments} {shell}"]);
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = shell is null;
        info.UseShellExecute = false;
        return Process.Start(info)!;
    }

    private string[] Partials() => Directory.GetDirectories(temp, "*.partial-*");

    /// <summary>Waits (up to a minute) until the run's partial folder exists: the run is then under way.</summary>
    private void AwaitPartial(Process process)
    {
        var clock = Stopwatch.StartNew();
        while (Partials().Length == 0)
        {
            Assert.False(process.HasExited, "the run ended before its partial folder was seen");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "no partial folder within a minute");
            Thread.Sleep(20);
        }
    }

    private string PathArguments(string data, string folder, int alphas = 10000) =>
        $"path --data \"{data}\" --target y --model lasso --alphas {alphas} --eps 1e-6 --tol 1e-8 --out \"{folder}\"";

    [Theory]
    [InlineData(15)] // SIGTERM
    [InlineData(2)] // SIGINT, Ctrl-C
    public void A_signal_mid_run_removes_the_partial_folder(int signal)
    {
        var folder = Path.Combine(temp, "run");
        using var process = Start(PathArguments(SlowData(), folder));
        AwaitPartial(process);
        Assert.Equal(0, Kill(process.Id, signal));
        Assert.True(process.WaitForExit(60_000));
        Assert.NotEqual(0, process.ExitCode);
        Assert.Empty(Partials());
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void A_killed_runs_partial_folder_is_removed_by_the_next_run_in_the_same_place()
    {
        var data = SlowData();
        using (var process = Start(PathArguments(data, Path.Combine(temp, "killed"))))
        {
            AwaitPartial(process);
            Assert.Equal(0, Kill(process.Id, 9));
            Assert.True(process.WaitForExit(60_000));
        }
        var stale = Assert.Single(Partials());
        Assert.Matches(@"killed\.partial-\d+-\d+-[0-9a-f]{32}$", stale);
        // A partial folder whose name holds no owner (whose is it?) and one of a live process (this one) are left alone.
        var foreign = Directory.CreateDirectory(Path.Combine(temp, "other.partial-1")).FullName;
        string live;
        using (var me = Process.GetCurrentProcess())
            live = Directory.CreateDirectory(Path.Combine(temp, string.Create(CultureInfo.InvariantCulture, $"live.partial-{me.Id}-{me.StartTime.ToUniversalTime().Ticks}-0"))).FullName;

        var (code, _, stderr) = CliTests.Run("path", "--data", data, "--target", "y", "--model", "lasso", "--alphas", "3", "--out", Path.Combine(temp, "next"));
        Assert.True(code == 0, stderr);
        Assert.False(Directory.Exists(stale));
        Assert.Equal(new[] { live, foreign }.Order(StringComparer.Ordinal), Partials().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Losing_the_out_folder_to_another_run_is_an_environment_failure_that_keeps_the_winner()
    {
        var folder = Path.Combine(temp, "raced");
        using var process = Start(PathArguments(SlowData(), folder, alphas: 300));
        AwaitPartial(process);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "winner.txt"), "the other run");
        Assert.True(process.WaitForExit(120_000));
        var stderr = process.StandardError.ReadToEnd();
        Assert.Equal(3, process.ExitCode);
        Assert.Contains($"error: environment: {folder}: another run took this output folder while this one ran; this run was not kept", stderr, StringComparison.Ordinal);
        Assert.Equal(new[] { Path.Combine(folder, "winner.txt") }, Directory.GetFileSystemEntries(folder));
        Assert.Empty(Partials());
    }

    [Fact]
    public void A_full_stdout_is_exit_3()
    {
        using var process = Start($"fit --data \"{CliTests.DiabetesCsv}\" --target target --model lasso", "> /dev/full");
        Assert.True(process.WaitForExit(60_000));
        var stderr = process.StandardError.ReadToEnd();
        Assert.Equal(3, process.ExitCode);
        Assert.StartsWith("error: environment: ", stderr, StringComparison.Ordinal);
    }

    /// <summary>A tmpfs of 64 KB (root only: CI runs as root) fills up while the run folder is written.</summary>
    [RootFact]
    public void A_full_disk_is_exit_3_and_leaves_nothing()
    {
        var disk = Directory.CreateDirectory(Path.Combine(temp, "disk")).FullName;
        Assert.Equal(0, Mount(disk, "size=64k"));
        try
        {
            var (code, _, stderr) = CliTests.Run("path", "--data", CliTests.DiabetesCsv, "--target", "target", "--model", "lasso", "--alphas", "200", "--out", Path.Combine(disk, "run"));
            Assert.True(code == 3, stderr);
            var error = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
            Assert.StartsWith("error: environment: ", error, StringComparison.Ordinal);
            Assert.Contains("No space left on device", error, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(disk));
        }
        finally
        {
            using var umount = Process.Start("umount", disk);
            umount.WaitForExit();
        }
    }

    private static int Mount(string folder, string options)
    {
        using var mount = Process.Start("mount", ["-t", "tmpfs", "-o", options, "tmpfs", folder]);
        mount.WaitForExit();
        return mount.ExitCode;
    }

    /// <summary>A fact that needs root (mounting a tmpfs); skipped, with the reason, for anyone else.</summary>
    private sealed class RootFactAttribute : FactAttribute
    {
        public RootFactAttribute()
        {
            if (!OperatingSystem.IsLinux() || EffectiveUser() != 0) Skip = "needs root to mount a tmpfs (CI runs as root)";
        }
    }
}
