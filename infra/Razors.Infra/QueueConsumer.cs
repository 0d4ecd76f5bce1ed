using Amazon.CDK;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.SQS;
using Razors.Topology;
using Function = Amazon.CDK.AWS.Lambda.Function;

namespace Razors.Infra;

/// <summary>
/// A function fed by an SQS queue, with partial batch responses as declared. With reserved
/// concurrency, the mapping's maximum concurrency is the same: the pollers then never invoke
/// beyond it, so no message is received, throttled and counted toward the queue's
/// <c>maxReceiveCount</c> (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html).
/// </summary>
public static class QueueConsumer
{
    public static Function Add(Stack stack, FunctionDefinition definition, QueueMappingDefinition mapping, Queue queue, LambdaAssets assets, FunctionAccess access, int? reservedConcurrency = null)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var function = ServiceFunction.Add(stack, definition, assets, access, reservedConcurrency);
        function.AddEventSource(new SqsEventSource(queue, new SqsEventSourceProps
        {
            BatchSize = mapping.BatchSize,
            ReportBatchItemFailures = mapping.ReportBatchItemFailures,
            MaxConcurrency = reservedConcurrency,
        }));
        return function;
    }
}
