namespace Razors.Infra;

/// <summary>Lambda projects are named by paths from the repository root (the folder holding Razors.sln).</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Razors.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"Razors.sln not found above '{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}': run the CDK app from the repository.");
    }
}
