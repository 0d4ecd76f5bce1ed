using Razors.Lambda;

namespace Razors.Payments.Lambda;

/// <summary>The payments service's Lambda entry points (handler strings in <c>PaymentsTopology</c>).</summary>
public static class Functions
{
    private static readonly Lazy<LambdaFunctionHost> RelayHost = LambdaFunctionHost.FromEnvironment(c => PaymentsFunctionHosts.Relay(c));
    private static readonly Lazy<LambdaFunctionHost> InboundHost = LambdaFunctionHost.FromEnvironment(c => PaymentsFunctionHosts.Inbound(c));
    private static readonly Lazy<LambdaFunctionHost> ApiHost = LambdaFunctionHost.FromEnvironment(c => PaymentsFunctionHosts.Api(c));

    public static Task<Stream> Relay(Stream input) => LambdaEntries.SqsAsync(RelayHost.Value, input);

    public static Task<Stream> Inbound(Stream input) => LambdaEntries.SqsAsync(InboundHost.Value, input);

    public static Task<Stream> Api(Stream input) => LambdaEntries.HttpApiAsync(ApiHost.Value, input);
}
