using Microsoft.Extensions.DependencyInjection;
using Razors.Payments.Ports;

namespace Razors.Payments.Embedded;

public static class PaymentsEmbeddedServices
{
    /// <summary>
    /// Stores payments, their outbox change log and the worker's resume tokens in one embedded
    /// database: <c>payments.db</c> in <paramref name="dataDirectory"/>, or in memory when it is null.
    /// </summary>
    public static IServiceCollection AddPaymentsEmbedded(this IServiceCollection services, string? dataDirectory)
    {
        services.AddSingleton(_ => EmbeddedPaymentsDatabase.Open(dataDirectory));
        services.AddSingleton<IPaymentStore, EmbeddedPaymentStore>();
        services.AddSingleton<IOutboxChanges, EmbeddedOutboxChanges>();
        services.AddSingleton<IResumeTokenStore, EmbeddedResumeTokenStore>();
        return services;
    }
}
