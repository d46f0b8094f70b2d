using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace PenaltyGen.Tracking.Tests;

/// <summary>
/// The sample's own command line, run as its process: what a user typing `dotnet run` gets on a trailing separator, a
/// taken --out and a folder that cannot be created — one `error:` line and the CLI's exit codes, never a stack trace.
/// </summary>
public sealed class SampleProgramTests : IDisposable
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "DiabetesRegularization.dll");
    private readonly string temp = Path.Combine(Path.GetTempPath(), "penaltygen-sample-" + Guid.NewGuid().ToString("N"));

    public SampleProgramTests() => Directory.CreateDirectory(temp);

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Sample);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000));
        return (process.ExitCode, stdout.Result, stderr);
    }

    [Fact]
    public void Out_with_a_trailing_separator_is_the_folder_and_a_second_run_is_refused_in_one_line()
    {
        var folder = Path.Combine(temp, "run");
        var (code, stdout, stderr) = Run("--out", folder + Path.DirectorySeparatorChar, "--alphas", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains($"run folder: {folder}", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "index.html")));
        Assert.Empty(Directory.GetDirectories(temp, "*.partial-*"));

        (code, _, stderr) = Run("--out", folder + Path.DirectorySeparatorChar, "--alphas", "3");
        Assert.Equal(2, code);
        Assert.Equal($"error: {folder}{Path.DirectorySeparatorChar}: the output folder already exists; choose another --out or remove it{Environment.NewLine}", stderr);
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_exit_3()
    {
        // A file stands where the run folder's parent would be: the machine refuses, not the input's values.
        var blocker = Path.Combine(temp, "file");
        File.WriteAllText(blocker, "not a folder");
        var (code, _, stderr) = Run("--out", Path.Combine(blocker, "run"), "--alphas", "3");
        Assert.Equal(3, code);
        Assert.StartsWith($"error: cannot write the run: {Path.Combine(blocker, "run")}: cannot create the output folder: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
