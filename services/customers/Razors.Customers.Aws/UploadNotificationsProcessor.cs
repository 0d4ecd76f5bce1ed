using System.Text.Json;
using Razors.Customers.Features.BulkImport;
using Razors.Customers.Ports;
using Razors.Messaging;
using Razors.Messaging.Consumers;

namespace Razors.Customers.Aws;

/// <summary>
/// The uploads queue's messages: S3 event notifications (<c>{"Records":[{"eventName":"ObjectCreated:Put","s3":{"object":{"key":…}}}]}</c>,
/// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html),
/// each new import file handed to <see cref="ImportParser"/>. S3's <c>s3:TestEvent</c> and keys that
/// are not import files are ignored; a body that is not a notification, or a file that is not one
/// the API accepted, can never succeed.
/// </summary>
public sealed class UploadNotificationsProcessor(ImportParser parser) : IQueueBatchProcessor
{
    public async Task<BatchResult> ProcessAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var failures = new List<MessageFailure>();
        foreach (var message in messages)
        {
            if (!TryReadKeys(message.Body, out var keys))
            {
                failures.Add(new MessageFailure(message, "The message is not an S3 event notification.", Permanent: true, Unreachable: false));
                continue;
            }

            try
            {
                foreach (var importId in keys.Select(ImportFiles.ImportIdOf).OfType<string>())
                {
                    await parser.SendRowsAsync(importId, cancellationToken);
                }
            }
            catch (CsvFileException e)
            {
                failures.Add(new MessageFailure(message, $"The uploaded file is not one an import accepts: {e.Title} {e.Message}", Permanent: true, Unreachable: false));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add(new MessageFailure(message, $"{e.GetType().Name}: {e.Message}", Permanent: false, StoreFailures.IsUnreachable(e)));
            }
        }

        return new BatchResult(failures);
    }

    /// <summary>The object keys of the notification's created objects (URL-decoded, as S3 encodes them); a test event has none.</summary>
    internal static bool TryReadKeys(string? body, out IReadOnlyList<string> keys)
    {
        keys = [];
        if (body is null)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (root.TryGetProperty("Event", out var test) && test.ValueKind == JsonValueKind.String && test.GetString() == "s3:TestEvent")
            {
                return true;
            }

            if (!root.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            var found = new List<string>();
            foreach (var record in records.EnumerateArray())
            {
                var created = record.TryGetProperty("eventName", out var name) && name.GetString() is { } eventName
                    && eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal);
                if (created && record.TryGetProperty("s3", out var s3) && s3.TryGetProperty("object", out var obj)
                    && obj.TryGetProperty("key", out var key) && key.GetString() is { } encoded)
                {
                    // S3 URL-encodes keys in notifications, spaces as '+'.
                    found.Add(Uri.UnescapeDataString(encoded.Replace('+', ' ')));
                }
            }

            keys = found;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
