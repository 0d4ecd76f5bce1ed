using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Razors.Aws.DynamoDb;
using Razors.LocalCloud.DynamoDb;
using Razors.Testing;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.DynamoDb;

public sealed class when_a_table_definition_is_ensured(DynamoDbLocalFixture dynamo)
{
    private static readonly TableDefinition Orders = new("orders", "tests", "pk", "sk")
    {
        StreamViewType = "NEW_AND_OLD_IMAGES",
        TimeToLiveAttribute = "expiresAt",
    };

    [Fact]
    public async Task the_table_is_active_with_its_keys_stream_and_ttl()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = await dynamo.CreateTableAsync(Orders, ct);

        var described = (await dynamo.Client.DescribeTableAsync(table.Name, ct)).Table;
        Assert.Equal(TableStatus.ACTIVE, described.TableStatus);
        Assert.Equal(["pk:HASH", "sk:RANGE"], described.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType}"));
        Assert.Equal(BillingMode.PAY_PER_REQUEST, described.BillingModeSummary?.BillingMode);
        Assert.True(described.StreamSpecification.StreamEnabled);
        Assert.Equal(StreamViewType.NEW_AND_OLD_IMAGES, described.StreamSpecification.StreamViewType);
        var ttl = await dynamo.Client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table.Name }, ct);
        Assert.Equal("expiresAt", ttl.TimeToLiveDescription.AttributeName);
        Assert.Equal(TimeToLiveStatus.ENABLED, ttl.TimeToLiveDescription.TimeToLiveStatus);
    }

    [Fact]
    public async Task ensuring_it_again_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = await dynamo.CreateTableAsync(Orders, ct);
        await dynamo.Client.PutItemAsync(table.Name, new() { ["pk"] = new("a"), ["sk"] = new("b") }, ct);

        await DynamoDbTables.EnsureTableAsync(dynamo.Client, table, ct);

        var item = await dynamo.Client.GetItemAsync(table.Name, new() { ["pk"] = new("a"), ["sk"] = new("b") }, ct);
        Assert.True(item.IsItemSet);
    }

    [Fact]
    public void a_table_without_sort_key_or_stream_has_a_hash_key_only()
    {
        var request = DynamoDbTables.ToCreateTableRequest(new TableDefinition("plain", "tests", "id", SortKey: null));

        Assert.Equal(["id:HASH"], request.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType}"));
        Assert.Null(request.StreamSpecification);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, request.BillingMode);
    }
}

public sealed class when_dynamodb_local_keeps_its_data_in_a_folder : IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("razors-ddb-").FullName;

    [Fact]
    public async Task a_restarted_instance_sees_the_tables_and_the_old_process_is_gone()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new DynamoDbLocalOptions(RepositoryRoot.ToolsDirectory(AppContext.BaseDirectory)) { DataDirectory = dataDirectory };
        var table = new TableDefinition($"kept-{Guid.NewGuid():N}", "tests", "pk", SortKey: null);

        int firstProcessId;
        await using (var first = await DynamoDbLocal.StartAsync(options, logger: null, ct))
        {
            firstProcessId = first.ProcessId;
            using var client = first.CreateClient();
            await DynamoDbTables.EnsureTableAsync(client, table, ct);
            await client.PutItemAsync(table.Name, new() { ["pk"] = new("kept") }, ct);
        }

        Assert.False(Processes.IsRunning(firstProcessId));
        await using var second = await DynamoDbLocal.StartAsync(options, logger: null, ct);
        using var secondClient = second.CreateClient();
        var item = await secondClient.GetItemAsync(table.Name, new() { ["pk"] = new("kept") }, ct);
        Assert.True(item.IsItemSet);
    }

    [Fact]
    public async Task its_access_key_is_kept_readable_by_the_owner_only_and_a_shared_database_of_an_earlier_run_is_taken_over()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new DynamoDbLocalOptions(RepositoryRoot.ToolsDirectory(AppContext.BaseDirectory)) { DataDirectory = dataDirectory };
        var table = new TableDefinition($"shared-{Guid.NewGuid():N}", "tests", "pk", SortKey: null);
        await using (var earlier = await DynamoDbLocal.StartAsync(options, logger: null, ct))
        {
            using var client = earlier.CreateClient();
            await DynamoDbTables.EnsureTableAsync(client, table, ct);
        }

        // As an earlier Razors left it: one shared database, no key yet.
        var keyFile = Path.Combine(dataDirectory, DynamoDbLocal.AccessKeyFileName);
        var key = File.ReadAllText(keyFile);
        File.Move(Path.Combine(dataDirectory, $"{key}_us-east-1.db"), Path.Combine(dataDirectory, "shared-local-instance.db"));
        File.Delete(keyFile);

        await using var later = await DynamoDbLocal.StartAsync(options, logger: null, ct);
        using var laterClient = later.CreateClient();

        Assert.Contains(table.Name, (await laterClient.ListTablesAsync(ct)).TableNames);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

}

public sealed class when_dynamodb_local_is_not_installed
{
    [Fact]
    public async Task starting_it_names_the_missing_path_and_the_install_script()
    {
        var emptyTools = Path.Combine(Path.GetTempPath(), $"razors-no-tools-{Guid.NewGuid():N}");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(
            () => DynamoDbLocal.StartAsync(new DynamoDbLocalOptions(emptyTools), logger: null, TestContext.Current.CancellationToken));

        Assert.Contains(emptyTools, error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/install-tools.sh", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// DynamoDB Local listens on every interface and checks no signature; what keeps others out of the
/// host's tables is that it files tables by the access key a request is signed with.
/// </summary>
public sealed class when_someone_else_reaches_dynamodb_local(DynamoDbLocalFixture dynamo)
{
    [Fact]
    public async Task with_made_up_credentials_they_see_none_of_its_tables_and_what_they_write_is_not_in_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = await dynamo.CreateTableAsync(new TableDefinition("guarded", "tests", "pk", SortKey: null), ct);
        using var stranger = new AmazonDynamoDBClient(
            new Amazon.Runtime.BasicAWSCredentials("AKIDEXAMPLE", "anything"),
            new AmazonDynamoDBConfig { ServiceURL = dynamo.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });

        Assert.DoesNotContain(table.Name, (await stranger.ListTablesAsync(ct)).TableNames);
        await DynamoDbTables.EnsureTableAsync(stranger, table, ct);
        await stranger.PutItemAsync(table.Name, new() { ["pk"] = new("planted") }, ct);

        var item = await dynamo.Client.GetItemAsync(table.Name, new() { ["pk"] = new("planted") }, ct);
        Assert.False(item.IsItemSet);
    }
}
