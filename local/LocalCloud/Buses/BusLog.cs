using Microsoft.Extensions.Logging;

namespace Razors.LocalCloud.Buses;

internal static partial class BusLog
{
    [LoggerMessage(LogLevel.Information, "Delivery of {Rule} to target {Target} failed ({ErrorCode}: {ErrorMessage}); retry {Attempt} at {Due:O}")]
    public static partial void RetryScheduled(this ILogger logger, string rule, string target, string errorCode, string errorMessage, int attempt, DateTimeOffset due);

    [LoggerMessage(LogLevel.Warning, "Event for {Rule} sent to dead-letter queue {Queue} of target {Target}: {ErrorCode} {ErrorMessage} ({Condition}, {Retries} retries)")]
    public static partial void DeadLettered(this ILogger logger, string rule, string queue, string target, string errorCode, string errorMessage, string condition, int retries);

    [LoggerMessage(LogLevel.Error, "Dead-letter queue {Queue} of target {Target} refused an event; trying again later")]
    public static partial void DeadLetterFailed(this ILogger logger, Exception exception, string queue, string target);

    [LoggerMessage(LogLevel.Error, "Bus delivery pass failed; trying again in {Wait}")]
    public static partial void PassFailed(this ILogger logger, Exception exception, TimeSpan wait);

    [LoggerMessage(LogLevel.Information, "Replay {Replay} of {Bus} replayed {Events} events into {Deliveries} deliveries")]
    public static partial void Replayed(this ILogger logger, string replay, string bus, int events, int deliveries);
}
