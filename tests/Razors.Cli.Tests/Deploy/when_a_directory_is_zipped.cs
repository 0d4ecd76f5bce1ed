using System.IO.Compression;
using Razors.Cli.Deploy;

namespace Razors.Cli.Tests.Deploy;

/// <summary>A directory asset's zip: the same files give the same bytes, whatever their times and the order the file system lists them in.</summary>
public sealed class when_a_directory_is_zipped : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("razors-zip-");

    public void Dispose() => dir.Delete(recursive: true);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(dir.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private byte[] Zip()
    {
        using var output = new MemoryStream();
        DeterministicZip.Write(dir.FullName, output);
        return output.ToArray();
    }

    [Fact]
    public void zipping_twice_gives_the_same_bytes_even_after_the_files_times_change()
    {
        Write("b.dll", "bee");
        Write("a/z.json", "zed");
        Write(".hidden", "dot");
        var first = Zip();

        foreach (var file in dir.EnumerateFiles("*", SearchOption.AllDirectories))
        {
            file.LastWriteTimeUtc = DateTime.UnixEpoch.AddYears(40);
        }

        Assert.Equal(first, Zip());
    }

    [Fact]
    public void entries_are_the_files_sorted_by_forward_slash_path_at_the_fixed_time_with_their_content()
    {
        Write("b.dll", "bee");
        Write("a/z.json", "zed");
        Write("a/b/c.txt", "sea");
        Write(".hidden", "dot");
        Directory.CreateDirectory(Path.Combine(dir.FullName, "empty"));

        using var zip = new ZipArchive(new MemoryStream(Zip()), ZipArchiveMode.Read);

        Assert.Equal([".hidden", "a/b/c.txt", "a/z.json", "b.dll"], zip.Entries.Select(e => e.FullName));
        Assert.All(zip.Entries, e => Assert.Equal(new DateTime(1980, 1, 1, 0, 0, 0), e.LastWriteTime.DateTime));
        using var reader = new StreamReader(zip.GetEntry("a/b/c.txt")!.Open());
        Assert.Equal("sea", reader.ReadToEnd());
    }

    [Fact]
    public void files_are_readable_by_everyone_and_an_executable_stays_executable()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only.");
            return;
        }

        Write("bootstrap", "#!/bin/sh");
        Write("lib.dll", "code");
        File.SetUnixFileMode(Path.Combine(dir.FullName, "bootstrap"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(Path.Combine(dir.FullName, "lib.dll"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        using var zip = new ZipArchive(new MemoryStream(Zip()), ZipArchiveMode.Read);

        Assert.Equal(Convert.ToInt32("100755", 8), zip.GetEntry("bootstrap")!.ExternalAttributes >>> 16);
        Assert.Equal(Convert.ToInt32("100644", 8), zip.GetEntry("lib.dll")!.ExternalAttributes >>> 16);
    }
}
