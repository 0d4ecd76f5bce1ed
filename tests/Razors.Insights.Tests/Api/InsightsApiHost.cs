using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Razors.Insights.Aws;
using Razors.ServiceDefaults;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Insights.Tests.Api;

/// <summary>
/// The insights API on a real Kestrel listener (127.0.0.1, a free port) over its own DynamoDB
/// Local table, composed the way a host composes it, with its OpenAPI document.
/// </summary>
public sealed class InsightsApiHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly DynamoDbLocalFixture dynamo;

    private InsightsApiHost(WebApplication app, DynamoDbLocalFixture dynamo, string tableName)
    {
        this.app = app;
        this.dynamo = dynamo;
        TableName = tableName;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public HttpClient Client { get; }

    public string TableName { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<InsightsApiHost> StartAsync(DynamoDbLocalFixture dynamo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        var table = await dynamo.CreateTableAsync(InsightsTopology.Table, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(dynamo.Client);
        builder.AddInsights().AddInsightsDynamoDb(table.Name).AddRazorsApiDocument(InsightsApi.ApiName);
        var app = builder.Build();
        app.UseStatusCodePages();
        app.MapInsightsApi();
        app.MapOpenApi("/openapi/{documentName}.json");
        await app.StartAsync(cancellationToken);
        return new InsightsApiHost(app, dynamo, table.Name);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        await dynamo.Client.DeleteTableAsync(TableName, CancellationToken.None);
    }
}
