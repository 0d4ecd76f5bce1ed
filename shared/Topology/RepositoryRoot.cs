namespace Razors.Topology;

/// <summary>
/// Finds the repository (the folder holding <c>Razors.sln</c>) from anywhere below it: a test's bin
/// folder, a host's working directory, the CDK app's output folder, the CLI's current folder.
/// Topology names projects by their paths from this folder.
/// </summary>
public static class RepositoryRoot
{
    private const string Marker = "Razors.sln";

    /// <summary>The nearest folder at or above <paramref name="startDirectory"/> that holds <c>Razors.sln</c>, or null.</summary>
    public static string? TryFind(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, Marker)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>The repository above the first of <paramref name="startDirectories"/> that lies in one.</summary>
    /// <exception cref="DirectoryNotFoundException">None of them is inside the repository.</exception>
    public static string Find(params string[] startDirectories) =>
        startDirectories.Select(TryFind).FirstOrDefault(root => root is not null)
        ?? throw new DirectoryNotFoundException(
            $"No {Marker} found at or above {string.Join(" or ", startDirectories.Select(d => $"'{d}'"))}: run this from inside the repository.");

    /// <summary>The <c>.tools</c> folder of the repository that holds <paramref name="startDirectory"/>.</summary>
    public static string ToolsDirectory(string startDirectory) => Path.Combine(Find(startDirectory), ".tools");
}
