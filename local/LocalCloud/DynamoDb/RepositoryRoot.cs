namespace Razors.LocalCloud.DynamoDb;

/// <summary>Finds the repository from anywhere below it (a test's bin folder, a host's working directory).</summary>
public static class RepositoryRoot
{
    private const string Marker = "Razors.sln";

    /// <summary>The nearest folder at or above <paramref name="startDirectory"/> that holds <c>Razors.sln</c>.</summary>
    public static string Find(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, Marker)))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No {Marker} found at or above '{startDirectory}'.");
    }

    /// <summary>The <c>.tools</c> folder of the repository that holds <paramref name="startDirectory"/>.</summary>
    public static string ToolsDirectory(string startDirectory) => Path.Combine(Find(startDirectory), ".tools");
}
