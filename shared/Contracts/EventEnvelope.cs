using System.Text.Json;

namespace Razors.Contracts;

/// <summary>
/// The EventBridge <c>detail</c> of every Razors event: <c>{ "metadata": {…}, "data": {…} }</c>.
/// </summary>
/// <typeparam name="T">One of the event records of this assembly.</typeparam>
public sealed record EventEnvelope<T>
    where T : class
{
    /// <summary>Identity, ordering and tracing of the event.</summary>
    public required EventMetadata Metadata { get; init; }

    /// <summary>The event itself.</summary>
    public required T Data { get; init; }
}

/// <summary>
/// An envelope whose data has not been bound to a type yet: what relays and routers handle.
/// </summary>
public sealed record RawEventEnvelope
{
    /// <summary>Identity, ordering and tracing of the event.</summary>
    public required EventMetadata Metadata { get; init; }

    /// <summary>The event's data as JSON.</summary>
    public required JsonElement Data { get; init; }
}
