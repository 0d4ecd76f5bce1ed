using System.Diagnostics;

namespace Razors.LocalCloud;

/// <summary>
/// Starts a child process that cannot outlive its parent, even one killed with SIGKILL: where
/// util-linux's <c>setpriv</c> is (Linux), the child runs under it with PR_SET_PDEATHSIG, and
/// setpriv execs the program, so the process id is the program's. Compiled into the local host
/// (DynamoDB Local) and into <c>razors chaos</c> (the host it supervises).
/// </summary>
internal static class ChildProcess
{
    private const string SetPriv = "/usr/bin/setpriv";

    /// <summary>What starts <paramref name="program"/> so that it gets <paramref name="signal"/> (KILL, TERM) when its parent dies.</summary>
    public static ProcessStartInfo DyingWithParent(string program, string signal)
    {
        var dieWithParent = OperatingSystem.IsLinux() && File.Exists(SetPriv);
        var startInfo = new ProcessStartInfo(dieWithParent ? SetPriv : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dieWithParent)
        {
            foreach (var argument in new[] { "--pdeathsig", signal, "--", program })
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        return startInfo;
    }

    /// <summary>
    /// Starts the process from a thread of its own that lives exactly as long as the process:
    /// PR_SET_PDEATHSIG fires when the starting thread ends, and a pool thread may end at any time.
    /// <paramref name="exited"/> gets the exit code (-1 when the process was disposed first).
    /// </summary>
    public static Task StartOnOwnThreadAsync(Process process, TaskCompletionSource<int> exited, string name)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                process.Start();
            }
            catch (Exception e)
            {
                started.SetException(e);
                return;
            }

            started.SetResult();
            try
            {
                process.WaitForExit();
                exited.TrySetResult(process.ExitCode);
            }
            catch (InvalidOperationException)
            {
                exited.TrySetResult(-1);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return started.Task;
    }
}
