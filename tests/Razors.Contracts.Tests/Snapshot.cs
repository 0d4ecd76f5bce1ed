using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Razors.Contracts.Tests;

/// <summary>
/// Compares JSON with a checked-in file. A change to a contract must show up as a diff in review,
/// so files are only rewritten on request: RAZORS_UPDATE_SNAPSHOTS=1 ./test.sh.
/// </summary>
internal static class Snapshot
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Match(JsonNode actual, string relativePath, [CallerFilePath] string callerFile = "")
    {
        var text = actual.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, relativePath);
        if (Environment.GetEnvironmentVariable("RAZORS_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return;
        }

        Assert.True(File.Exists(path), $"No snapshot at {path}. Run with RAZORS_UPDATE_SNAPSHOTS=1 to create it. Actual:\n{text}");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.Equal(expected, text);
    }
}
