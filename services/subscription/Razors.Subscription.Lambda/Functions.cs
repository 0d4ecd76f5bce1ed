using Razors.Lambda;

namespace Razors.Subscription.Lambda;

/// <summary>The subscription service's Lambda entry points (handler strings in <c>SubscriptionTopology</c>).</summary>
public static class Functions
{
    private static readonly Lazy<LambdaFunctionHost> RelayHost = LambdaFunctionHost.FromEnvironment(c => SubscriptionFunctionHosts.Relay(c));
    private static readonly Lazy<LambdaFunctionHost> SweeperHost = LambdaFunctionHost.FromEnvironment(c => SubscriptionFunctionHosts.Sweeper(c));
    private static readonly Lazy<LambdaFunctionHost> SagaDeadlinesHost = LambdaFunctionHost.FromEnvironment(c => SubscriptionFunctionHosts.SagaDeadlines(c));
    private static readonly Lazy<LambdaFunctionHost> InboundHost = LambdaFunctionHost.FromEnvironment(c => SubscriptionFunctionHosts.Inbound(c));
    private static readonly Lazy<LambdaFunctionHost> ApiHost = LambdaFunctionHost.FromEnvironment(c => SubscriptionFunctionHosts.Api(c));

    public static Task<Stream> Relay(Stream input) => LambdaEntries.DynamoDbStreamAsync(RelayHost.Value, input);

    public static Task<Stream> Sweeper(Stream input) => LambdaEntries.EventBridgeAsync(SweeperHost.Value, input);

    public static Task<Stream> SagaDeadlines(Stream input) => LambdaEntries.EventBridgeAsync(SagaDeadlinesHost.Value, input);

    public static Task<Stream> Inbound(Stream input) => LambdaEntries.SqsAsync(InboundHost.Value, input);

    public static Task<Stream> Api(Stream input) => LambdaEntries.HttpApiAsync(ApiHost.Value, input);
}
