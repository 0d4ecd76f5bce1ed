using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Razors.Lambda;
using Razors.ServiceDefaults;
using Razors.Payments.Mongo;

namespace Razors.Payments.Lambda;

/// <summary>What the payments service's functions run, composed from settings.</summary>
public static class PaymentsFunctionHosts
{
    /// <summary>
    /// The use cases and handlers over the DocumentDB cluster named by <c>Payments:DocumentDb:SecretArn</c>
    /// (the functions run in the cluster's VPC; the secret is read once per execution environment).
    /// </summary>
    public static IHostApplicationBuilder AddPaymentsAws(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPayments();
        return builder.AddPaymentsDocumentDb();
    }

    /// <summary>The outbox FIFO queue → the bus named by <c>Relay:EventBusName</c>, in queue order.</summary>
    public static LambdaFunctionHost Relay(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(configuration, builder => builder.AddFifoOutboxRelay(), configureServices);

    /// <summary>The inbound queue's subscription events → create or cancel the payment.</summary>
    public static LambdaFunctionHost Inbound(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(
            configuration,
            builder => builder.AddPaymentsAws().AddEventQueueFunction((function, services) => function.OnPaymentsEvents(services)),
            configureServices);

    /// <summary>The HTTP API: <c>GET /payments/{id}</c>, <c>GET /payments?subscriptionId=</c>, <c>POST /payments/{id}/cancel</c>.</summary>
    public static LambdaFunctionHost Api(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.CreateHttpApi(
            configuration, builder => builder.AddPaymentsAws().AddRazorsApiDocument(PaymentsApi.ApiName), app => app.MapPaymentsApi(), configureServices);
}
