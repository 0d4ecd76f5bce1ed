using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KinesisFirehose;
using Amazon.CDK.AWS.Logs;
using Constructs;
using Razors.Topology;

namespace Razors.Infra;

/// <summary>
/// A bus's way into the event lake: a Firehose delivery stream (direct put, encrypted at rest)
/// writing gzipped objects into the lake's bucket, named, not imported, under the bus's prefix
/// (<see cref="LakeLayout"/>), one event per line, delivery errors to CloudWatch Logs; its role may
/// write only under the bus's own prefixes; an alarm when records wait too long for S3.
/// </summary>
public static class LakeDelivery
{
    /// <summary>
    /// Seconds beyond the buffer interval the oldest record may wait before the alarm fires. A
    /// healthy stream writes within its buffer interval; one that cannot write (no bucket yet, a
    /// policy that refuses it) retries for up to 24 hours and then drops the data
    /// (https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html#retry).
    /// </summary>
    public const int FreshnessAlarmMarginSeconds = 900;

    public static CfnDeliveryStream Add(Stack stack, DeliveryStreamDefinition definition, LakeDefinition lake, InfraSettings settings, AlarmTopic alarms, IConstruct? sameStackBucket)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(alarms);
        var id = Names.Id(definition.Name);
        var bucketArn = LakeBucket.Arn(lake, settings);

        var logGroup = new LogGroup(stack, id + "Logs", new LogGroupProps
        {
            LogGroupName = $"/aws/kinesisfirehose/{definition.Name}",
            Retention = RetentionDays.ONE_MONTH,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var logStream = new LogStream(stack, id + "DeliveryLog", new LogStreamProps
        {
            LogGroup = logGroup,
            LogStreamName = "DestinationDelivery",
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        var role = new Role(stack, id + "Role", new RoleProps
        {
            // Named: the lake's bucket policy, possibly in another account, admits it by this name.
            RoleName = Names.DeliveryRoleName(definition, Aws.REGION),
            Description = $"Firehose writes {definition.Bus}'s events into the event lake.",
            AssumedBy = new ServicePrincipal("firehose.amazonaws.com", new ServicePrincipalOpts
            {
                // Only Firehose acting for this account (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html).
                Conditions = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object> { ["sts:ExternalId"] = Aws.ACCOUNT_ID },
                },
            }),
        });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = [.. LakeBucket.ObjectActions],
            Resources = [.. LakeBucket.ObjectPrefixes(definition).Select(p => $"{bucketArn}/{p}*")],
        }));
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = [.. LakeBucket.BucketActions],
            Resources = [bucketArn],
        }));
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["logs:PutLogEvents"],
            Resources = [stack.FormatArn(new ArnComponents
            {
                Service = "logs",
                Resource = "log-group",
                ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
                ResourceName = $"{logGroup.LogGroupName}:log-stream:{logStream.LogStreamName}",
            })],
        }));

        var stream = new CfnDeliveryStream(stack, id + "DeliveryStream", new CfnDeliveryStreamProps
        {
            DeliveryStreamName = definition.Name,
            DeliveryStreamType = "DirectPut",
            DeliveryStreamEncryptionConfigurationInput = new CfnDeliveryStream.DeliveryStreamEncryptionConfigurationInputProperty { KeyType = "AWS_OWNED_CMK" },
            ExtendedS3DestinationConfiguration = new CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty
            {
                BucketArn = bucketArn,
                RoleArn = role.RoleArn,
                Prefix = LakeLayout.Prefix(definition.Bus),
                ErrorOutputPrefix = LakeLayout.ErrorPrefix(definition.Bus),
                BufferingHints = new CfnDeliveryStream.BufferingHintsProperty
                {
                    IntervalInSeconds = definition.BufferIntervalSeconds,
                    SizeInMBs = definition.BufferSizeMiB,
                },
                CompressionFormat = "GZIP",
                CloudWatchLoggingOptions = new CfnDeliveryStream.CloudWatchLoggingOptionsProperty
                {
                    Enabled = true,
                    LogGroupName = logGroup.LogGroupName,
                    LogStreamName = logStream.LogStreamName,
                },
                // EventBridge puts each event as one record without a delimiter, and Firehose
                // concatenates records: this processor ends every record with a newline, so an object
                // is JSON lines. It needs no dynamic partitioning and no Lambda
                // (https://docs.aws.amazon.com/firehose/latest/APIReference/API_Processor.html).
                ProcessingConfiguration = new CfnDeliveryStream.ProcessingConfigurationProperty
                {
                    Enabled = true,
                    Processors = new object[] { new CfnDeliveryStream.ProcessorProperty { Type = "AppendDelimiterToRecord" } },
                },
            },
        });
        // Firehose checks at creation that it can assume the role and use it: the role's policy must exist first.
        stream.Node.AddDependency(role);
        if (sameStackBucket is not null)
        {
            stream.Node.AddDependency(sameStackBucket);
        }

        var threshold = definition.BufferIntervalSeconds + FreshnessAlarmMarginSeconds;
        _ = alarms.Add(stack, id + "Freshness", new AlarmProps
        {
            AlarmName = $"{definition.Name}-data-freshness",
            AlarmDescription = $"Events have waited more than {threshold} s in {definition.Name} for S3: does the lake bucket exist and admit its role? See /aws/kinesisfirehose/{definition.Name}.",
            Metric = new Metric(new MetricProps
            {
                Namespace = "AWS/Firehose",
                MetricName = "DeliveryToS3.DataFreshness",
                DimensionsMap = new Dictionary<string, string> { ["DeliveryStreamName"] = definition.Name },
                Period = Duration.Minutes(5),
                Statistic = "Maximum",
            }),
            Threshold = threshold,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            EvaluationPeriods = 1,
            // No records, no metric: a quiet bus is not an alarm.
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        return stream;
    }
}
