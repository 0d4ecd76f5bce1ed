using Razors.Customers.Aws;
using Razors.Customers.Features.BulkImport;
using Razors.Customers.Ports;
using Razors.Messaging.Consumers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Razors.Customers.Tests.Unit;

public sealed class when_an_upload_notification_is_read
{
    [Fact]
    public void the_created_objects_keys_are_read_url_decoded()
    {
        const string body = """
            {"Records":[
              {"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"imports/0123456789abcdef0123456789abcdef.csv","size":10}}},
              {"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:CompleteMultipartUpload","s3":{"object":{"key":"other/a+file%21.csv"}}},
              {"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectRemoved:Delete","s3":{"object":{"key":"imports/x.csv"}}}
            ]}
            """;

        Assert.True(UploadNotificationsProcessor.TryReadKeys(body, out var keys));

        Assert.Equal(["imports/0123456789abcdef0123456789abcdef.csv", "other/a file!.csv"], keys);
        Assert.Equal("0123456789abcdef0123456789abcdef", ImportFiles.ImportIdOf(keys[0]));
        Assert.Null(ImportFiles.ImportIdOf(keys[1]));
    }

    [Fact]
    public void s3s_test_event_has_no_keys_and_a_body_that_is_no_notification_is_refused()
    {
        Assert.True(UploadNotificationsProcessor.TryReadKeys("""{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-12-04T09:00:00Z","Bucket":"b"}""", out var keys));
        Assert.Empty(keys);
        Assert.False(UploadNotificationsProcessor.TryReadKeys("not json", out _));
        Assert.False(UploadNotificationsProcessor.TryReadKeys("""{"Records":{}}""", out _));
        Assert.False(UploadNotificationsProcessor.TryReadKeys("[]", out _));
    }

    [Fact]
    public async Task a_message_that_is_no_notification_fails_for_good_and_a_gone_file_is_nothing_to_retry()
    {
        var processor = new UploadNotificationsProcessor(new ImportParser(new NoFiles(), new NoRows(), NullLogger<ImportParser>.Instance));

        var result = await processor.ProcessAsync(
            [
                new QueueMessage("m1", "garbage", 1),
                new QueueMessage("m2", """{"Records":[{"eventName":"ObjectCreated:Put","s3":{"object":{"key":"imports/0123456789abcdef0123456789abcdef.csv"}}}]}""", 1),
            ],
            TestContext.Current.CancellationToken);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(("m1", true), (failure.Message.MessageId, failure.Permanent));
    }

    private sealed class NoFiles : IUploadStore
    {
        public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Stream?> OpenAsync(string key, CancellationToken cancellationToken) => Task.FromResult<Stream?>(null);
    }

    private sealed class NoRows : IImportRowQueue
    {
        public Task SendAsync(IReadOnlyList<ImportRowMessage> rows, CancellationToken cancellationToken) => throw new InvalidOperationException("No row is sent for a file that is gone.");
    }
}
