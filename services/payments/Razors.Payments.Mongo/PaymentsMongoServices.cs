using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;
using Razors.Payments.Ports;

namespace Razors.Payments.Mongo;

public static class PaymentsMongoServices
{
    /// <summary>
    /// Stores payments, their outbox change stream and pending set, and the worker's resume tokens in
    /// <paramref name="database"/> on the MongoDB replica set or DocumentDB cluster at
    /// <paramref name="connectionString"/> (for DocumentDB with <c>tls=true&amp;retryWrites=false</c>;
    /// see <see cref="MongoPaymentsDatabase"/>).
    /// </summary>
    public static IHostApplicationBuilder AddPaymentsMongo(this IHostApplicationBuilder builder, string connectionString, string database)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPaymentsMongo(connectionString, database);
        return builder;
    }

    /// <inheritdoc cref="AddPaymentsMongo(IHostApplicationBuilder, string, string)"/>
    public static IServiceCollection AddPaymentsMongo(this IServiceCollection services, string connectionString, string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        return services.AddPaymentsStore(_ => new MongoPaymentsDatabase(new MongoClient(connectionString), database));
    }

    internal static IServiceCollection AddPaymentsStore(this IServiceCollection services, Func<IServiceProvider, MongoPaymentsDatabase> database)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(database);
        services.AddSingleton<IPaymentStore, MongoPaymentStore>();
        services.AddSingleton<IOutboxChanges, MongoOutboxChanges>();
        services.AddSingleton<IPendingOutbox, MongoPendingOutbox>();
        services.AddSingleton<IResumeTokenStore, MongoResumeTokenStore>();
        return services;
    }
}
