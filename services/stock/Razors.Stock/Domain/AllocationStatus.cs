namespace Razors.Stock.Domain;

/// <summary>Where a subscription's stock stands. Every status but Allocated is final.</summary>
public enum AllocationStatus
{
    /// <summary>The units were taken from stock for the subscription.</summary>
    Allocated,

    /// <summary>Stock was short or the product unknown; nothing was taken.</summary>
    Failed,

    /// <summary>The units went back into stock after the subscription or its payment was cancelled.</summary>
    Deallocated,

    /// <summary>
    /// The cancellation arrived before the subscription's creation (the queues do not keep order):
    /// nothing was taken, and nothing will be.
    /// </summary>
    Cancelled,
}
