using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.SQS;
using Razors.Topology;
using Function = Amazon.CDK.AWS.Lambda.Function;

namespace Razors.Infra;

/// <summary>
/// A function fed by a DynamoDB stream: the event-source mapping with the topology's filter,
/// bisection, bounded retries and record age, and failed batches to an on-failure queue.
/// </summary>
public static class StreamRelay
{
    public static Function Add(Stack stack, FunctionDefinition definition, StreamMappingDefinition mapping, Table table, Queue onFailure, LambdaAssets assets, FunctionAccess access, int? reservedConcurrency = null)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(onFailure);
        if (onFailure.Fifo)
        {
            // Lambda refuses a FIFO on-failure destination for stream mappings; CDK does not check.
            throw new InvalidOperationException($"The stream mapping of {mapping.Function} sends failures to the FIFO queue {mapping.OnFailureQueue}; it must be a standard queue.");
        }

        var function = ServiceFunction.Add(stack, definition, assets, access, reservedConcurrency);
        function.AddEventSource(new DynamoEventSource(table, new DynamoEventSourceProps
        {
            StartingPosition = Enum.Parse<StartingPosition>(mapping.StartingPosition),
            BatchSize = mapping.BatchSize,
            BisectBatchOnError = mapping.BisectBatchOnFunctionError,
            RetryAttempts = mapping.MaximumRetryAttempts < 0 ? null : mapping.MaximumRetryAttempts,
            MaxRecordAge = mapping.MaximumRecordAgeInSeconds < 0 ? null : Duration.Seconds(mapping.MaximumRecordAgeInSeconds),
            ReportBatchItemFailures = mapping.ReportBatchItemFailures,
            OnFailure = new SqsDlq(onFailure),
            Filters = mapping.FilterPattern is null ? null : [new Dictionary<string, object> { ["pattern"] = mapping.FilterPattern }],
        }));

        // −1 (infinite) stated in the template, not left to a default: the relay retries a transient
        // failure until it succeeds. CDK 2.160 accepts only 0–10000 for RetryAttempts, so the
        // values are written over the generated mapping (AWS::Lambda::EventSourceMapping allows −1 for both).
        foreach (var cfn in function.Node.FindAll().OfType<CfnEventSourceMapping>())
        {
            if (mapping.MaximumRetryAttempts < 0)
            {
                cfn.AddPropertyOverride("MaximumRetryAttempts", -1);
            }

            if (mapping.MaximumRecordAgeInSeconds < 0)
            {
                cfn.AddPropertyOverride("MaximumRecordAgeInSeconds", -1);
            }
        }

        return function;
    }
}
