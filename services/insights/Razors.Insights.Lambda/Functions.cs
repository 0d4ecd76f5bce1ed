using Razors.Lambda;

namespace Razors.Insights.Lambda;

/// <summary>The insights service's Lambda entry points (handler strings in <c>InsightsTopology</c>).</summary>
public static class Functions
{
    private static readonly Lazy<LambdaFunctionHost> InboundHost = LambdaFunctionHost.FromEnvironment(c => InsightsFunctionHosts.Inbound(c));
    private static readonly Lazy<LambdaFunctionHost> ApiHost = LambdaFunctionHost.FromEnvironment(c => InsightsFunctionHosts.Api(c));

    public static Task<Stream> Inbound(Stream input) => LambdaEntries.SqsAsync(InboundHost.Value, input);

    public static Task<Stream> Api(Stream input) => LambdaEntries.HttpApiAsync(ApiHost.Value, input);
}
