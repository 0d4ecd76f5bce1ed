using System.Runtime.CompilerServices;

namespace Razors.Cli.Lake;

/// <summary>The local lake: a folder whose files are the objects, their paths below it the keys (the local host's <c>.data/lake/</c>).</summary>
internal sealed class FolderLakeStore(string root) : ILakeStore
{
    public string Location => root;

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, prefix);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
        }

        await Task.CompletedTask;
    }

    // The host may be appending to the file while it is read: what is read is whole lines and perhaps a torn last one.
    public Task<Stream> OpenAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new FileStream(Path.Combine(root, key), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
}
