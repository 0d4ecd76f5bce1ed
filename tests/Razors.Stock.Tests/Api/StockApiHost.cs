using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Razors.Stock.Aws;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Stock.Tests.Api;

/// <summary>
/// The stock API on a real Kestrel listener (127.0.0.1, a free port) over its own DynamoDB Local
/// table with the seeded catalogue, composed the way a host composes it.
/// </summary>
public sealed class StockApiHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly DynamoDbLocalFixture dynamo;

    private StockApiHost(WebApplication app, DynamoDbLocalFixture dynamo, string tableName, Uri address)
    {
        this.app = app;
        this.dynamo = dynamo;
        TableName = tableName;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    public string TableName { get; }

    public IServiceProvider Services => app.Services;

    /// <param name="dynamo">DynamoDB Local.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="configure">Runs after the service is composed: a registration made here replaces the service's own.</param>
    public static async Task<StockApiHost> StartAsync(
        DynamoDbLocalFixture dynamo, CancellationToken cancellationToken, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        var table = await dynamo.CreateTableAsync(StockTopology.Table, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(dynamo.Client);
        builder.Services.AddStock().AddStockDynamoDb(table.Name);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapStockApi();
        await app.Services.SeedStockCatalogueAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        var address = app.Urls.Single(); // After start: the port the listener was given.
        return new StockApiHost(app, dynamo, table.Name, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        await dynamo.Client.DeleteTableAsync(TableName, CancellationToken.None);
    }
}
