using Razors.Aws.Outbox;
using Razors.Messaging;

namespace Razors.Testing;

/// <summary>An outbox that records what the relay marked.</summary>
public sealed class RecordingLedger : IOutboxLedger
{
    public List<string> Published { get; } = [];
    public List<string> DeadLettered { get; } = [];
    public Exception? Throw { get; set; }

    public Task MarkPublishedAsync(string recordKey, CancellationToken cancellationToken) => Record(Published, recordKey);

    public Task MarkDeadLetteredAsync(string recordKey, CancellationToken cancellationToken) => Record(DeadLettered, recordKey);

    private Task Record(List<string> list, string key)
    {
        if (Throw is not null)
        {
            throw Throw;
        }

        lock (list)
        {
            list.Add(key);
        }

        return Task.CompletedTask;
    }
}

/// <summary>A DLQ that keeps its letters, or refuses them.</summary>
public sealed class RecordingDeadLetters : IDeadLetterQueue
{
    public List<DeadLetter> Letters { get; } = [];
    public Exception? Throw { get; set; }

    public Task SendAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        if (Throw is not null)
        {
            throw Throw;
        }

        Letters.Add(letter);
        return Task.CompletedTask;
    }
}
