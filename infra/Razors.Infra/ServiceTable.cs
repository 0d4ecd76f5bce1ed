using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Razors.Topology;

namespace Razors.Infra;

/// <summary>A service's DynamoDB table: on demand, stream, TTL and indexes (with their sort key types) as declared, point-in-time recovery, retained.</summary>
public static class ServiceTable
{
    public static Table Add(Stack stack, TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var created = new Table(stack, Names.Id(table.Name) + "Table", new TableProps
        {
            TableName = table.Name,
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = table.PartitionKey, Type = AttributeType.STRING },
            SortKey = table.SortKey is null ? null : new Amazon.CDK.AWS.DynamoDB.Attribute { Name = table.SortKey, Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            Stream = table.StreamViewType is null ? null : Enum.Parse<StreamViewType>(table.StreamViewType),
            TimeToLiveAttribute = table.TimeToLiveAttribute,
            PointInTimeRecovery = true,
            Encryption = TableEncryption.AWS_MANAGED,
            // The service's state: `cdk destroy` leaves it (delete it by hand if meant).
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        foreach (var index in table.Indexes)
        {
            created.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
            {
                IndexName = index.Name,
                PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = index.PartitionKey, Type = AttributeType.STRING },
                SortKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = index.SortKey, Type = AttributeTypeOf(index) },
                ProjectionType = ProjectionType.ALL,
            });
        }

        return created;
    }

    /// <summary>The index's sort key type as declared: a string, or a number (a score, so a query returns the highest first).</summary>
    private static AttributeType AttributeTypeOf(IndexDefinition index) => index.SortKeyType switch
    {
        "S" => AttributeType.STRING,
        "N" => AttributeType.NUMBER,
        var other => throw new InvalidOperationException($"Index {index.Name}: sort key type '{other}' is not S or N."),
    };
}
