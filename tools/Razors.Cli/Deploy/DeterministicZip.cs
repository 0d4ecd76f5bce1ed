using System.IO.Compression;

namespace Razors.Cli.Deploy;

/// <summary>
/// Zips a directory so that the same files give the same bytes: entries sorted by path (forward
/// slashes), every timestamp 1980-01-01 00:00 (the earliest a zip's DOS time holds), and fixed
/// permissions (0644, or 0755 for a file someone may execute), as cdk-assets does for directory
/// assets (https://github.com/aws/aws-cdk-cli/blob/main/packages/%40aws-cdk/private-tools/lib/zip/index.ts).
/// Only files are entries; hidden files count.
/// </summary>
internal static class DeterministicZip
{
    private static readonly DateTimeOffset Epoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Unix "regular file" type bits and modes, in the high half of the external attributes.
    private const int RegularFile = 0x8000;
    private const int ReadWrite = 0x1A4; // 0644
    private const int Executable = 0x1ED; // 0755

    public static void Write(string directory, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var root = Path.GetFullPath(directory);
        var files = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(path => (Path: path, Name: Path.GetRelativePath(root, path).Replace('\\', '/')))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (path, name) in files)
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
            entry.LastWriteTime = Epoch;
            entry.ExternalAttributes = (RegularFile | (IsExecutable(path) ? Executable : ReadWrite)) << 16;
            using var source = File.OpenRead(path);
            using var target = entry.Open();
            source.CopyTo(target);
        }
    }

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
