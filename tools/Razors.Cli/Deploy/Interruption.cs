namespace Razors.Cli.Deploy;

/// <summary>
/// Ctrl-C during a deploy, in two steps: the first asks the deploy to stop (before a change set runs
/// it stops there; while an update runs it cancels the update and follows the rollback), the second
/// stops following, leaving CloudFormation to finish what it does.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource requested = new();
    private readonly CancellationTokenSource insisted = new();
    private readonly ConsoleCancelEventHandler? handler;

    private Interruption(bool fromConsole)
    {
        if (fromConsole)
        {
            handler = (_, e) =>
            {
                e.Cancel = true;
                Interrupt();
            };
            Console.CancelKeyPress += handler;
        }
    }

    /// <summary>The first Ctrl-C.</summary>
    public CancellationToken Requested => requested.Token;

    /// <summary>The second Ctrl-C.</summary>
    public CancellationToken Insisted => insisted.Token;

    /// <summary>Ctrl-C of the console (SIGINT) interrupts.</summary>
    public static Interruption FromConsole() => new(fromConsole: true);

    /// <summary>Interrupted only by <see cref="Interrupt"/>.</summary>
    public static Interruption Manual() => new(fromConsole: false);

    public void Interrupt()
    {
        if (!requested.IsCancellationRequested)
        {
            requested.Cancel();
        }
        else
        {
            insisted.Cancel();
        }
    }

    public void Dispose()
    {
        if (handler is not null)
        {
            Console.CancelKeyPress -= handler;
        }

        requested.Dispose();
        insisted.Dispose();
    }
}
