using System.Diagnostics;

namespace Razors.Cli.Tests;

/// <summary>Runs the built <c>razors</c> executable as a process, as a user would, and collects what it prints.</summary>
internal static class RazorsProcess
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <c>razors</c> with <paramref name="arguments"/>; standard input is empty (a question is
    /// answered no). <paramref name="timeout"/> (default 60 s) is an upper bound, <paramref name="environment"/> adds variables.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string[] arguments, string? workingDirectory = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var token = TestContext.Current.CancellationToken;
        var startInfo = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "razors.exe" : "razors"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Credentials from the environment, as the AWS CLI takes them; nothing in ~/.aws is read.
        startInfo.Environment["AWS_ACCESS_KEY_ID"] = "local";
        startInfo.Environment["AWS_SECRET_ACCESS_KEY"] = "local";
        startInfo.Environment["AWS_CONFIG_FILE"] = "/nonexistent/config";
        startInfo.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials";
        startInfo.Environment.Remove("AWS_PROFILE");
        startInfo.Environment.Remove("AWS_REGION");
        startInfo.Environment.Remove("AWS_DEFAULT_REGION");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(token);
            var stderr = process.StandardError.ReadToEndAsync(token);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
            deadline.CancelAfter(timeout ?? RunTimeout);
            await process.WaitForExitAsync(deadline.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
