using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Razors.Lambda;

namespace Razors.Payments.Lambda;

/// <summary>What the payments service's functions run, composed from settings.</summary>
public static class PaymentsFunctionHosts
{
    /// <summary>The outbox FIFO queue → the bus named by <c>Relay:EventBusName</c>, in queue order.</summary>
    public static LambdaFunctionHost Relay(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(configuration, builder => builder.AddFifoOutboxRelay(), configureServices);
}
