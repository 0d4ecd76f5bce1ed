using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Razors.Customers.Aws;
using Razors.Customers.Ports;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Customers.Tests.Api;

/// <summary>
/// The customers API on a real Kestrel listener (127.0.0.1, a free port) over its own DynamoDB
/// Local tables, with uploads kept as files in a temporary folder (the upload store's port; the
/// notification that starts the parser belongs to the local cloud and S3, tested end to end).
/// </summary>
public sealed class CustomersApiHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly DynamoDbLocalFixture dynamo;
    private readonly string table;
    private readonly string regionTable;

    private CustomersApiHost(WebApplication app, DynamoDbLocalFixture dynamo, string table, string regionTable, FolderUploadStore uploads)
    {
        this.app = app;
        this.dynamo = dynamo;
        this.table = table;
        this.regionTable = regionTable;
        Uploads = uploads;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public HttpClient Client { get; }

    public FolderUploadStore Uploads { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<CustomersApiHost> StartAsync(DynamoDbLocalFixture dynamo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        var table = await dynamo.CreateTableAsync(CustomersTopology.Table, cancellationToken);
        var regions = await dynamo.CreateTableAsync(CustomersTopology.RegionTable, cancellationToken);
        var uploads = new FolderUploadStore();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(dynamo.Client);
        builder.Services.AddCustomers().AddCustomersDynamoDb(table.Name).AddRegionReplicaDynamoDb(regions.Name);
        builder.Services.AddSingleton<IUploadStore>(uploads);
        var app = builder.Build();
        app.UseStatusCodePages();
        app.MapCustomersApi();
        await app.StartAsync(cancellationToken);
        return new CustomersApiHost(app, dynamo, table.Name, regions.Name, uploads);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        Uploads.Dispose();
        await dynamo.Client.DeleteTableAsync(table, CancellationToken.None);
        await dynamo.Client.DeleteTableAsync(regionTable, CancellationToken.None);
    }
}

/// <summary>Uploads as files in a temporary folder, counting the puts.</summary>
public sealed class FolderUploadStore : IUploadStore, IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("razors-uploads-");
    private int puts;

    public int Puts => puts;

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder.FullName, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content.ToArray(), cancellationToken);
        Interlocked.Increment(ref puts);
    }

    public Task<Stream?> OpenAsync(string key, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder.FullName, key);
        return Task.FromResult<Stream?>(File.Exists(path) ? File.OpenRead(path) : null);
    }

    public void Dispose() => folder.Delete(recursive: true);
}
