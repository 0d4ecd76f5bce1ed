using Razors.Lambda;

namespace Razors.Stock.Lambda;

/// <summary>The stock service's Lambda entry points (handler strings in <c>StockTopology</c>).</summary>
public static class Functions
{
    private static readonly Lazy<LambdaFunctionHost> RelayHost = LambdaFunctionHost.FromEnvironment(c => StockFunctionHosts.Relay(c));
    private static readonly Lazy<LambdaFunctionHost> SweeperHost = LambdaFunctionHost.FromEnvironment(c => StockFunctionHosts.Sweeper(c));
    private static readonly Lazy<LambdaFunctionHost> InboundHost = LambdaFunctionHost.FromEnvironment(c => StockFunctionHosts.Inbound(c));
    private static readonly Lazy<LambdaFunctionHost> ApiHost = LambdaFunctionHost.FromEnvironment(c => StockFunctionHosts.Api(c));

    public static Task<Stream> Relay(Stream input) => LambdaEntries.DynamoDbStreamAsync(RelayHost.Value, input);

    public static Task<Stream> Sweeper(Stream input) => LambdaEntries.EventBridgeAsync(SweeperHost.Value, input);

    public static Task<Stream> Inbound(Stream input) => LambdaEntries.SqsAsync(InboundHost.Value, input);

    public static Task<Stream> Api(Stream input) => LambdaEntries.HttpApiAsync(ApiHost.Value, input);
}
