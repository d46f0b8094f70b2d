using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace PenaltyGen.Tracking;

/// <summary>
/// The folders runs are built in (<c>DIR.partial-GUID</c>) until they are moved into place, and the three ways one is
/// removed when its run will never finish: the run's own Dispose; SIGTERM, SIGINT (Ctrl-C) or SIGQUIT to the process,
/// whose handler removes every partial folder of the process before the default action ends it; and, for a process
/// killed outright (SIGKILL, power loss), the next run in the same parent folder, which removes the partial folders whose
/// owner is gone. A partial folder's name carries its owner — <c>DIR.partial-PID-START-GUID</c>, the process's id and
/// start time (UTC ticks) — so that no instant exists at which the folder is there and its owner unknown; a folder is
/// stale when no process with that id is running, or one is but started at another time (the id was reused). A partial
/// folder whose name holds no owner is left alone: nothing says whose it is.
/// </summary>
internal static class PartialFolders
{
    private const string Marker = ".partial-";

    private static readonly ConcurrentDictionary<string, byte> Live = new(StringComparer.Ordinal);

    // Kept alive for the process's lifetime: disposing a registration removes its handler.
    private static readonly PosixSignalRegistration[] Handlers =
    [
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal),
    ];

    private static readonly string Owner = OwnerOf(Process.GetCurrentProcess());

    /// <summary>Creates the partial folder of a run headed for <paramref name="target"/>, named with this process as its owner.</summary>
    public static string Create(string target)
    {
        GC.KeepAlive(Handlers);
        var stage = $"{target}{Marker}{Owner}-{Guid.NewGuid():N}";
        Live[stage] = 0;
        Directory.CreateDirectory(stage);
        return stage;
    }

    /// <summary>Hands the folder over to its move into place: a signal no longer removes it.</summary>
    public static void Release(string stage) => Live.TryRemove(stage, out _);

    /// <summary>Removes a partial folder of this process (a run that will not finish).</summary>
    public static void Remove(string stage)
    {
        Live.TryRemove(stage, out _);
        if (Directory.Exists(stage)) Directory.Delete(stage, recursive: true);
    }

    /// <summary>Removes the partial folders in <paramref name="parent"/> whose owner process is gone.</summary>
    public static void SweepStale(string parent)
    {
        foreach (var folder in Directory.EnumerateDirectories(parent, "*" + Marker + "*"))
        {
            var name = Path.GetFileName(folder);
            var parts = name[(name.LastIndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..].Split('-');
            if (parts.Length == 3 && !IsRunning(parts[0], parts[1])) TryDelete(folder);
        }
    }

    /// <summary>"PID-START": the id and start time (UTC ticks) that identify a process even after its id is reused.</summary>
    public static string OwnerOf(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        return string.Create(CultureInfo.InvariantCulture, $"{process.Id}-{process.StartTime.ToUniversalTime().Ticks}");
    }

    private static bool IsRunning(string id, string start)
    {
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !long.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return OwnerOf(process) == $"{id}-{start}";
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void OnSignal(PosixSignalContext context)
    {
        foreach (var stage in Live.Keys) TryDelete(stage);
    }

    /// <summary>Best effort: a folder another thread is still writing into may refuse once; it is tried twice.</summary>
    private static void TryDelete(string folder)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
