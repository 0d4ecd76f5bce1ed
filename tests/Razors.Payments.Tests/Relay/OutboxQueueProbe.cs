using System.Collections.Concurrent;
using System.Globalization;
using Razors.Messaging.Outbox;

namespace Razors.Payments.Tests.Relay;

/// <summary>Where, around the worker's send of one record, its process dies.</summary>
public enum CrashPoint
{
    /// <summary>The change was read from the stream; the send never happens.</summary>
    BeforeTheSend,

    /// <summary>The queue accepted the send; the worker never gets to save the record's resume token.</summary>
    AfterTheSend,
}

/// <summary>A crash of the worker's process at the send of the record with <paramref name="EventId"/>.</summary>
public sealed record Crash(Guid EventId, CrashPoint Point);

/// <summary>
/// Sits between the worker and its FIFO queue client: records each send the queue accepted and,
/// when given a <see cref="Crash"/>, kills the process there by cancelling its token and
/// throwing. The worker saves a token only after <see cref="IOutboxQueue.SendAsync"/> returns,
/// so throwing after the send is a crash between the send and the token save.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An SQS queue, not a collection.")]
internal sealed class OutboxQueueProbe(IOutboxQueue queue, Crash? crash, CancellationTokenSource process) : IOutboxQueue
{
    private readonly ConcurrentQueue<Guid> sent = new();

    /// <summary>Event ids of the records the queue accepted from this process, in send order.</summary>
    public IReadOnlyList<Guid> Sent => [.. sent];

    public async Task SendAsync(FifoOutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var eventId = Guid.Parse(message.MessageDeduplicationId, CultureInfo.InvariantCulture);
        var dies = crash is not null && crash.EventId == eventId;
        if (dies && crash!.Point == CrashPoint.BeforeTheSend)
        {
            await DieAsync();
        }

        await queue.SendAsync(message, cancellationToken);
        sent.Enqueue(eventId);
        if (dies)
        {
            await DieAsync();
        }
    }

    private async Task DieAsync()
    {
        await process.CancelAsync();
        throw new OperationCanceledException("The process died.", process.Token);
    }
}
