using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Razors.Payments.Ports;

namespace Razors.Payments.Sqlite;

public static class PaymentsSqliteServices
{
    /// <summary>
    /// Stores payments, their outbox change log and pending set, and the worker's resume tokens in one embedded
    /// database: <c>payments.db</c> in <paramref name="dataDirectory"/>, or in memory when it is null.
    /// </summary>
    public static IHostApplicationBuilder AddPaymentsSqlite(this IHostApplicationBuilder builder, string? dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPaymentsSqlite(dataDirectory);
        return builder;
    }

    /// <inheritdoc cref="AddPaymentsSqlite(IHostApplicationBuilder, string?)"/>
    public static IServiceCollection AddPaymentsSqlite(this IServiceCollection services, string? dataDirectory)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => SqlitePaymentsDatabase.Open(dataDirectory));
        services.AddSingleton<IPaymentStore, SqlitePaymentStore>();
        services.AddSingleton<IOutboxChanges, SqliteOutboxChanges>();
        services.AddSingleton<IPendingOutbox, SqlitePendingOutbox>();
        services.AddSingleton<IResumeTokenStore, SqliteResumeTokenStore>();
        return services;
    }
}
