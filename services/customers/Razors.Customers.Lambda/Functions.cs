using Razors.Lambda;

namespace Razors.Customers.Lambda;

/// <summary>The customers service's Lambda entry points (handler strings in <c>CustomersTopology</c>).</summary>
public static class Functions
{
    private static readonly Lazy<LambdaFunctionHost> RelayHost = LambdaFunctionHost.FromEnvironment(c => CustomersFunctionHosts.Relay(c));
    private static readonly Lazy<LambdaFunctionHost> SweeperHost = LambdaFunctionHost.FromEnvironment(c => CustomersFunctionHosts.Sweeper(c));
    private static readonly Lazy<LambdaFunctionHost> ReplicaHost = LambdaFunctionHost.FromEnvironment(c => CustomersFunctionHosts.Replica(c));
    private static readonly Lazy<LambdaFunctionHost> ImportParserHost = LambdaFunctionHost.FromEnvironment(c => CustomersFunctionHosts.ImportParser(c));
    private static readonly Lazy<LambdaFunctionHost> ImportInserterHost = LambdaFunctionHost.FromEnvironment(c => CustomersFunctionHosts.ImportInserter(c));
    private static readonly Lazy<LambdaFunctionHost> ApiHost = LambdaFunctionHost.FromEnvironment(c => CustomersFunctionHosts.Api(c));

    public static Task<Stream> Relay(Stream input) => LambdaEntries.DynamoDbStreamAsync(RelayHost.Value, input);

    public static Task<Stream> Sweeper(Stream input) => LambdaEntries.EventBridgeAsync(SweeperHost.Value, input);

    public static Task<Stream> Replica(Stream input) => LambdaEntries.DynamoDbStreamAsync(ReplicaHost.Value, input);

    public static Task<Stream> ImportParser(Stream input) => LambdaEntries.SqsAsync(ImportParserHost.Value, input);

    public static Task<Stream> ImportInserter(Stream input) => LambdaEntries.SqsAsync(ImportInserterHost.Value, input);

    public static Task<Stream> Api(Stream input) => LambdaEntries.HttpApiAsync(ApiHost.Value, input);
}
