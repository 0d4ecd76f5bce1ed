using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Razors.Payments.Ports;
using Razors.Sqlite;

namespace Razors.Payments.Sqlite;

/// <summary>
/// The outbox's change log with MongoDB change-stream semantics: committed inserts only (a
/// rolled-back save leaves no row), in commit order (the outbox sequence), resumable after any
/// token handed out. The token is the sequence, so it stays valid across restarts. The history
/// starts after the sequence the log was trimmed through (<see cref="SqlitePaymentsDatabase.TrimHistory(long)"/>,
/// or settled documents expiring); resuming before that fails with <see cref="OutboxHistoryLostException"/>,
/// as MongoDB's ChangeStreamHistoryLost does.
/// </summary>
public sealed class SqliteOutboxChanges(SqlitePaymentsDatabase database) : IOutboxChanges
{
    private const int BatchSize = 100;

    /// <summary>
    /// How long a caught-up watcher sleeps when no commit signals it. A commit in this process
    /// wakes it at once; the poll finds writes the signal cannot report, such as another process
    /// writing to the same file.
    /// </summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public async IAsyncEnumerable<OutboxChange> WatchAsync(string? resumeAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = resumeAfter is null ? 0 : OutboxSequenceToken.Parse(resumeAfter);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Taken before the read: a commit that lands after the read has already completed it,
            // so the wait below cannot sleep through it.
            var appended = database.OutboxAppended;
            var batch = database.Read(c => ReadAfter(c, after));
            foreach (var (sequence, change) in batch)
            {
                yield return change;
                after = sequence;
            }

            if (batch.Count < BatchSize)
            {
                await WaitAsync(appended, cancellationToken);
            }
        }
    }

    public Task<string> CurrentTokenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var latest = database.Read(c => c.Scalar<long>(null, """
            SELECT MAX(IFNULL((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0), (SELECT trimmed_through FROM change_log))
            """));
        return Task.FromResult(OutboxSequenceToken.Format(latest));
    }

    /// <summary>
    /// Whether <paramref name="consumer"/> has saved the token of the newest outbox record, so it
    /// has nothing left to relay. The local host's "wait until idle" asks this.
    /// </summary>
    public bool IsCaughtUp(string consumer) => database.Read(c =>
    {
        var latest = c.Scalar<string>(null, "SELECT CAST(IFNULL(MAX(sequence), 0) AS TEXT) FROM outbox");
        var saved = c.Scalar<string>(null, "SELECT token FROM resume_tokens WHERE consumer = $consumer", ("$consumer", consumer));
        return (saved is null ? 0 : OutboxSequenceToken.Parse(saved)) >= long.Parse(latest!, CultureInfo.InvariantCulture);
    });

    private static async Task WaitAsync(Task appended, CancellationToken cancellationToken)
    {
        using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(appended, Task.Delay(PollInterval, pause.Token));
        await pause.CancelAsync();
    }

    private static List<(long Sequence, OutboxChange Change)> ReadAfter(SqliteConnection connection, long after)
    {
        var trimmedThrough = connection.Scalar<long>(null, "SELECT trimmed_through FROM change_log");
        if (after < trimmedThrough)
        {
            throw new OutboxHistoryLostException(
                $"The embedded change log was trimmed through {OutboxSequenceToken.Format(trimmedThrough)}, after the resume token {OutboxSequenceToken.Format(after)}.");
        }

        using var command = connection.Command(null,
            "SELECT sequence, id, document FROM outbox WHERE sequence > $after ORDER BY sequence LIMIT $limit",
            ("$after", after), ("$limit", BatchSize));
        using var reader = command.ExecuteReader();
        var changes = new List<(long, OutboxChange)>();
        while (reader.Read())
        {
            var sequence = reader.GetInt64(0);
            changes.Add((sequence, new OutboxChange(OutboxSequenceToken.Format(sequence), StoredOutbox.Read(reader.GetString(1), reader.GetString(2)))));
        }

        return changes;
    }
}

/// <summary>A resume token of the embedded change log: the outbox sequence as 16 hex digits.</summary>
internal static class OutboxSequenceToken
{
    public static string Format(long sequence) => sequence.ToString("x16", CultureInfo.InvariantCulture);

    public static long Parse(string token) =>
        token.Length == 16 && long.TryParse(token, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var sequence) && sequence >= 0
            ? sequence
            : throw new ArgumentException($"'{token}' is not a resume token of the embedded payments change log.", nameof(token));
}
