namespace Razors.Cli.Deploy;

/// <summary>
/// Where a deploy talks to its user: what it prints, the questions it asks (answered from
/// <see cref="Input"/>), and whether the output is a terminal, which gets bold text and a progress
/// line that rewrites itself instead of one line per update.
/// </summary>
internal sealed class DeployConsole(TextWriter output, TextReader input, bool terminal)
{
    public TextWriter Output { get; } = output;

    public TextReader Input { get; } = input;

    public bool Terminal { get; } = terminal;

    public static DeployConsole FromConsole() =>
        new(Console.Out, Console.In, terminal: !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb"));

    public string Bold(string text) => Terminal ? $"\u001b[1m{text}\u001b[0m" : text;

    public string Red(string text) => Terminal ? $"\u001b[31m{text}\u001b[0m" : text;

    public string Green(string text) => Terminal ? $"\u001b[32m{text}\u001b[0m" : text;

    /// <summary>Asks a yes/no question; only <c>y</c> or <c>yes</c> is yes, and no answer (end of input) is no.</summary>
    public async Task<bool> ConfirmAsync(string question, CancellationToken cancellationToken)
    {
        await Output.WriteAsync($"{question} [y/N] ");
        var answer = await Input.ReadLineAsync(cancellationToken);
        if (answer is null)
        {
            await Output.WriteLineAsync();
        }

        return answer?.Trim().ToUpperInvariant() is "Y" or "YES";
    }

    /// <summary>Asks the user to type <paramref name="expected"/> exactly, for what cannot be undone.</summary>
    public async Task<bool> ConfirmByTypingAsync(string question, string expected, CancellationToken cancellationToken)
    {
        await Output.WriteAsync($"{question} Type {Bold(expected)} to go on: ");
        var answer = await Input.ReadLineAsync(cancellationToken);
        if (answer is null)
        {
            await Output.WriteLineAsync();
        }

        return string.Equals(answer?.Trim(), expected, StringComparison.Ordinal);
    }

    /// <summary>The progress line: rewritten in place on a terminal; elsewhere left out (the event lines say the same).</summary>
    public async Task ProgressAsync(string line)
    {
        if (Terminal)
        {
            await Output.WriteAsync($"\r\u001b[2K{line}");
        }
    }

    /// <summary>A line of its own, clearing the progress line first on a terminal.</summary>
    public async Task LineAsync(string line = "")
    {
        if (Terminal)
        {
            await Output.WriteAsync("\r\u001b[2K");
        }

        await Output.WriteLineAsync(line);
    }
}
