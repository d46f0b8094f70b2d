using System;
using System.IO;
using System.Text;
using LanguageExt;
using PenaltyGen.Errors;

namespace PenaltyGen.Data;

/// <summary>Writes a file whole or not at all: into a temporary sibling, then moved over the target.</summary>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <returns>Unit, or an error naming <paramref name="path"/> when its folder is missing or the write fails.</returns>
    public static Fin<Unit> WriteAllText(string path, string text)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) return new DataError(path, null, null, $"cannot be written: the folder {folder} does not exist");
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, text, Utf8);
            File.Move(temporary, full, overwrite: true);
            return Prelude.unit;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            return new EnvironmentError(path, $"cannot be written: {e.Message}");
        }
    }
}
