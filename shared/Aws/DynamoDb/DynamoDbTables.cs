using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Razors.Topology;

namespace Razors.Aws.DynamoDb;

/// <summary>Creates the tables the topology declares (locally; in the cloud CDK owns them).</summary>
public static class DynamoDbTables
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>On-demand, string keys, and a stream when the definition names a view type.</summary>
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

        while ((await dynamoDb.DescribeTableAsync(table.Name, cancellationToken)).Table.TableStatus != TableStatus.ACTIVE)
        {
            await Task.Delay(PollInterval, cancellationToken);
        }

        if (table.TimeToLiveAttribute is not null)
        {
            await EnableTimeToLiveAsync(dynamoDb, table, cancellationToken);
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
