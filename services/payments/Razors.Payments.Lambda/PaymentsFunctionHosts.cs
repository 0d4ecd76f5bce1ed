using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Razors.Aws;
using Razors.Lambda;
using Razors.ServiceDefaults;
using Razors.Payments.Mongo;

namespace Razors.Payments.Lambda;

/// <summary>What the payments service's functions run, composed from settings.</summary>
public static class PaymentsFunctionHosts
{
    /// <summary>The outbox FIFO queue → the bus named by <c>Relay:EventBusName</c>, in queue order.</summary>
    public static LambdaFunctionHost Relay(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(configuration, builder => builder.AddFifoOutboxRelay(), configureServices);

    /// <summary>The inbound queue's subscription events → create or cancel the payment.</summary>
    public static LambdaFunctionHost Inbound(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(
            configuration,
            builder => builder.AddPayments().AddPaymentsDocumentDb().AddEventQueueFunction((function, services) => function.OnPaymentsEvents(services)),
            configureServices);

    /// <summary>The HTTP API: <c>GET /payments/{id}</c>, <c>GET /payments?subscriptionId=</c>, <c>POST /payments/{id}/cancel</c>.</summary>
    public static LambdaFunctionHost Api(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.CreateHttpApi(
            configuration, builder => builder.AddPayments().AddPaymentsDocumentDb().AddRazorsApiDocument(PaymentsApi.ApiName), app => app.MapPaymentsApi(), configureServices);
}
