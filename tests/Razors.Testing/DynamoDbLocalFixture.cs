using Amazon.DynamoDBv2;
using Razors.Aws.DynamoDBStreams;
using Razors.Aws.DynamoDb;
using Razors.LocalCloud.DynamoDb;
using Razors.Topology;
using Xunit;

namespace Razors.Testing;

/// <summary>
/// One in-memory DynamoDB Local per test assembly. Register it with
/// <c>[assembly: AssemblyFixture(typeof(DynamoDbLocalFixture))]</c> and take it in a test's
/// constructor. Tests create their own uniquely named tables, so they never see each other's data.
/// </summary>
/// <remarks>
/// No silent skip: when Java or the jar is missing, every test that uses the fixture fails with
/// the message saying what to install.
/// </remarks>
public sealed class DynamoDbLocalFixture : IAsyncLifetime
{
    private DynamoDbLocal? instance;
    private IAmazonDynamoDB? client;
    private AmazonDynamoDBStreamsClient? streamsClient;

    public IAmazonDynamoDB Client => client ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IAmazonDynamoDBStreams StreamsClient => streamsClient ?? throw new InvalidOperationException("The fixture is not initialized.");

    public Uri ServiceUrl => instance?.ServiceUrl ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async ValueTask InitializeAsync()
    {
        var options = new DynamoDbLocalOptions(RepositoryRoot.ToolsDirectory(AppContext.BaseDirectory));
        instance = await DynamoDbLocal.StartAsync(options, logger: null, TestContext.Current.CancellationToken);
        client = instance.CreateClient();
        streamsClient = instance.CreateStreamsClient();
    }

    /// <summary>Creates (and waits for) a table shaped like <paramref name="definition"/> under a unique name, which the result carries.</summary>
    public async Task<TableDefinition> CreateTableAsync(TableDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var table = definition with { Name = $"{definition.Name}-{Guid.NewGuid():N}" };
        await DynamoDbTables.EnsureTableAsync(Client, table, cancellationToken);
        return table;
    }

    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        streamsClient?.Dispose();
        if (instance is not null)
        {
            await instance.DisposeAsync();
        }
    }
}
