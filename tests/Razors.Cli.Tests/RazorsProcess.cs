using System.Diagnostics;

namespace Razors.Cli.Tests;

/// <summary>Runs the built <c>razors</c> executable as a process, as a user would, and collects what it prints.</summary>
internal static class RazorsProcess
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] arguments, string? workingDirectory = null)
    {
        var token = TestContext.Current.CancellationToken;
        var startInfo = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "razors.exe" : "razors"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
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

        using var process = Process.Start(startInfo)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(token);
            var stderr = process.StandardError.ReadToEndAsync(token);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(RunTimeout);
            await process.WaitForExitAsync(timeout.Token);
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
