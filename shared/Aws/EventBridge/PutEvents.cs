namespace Razors.Aws.EventBridge;

// Mirrors Amazon.EventBridge.Model (AWSSDK.EventBridge is not available here) so the official
// package can replace this file without touching callers.

/// <summary>One event to put on a bus.</summary>
public sealed class PutEventsRequestEntry
{
    public string? EventBusName { get; set; }
    public string? Source { get; set; }
    public string? DetailType { get; set; }
    public string? Detail { get; set; }
    public List<string>? Resources { get; set; }
    public DateTime? Time { get; set; }
    public string? TraceHeader { get; set; }
}

public sealed class PutEventsRequest
{
    public List<PutEventsRequestEntry> Entries { get; set; } = [];
}

/// <summary>Per request entry, in request order: an <see cref="EventId"/> or an error.</summary>
public sealed class PutEventsResultEntry
{
    public string? EventId { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
}

public sealed class PutEventsResponse
{
    public int FailedEntryCount { get; set; }
    public List<PutEventsResultEntry> Entries { get; set; } = [];
}

/// <summary>The part of the EventBridge API that Razors uses.</summary>
public interface IEventPublisher
{
    Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default);
}
