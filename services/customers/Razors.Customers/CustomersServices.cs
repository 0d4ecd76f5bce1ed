using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Razors.Customers.Features.BulkImport;
using Razors.Customers.Features.Register;
using Razors.Customers.Features.Replica;
using Razors.Messaging;

namespace Razors.Customers;

public static class CustomersServices
{
    /// <summary>The service's own parts on the host: see <see cref="AddCustomers(IServiceCollection)"/>; add a store adapter next (<c>AddCustomersDynamoDb</c>).</summary>
    public static IHostApplicationBuilder AddCustomers(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCustomers();
        return builder;
    }

    /// <summary>
    /// The use cases and what they need, except the stores, the upload store and the rows queue:
    /// add adapters such as <c>AddCustomersDynamoDb</c>. A host that registers its own
    /// <see cref="TimeProvider"/> or <see cref="IIdGenerator"/> first keeps it.
    /// </summary>
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIdGenerator, Version7IdGenerator>();
        services.AddProblemDetails();
        services.AddSingleton<RegisterCustomerHandler>();
        services.AddSingleton<ImportRowHandler>();
        services.AddSingleton<ImportParser>();
        services.AddSingleton<RegionReplica>();
        return services;
    }
}
