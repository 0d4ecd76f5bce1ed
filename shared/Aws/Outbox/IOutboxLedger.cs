namespace Razors.Aws.Outbox;

/// <summary>What a relay records in its outbox about the records it handled.</summary>
public interface IOutboxLedger
{
    /// <summary>The record is on the bus: it leaves the pending index and may now expire.</summary>
    Task MarkPublishedAsync(string recordKey, CancellationToken cancellationToken);

    /// <summary>The record is in the DLQ: it leaves the pending index, so no sweep sends it again.</summary>
    Task MarkDeadLetteredAsync(string recordKey, CancellationToken cancellationToken);
}
