using Razors.Lambda;

namespace Razors.Notifications.Lambda;

/// <summary>The notifications service's Lambda entry points (handler strings in <c>NotificationsTopology</c>).</summary>
public static class Functions
{
    private static readonly Lazy<LambdaFunctionHost> InboundHost = LambdaFunctionHost.FromEnvironment(c => NotificationsFunctionHosts.Inbound(c));

    public static Task<Stream> Inbound(Stream input) => LambdaEntries.SqsAsync(InboundHost.Value, input);
}
