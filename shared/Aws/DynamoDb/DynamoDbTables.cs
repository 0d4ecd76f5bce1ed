using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Razors.Topology;

namespace Razors.Aws.DynamoDb;

/// <summary>Creates the tables the topology declares (locally; in the cloud CDK owns them).</summary>
public static class DynamoDbTables
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>On-demand, string keys (an index's sort key as declared), and a stream when the definition names a view type.</summary>
    public static CreateTableRequest ToCreateTableRequest(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var request = new CreateTableRequest
        {
            TableName = table.Name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition(table.PartitionKey, ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement(table.PartitionKey, KeyType.HASH)],
        };
        if (table.SortKey is not null)
        {
            request.AttributeDefinitions.Add(new AttributeDefinition(table.SortKey, ScalarAttributeType.S));
            request.KeySchema.Add(new KeySchemaElement(table.SortKey, KeyType.RANGE));
        }

        if (table.Indexes.Count > 0)
        {
            table.Indexes.ToList().ForEach(index => AddKeyAttributes(request.AttributeDefinitions, index));
            request.GlobalSecondaryIndexes = [.. table.Indexes.Select(ToIndex)];
        }

        if (table.StreamViewType is not null)
        {
            request.StreamSpecification = new StreamSpecification
            {
                StreamEnabled = true,
                StreamViewType = StreamViewType.FindValue(table.StreamViewType),
            };
        }

        return request;
    }

    /// <summary>Creates the table unless it exists, waits until it is ACTIVE and turns TTL on if declared.</summary>
    public static async Task EnsureTableAsync(IAmazonDynamoDB dynamoDb, TableDefinition table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            await dynamoDb.CreateTableAsync(ToCreateTableRequest(table), cancellationToken);
        }
        catch (ResourceInUseException)
        {
            // Already there (or being created by another caller): only wait for it.
        }

        await WaitUntilActiveAsync(dynamoDb, table.Name, cancellationToken);
        await AddMissingIndexesAsync(dynamoDb, table, cancellationToken);

        if (table.TimeToLiveAttribute is not null)
        {
            await EnableTimeToLiveAsync(dynamoDb, table, cancellationToken);
        }
    }

    /// <summary>
    /// Adds the declared indexes a table made by an earlier version lacks (a data folder kept
    /// across upgrades), one at a time as DynamoDB requires, waiting for each to be ACTIVE.
    /// </summary>
    private static async Task AddMissingIndexesAsync(IAmazonDynamoDB dynamoDb, TableDefinition table, CancellationToken cancellationToken)
    {
        var existing = (await dynamoDb.DescribeTableAsync(table.Name, cancellationToken)).Table.GlobalSecondaryIndexes?
            .Select(i => i.IndexName).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var index in table.Indexes.Where(i => !existing.Contains(i.Name)))
        {
            var attributes = new List<AttributeDefinition>();
            AddKeyAttributes(attributes, index);
            var create = ToIndex(index);
            await dynamoDb.UpdateTableAsync(new UpdateTableRequest
            {
                TableName = table.Name,
                AttributeDefinitions = attributes,
                GlobalSecondaryIndexUpdates =
                [
                    new GlobalSecondaryIndexUpdate
                    {
                        Create = new CreateGlobalSecondaryIndexAction { IndexName = create.IndexName, KeySchema = create.KeySchema, Projection = create.Projection },
                    },
                ],
            }, cancellationToken);
            await WaitUntilActiveAsync(dynamoDb, table.Name, cancellationToken);
        }
    }

    private static async Task WaitUntilActiveAsync(IAmazonDynamoDB dynamoDb, string tableName, CancellationToken cancellationToken)
    {
        while ((await dynamoDb.DescribeTableAsync(tableName, cancellationToken)).Table is var described
               && (described.TableStatus != TableStatus.ACTIVE
                   || described.GlobalSecondaryIndexes?.Any(i => i.IndexStatus != IndexStatus.ACTIVE) == true))
        {
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static GlobalSecondaryIndex ToIndex(IndexDefinition index) => new()
    {
        IndexName = index.Name,
        KeySchema = [new KeySchemaElement(index.PartitionKey, KeyType.HASH), new KeySchemaElement(index.SortKey, KeyType.RANGE)],
        Projection = new Projection { ProjectionType = ProjectionType.ALL },
    };

    /// <summary>The index's partition key is a string; its sort key is <see cref="IndexDefinition.SortKeyType"/> (a number for a score).</summary>
    private static void AddKeyAttributes(List<AttributeDefinition> attributes, IndexDefinition index)
    {
        foreach (var (name, type) in new[] { (index.PartitionKey, ScalarAttributeType.S), (index.SortKey, ScalarAttributeType.FindValue(index.SortKeyType)) })
        {
            if (!attributes.Exists(a => a.AttributeName == name))
            {
                attributes.Add(new AttributeDefinition(name, type));
            }
        }
    }

    private static async Task EnableTimeToLiveAsync(IAmazonDynamoDB dynamoDb, TableDefinition table, CancellationToken cancellationToken)
    {
        var current = await dynamoDb.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table.Name }, cancellationToken);
        var status = current.TimeToLiveDescription?.TimeToLiveStatus;
        if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING)
        {
            // UpdateTimeToLive on an enabled table is a ValidationException, so look first.
            return;
        }

        await dynamoDb.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = table.Name,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = table.TimeToLiveAttribute, Enabled = true },
        }, cancellationToken);
    }
}
