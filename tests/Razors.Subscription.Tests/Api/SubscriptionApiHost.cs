using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Razors.Subscription.Aws;
using Razors.Subscription.Ports;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Subscription.Tests.Api;

/// <summary>
/// The subscription API on a real Kestrel listener (127.0.0.1, a free port) over its own
/// DynamoDB Local table, composed the way a host composes it.
/// </summary>
public sealed class SubscriptionApiHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly IAmazonDynamoDB dynamoDb;

    private SubscriptionApiHost(WebApplication app, IAmazonDynamoDB dynamoDb, string tableName, Uri address)
    {
        this.app = app;
        this.dynamoDb = dynamoDb;
        TableName = tableName;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    /// <summary>The host's services: the saga's handlers, resolved as a host wires them to its queue.</summary>
    public IServiceProvider Services => app.Services;

    public string TableName { get; }

    /// <param name="dynamo">The DynamoDB Local of the test assembly.</param>
    /// <param name="decorateStore">Wraps the real store, for tests that need a rival writer.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<SubscriptionApiHost> StartAsync(
        DynamoDbLocalFixture dynamo, Func<ISubscriptionStore, ISubscriptionStore>? decorateStore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        var table = await dynamo.CreateTableAsync(SubscriptionTopology.Table, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(dynamo.Client);
        builder.Services.AddSubscription().AddSubscriptionDynamoDb(table.Name);
        if (decorateStore is not null)
        {
            builder.Services.AddSingleton(decorateStore(new DynamoDbSubscriptionStore(dynamo.Client, table.Name)));
        }

        var app = builder.Build();
        app.MapSubscriptionApi();
        await app.StartAsync(cancellationToken);
        var address = app.Urls.Single(); // After start: the port the listener was given.
        return new SubscriptionApiHost(app, dynamo.Client, table.Name, new Uri(address));
    }

    public Task<List<Dictionary<string, AttributeValue>>> ScanAsync(CancellationToken cancellationToken) =>
        TableContents.ScanAsync(dynamoDb, TableName, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        await dynamoDb.DeleteTableAsync(TableName, CancellationToken.None);
    }
}
