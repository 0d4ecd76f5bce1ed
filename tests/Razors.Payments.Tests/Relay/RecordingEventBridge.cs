using System.Text.Json;
using Razors.Contracts;
using Razors.Aws.EventBridge;

namespace Razors.Payments.Tests.Relay;

/// <summary>An event the bus accepted: its id and the payment it is about.</summary>
internal sealed record PutEvent(Guid EventId, string PaymentId);

/// <summary>
/// The payments bus: records each event it accepts, in the order it accepts them, and refuses
/// the entries a test names with an entry-level error (PutEvents answers 200 with a failed entry).
/// It lives outside the relay's process, so what it accepted survives a crash of that process.
/// </summary>
internal sealed class RecordingEventBridge : IEventPublisher
{
    private readonly Lock gate = new();
    private readonly List<PutEvent> accepted = [];
    private Func<Guid, bool> refuses = _ => false;

    /// <summary>Given an event id, whether the bus refuses it.</summary>
    public Func<Guid, bool> Refuses
    {
        get { lock (gate) { return refuses; } }
        set { lock (gate) { refuses = value; } }
    }

    public IReadOnlyList<PutEvent> Accepted
    {
        get { lock (gate) { return [.. accepted]; } }
    }

    // Synchronous on purpose: a relay stopped mid-batch still gets its answer, so the mapping
    // deletes what the bus took rather than leaving it in flight for the visibility timeout.
    public Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new PutEventsResponse();
        lock (gate)
        {
            foreach (var entry in request.Entries)
            {
                var metadata = JsonSerializer.Deserialize(entry.Detail!, RazorsJsonContext.Default.RawEventEnvelope)!.Metadata;
                if (refuses(metadata.EventId))
                {
                    response.FailedEntryCount++;
                    response.Entries.Add(new PutEventsResultEntry { ErrorCode = "InternalFailure", ErrorMessage = "Refused by the test." });
                    continue;
                }

                accepted.Add(new PutEvent(metadata.EventId, metadata.AggregateId));
                response.Entries.Add(new PutEventsResultEntry { EventId = Guid.NewGuid().ToString() });
            }
        }

        return Task.FromResult(response);
    }
}
