using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Razors.Customers.Aws;
using Razors.Customers.Features.BulkImport;
using Razors.Customers.Features.Register;
using Razors.Customers.Features.Replica;
using Razors.Customers.Ports;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Customers.Tests.Store;

/// <summary>The customers service composed as a host composes it, over its own two DynamoDB Local tables.</summary>
public sealed class CustomersStoreHost : IAsyncDisposable
{
    private readonly DynamoDbLocalFixture dynamo;
    private readonly ServiceProvider services;

    private CustomersStoreHost(DynamoDbLocalFixture dynamo, ServiceProvider services, string table, string regionTable)
    {
        this.dynamo = dynamo;
        this.services = services;
        Table = table;
        RegionTable = regionTable;
    }

    public string Table { get; }

    public string RegionTable { get; }

    public FakeTimeProvider Time => (FakeTimeProvider)services.GetRequiredService<TimeProvider>();

    public ICustomerStore Store => services.GetRequiredService<ICustomerStore>();

    public IRegionDirectory Regions => services.GetRequiredService<IRegionDirectory>();

    public RegisterCustomerHandler Registration => services.GetRequiredService<RegisterCustomerHandler>();

    public ImportRowHandler Rows => services.GetRequiredService<ImportRowHandler>();

    public RegionReplica Replica => services.GetRequiredService<RegionReplica>();

    public static async Task<CustomersStoreHost> StartAsync(DynamoDbLocalFixture dynamo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        var table = await dynamo.CreateTableAsync(CustomersTopology.Table, cancellationToken);
        var regions = await dynamo.CreateTableAsync(CustomersTopology.RegionTable, cancellationToken);
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) })
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton(dynamo.Client)
            .AddCustomers()
            .AddCustomersDynamoDb(table.Name)
            .AddRegionReplicaDynamoDb(regions.Name)
            .BuildServiceProvider();
        return new CustomersStoreHost(dynamo, services, table.Name, regions.Name);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await dynamo.Client.DeleteTableAsync(Table, CancellationToken.None);
        await dynamo.Client.DeleteTableAsync(RegionTable, CancellationToken.None);
    }
}
