using Razors.Topology;

namespace Razors.LocalCloud.Buses;

/// <summary>How a <see cref="TargetDefinition"/> is stored in a row (rule targets and pending deliveries).</summary>
internal static class TargetColumns
{
    private const string BusKind = "bus";
    private const string QueueKind = "queue";
    private const string FunctionKind = "function";
    private const string DeliveryStreamKind = "delivery-stream";

    public static (string Kind, string Resource) Of(TargetDefinition target) => target switch
    {
        BusTarget bus => (BusKind, bus.Bus),
        QueueTarget queue => (QueueKind, queue.Queue),
        FunctionTarget function => (FunctionKind, function.Function),
        DeliveryStreamTarget stream => (DeliveryStreamKind, stream.DeliveryStream),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target.GetType().Name, "Unknown target kind."),
    };

    public static TargetDefinition Create(
        string kind, string id, string resource, RetryPolicy retryPolicy, string deadLetterQueue) => kind switch
        {
            BusKind => new BusTarget(id, resource, retryPolicy, deadLetterQueue),
            QueueKind => new QueueTarget(id, resource, retryPolicy, deadLetterQueue),
            FunctionKind => new FunctionTarget(id, resource, retryPolicy, deadLetterQueue),
            DeliveryStreamKind => new DeliveryStreamTarget(id, resource, retryPolicy, deadLetterQueue),
            _ => throw new InvalidOperationException($"Unknown target kind '{kind}' in the database."),
        };
}
