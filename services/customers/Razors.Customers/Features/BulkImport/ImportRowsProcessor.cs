using Razors.Messaging;
using Razors.Messaging.Consumers;

namespace Razors.Customers.Features.BulkImport;

/// <summary>
/// The import-rows queue's messages, each one row (<see cref="ImportRowMessage"/>), through
/// <see cref="ImportRowHandler"/>. A body that is not a row can never succeed; any other failure is
/// retried, and one that only says the store was unreachable never dead-letters the row
/// (<c>SqsEventQueueFunction</c> settles failures the same way for every queue).
/// </summary>
public sealed class ImportRowsProcessor(ImportRowHandler rows) : IQueueBatchProcessor
{
    public async Task<BatchResult> ProcessAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var failures = new List<MessageFailure>();
        foreach (var message in messages)
        {
            var row = message.Body is null ? null : ImportRowMessage.FromJson(message.Body);
            if (row is null)
            {
                failures.Add(new MessageFailure(message, "The message is not an import row (importId, line, and fields or rejection).", Permanent: true, Unreachable: false));
                continue;
            }

            try
            {
                await rows.HandleAsync(row, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add(new MessageFailure(message, $"Import {row.ImportId} line {row.Line}: {e.GetType().Name}: {e.Message}", Permanent: false, StoreFailures.IsUnreachable(e)));
            }
        }

        return new BatchResult(failures);
    }
}
