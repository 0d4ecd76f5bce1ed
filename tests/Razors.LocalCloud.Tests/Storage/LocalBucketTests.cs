using System.Text;
using System.Text.Json;
using Razors.LocalCloud.Storage;
using Razors.LocalCloud.Tests.Queues;
using Razors.Topology;

namespace Razors.LocalCloud.Tests.Storage;

/// <summary>
/// The local bucket against what S3 documents: an object is visible whole once the put returns,
/// each new object is announced with the ObjectCreated:Put notification's shape
/// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html),
/// and a lifecycle expiration rule makes objects older than its days disappear.
/// </summary>
public sealed class when_objects_are_put_in_a_local_bucket : IDisposable
{
    private static readonly BucketDefinition Definition = new("razors-test-uploads", "tests", "razors-test-uploads-notifications") { ExpirationDays = 1 };
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("razors-bucket-");
    private readonly QueueBed bed = new QueueBed().With(QueueBed.Standard(Definition.NotificationQueue));

    public void Dispose()
    {
        bed.Dispose();
        folder.Delete(recursive: true);
    }

    private LocalBucket Bucket() => new(Definition, folder.FullName, bed.Queues, bed.Time, "local");

    [Fact]
    public void a_put_object_is_read_back_whole_and_announced_as_s3_announces_it()
    {
        var bucket = Bucket();

        bucket.Put("imports/abc.csv", "name,email\n"u8);

        using (var read = bucket.Open("imports/abc.csv")!)
        {
            Assert.Equal("name,email\n", new StreamReader(read).ReadToEnd());
        }

        var message = Assert.Single(bed.Queues.ReceiveMessages(Definition.NotificationQueue, 10));
        using var body = JsonDocument.Parse(message.Body);
        var record = Assert.Single(body.RootElement.GetProperty("Records").EnumerateArray());
        Assert.Equal("aws:s3", record.GetProperty("eventSource").GetString());
        Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
        Assert.Equal("2.1", record.GetProperty("eventVersion").GetString());
        var s3 = record.GetProperty("s3");
        Assert.Equal(Definition.Name, s3.GetProperty("bucket").GetProperty("name").GetString());
        Assert.Equal($"arn:aws:s3:::{Definition.Name}", s3.GetProperty("bucket").GetProperty("arn").GetString());
        Assert.Equal("imports/abc.csv", s3.GetProperty("object").GetProperty("key").GetString());
        Assert.Equal(11, s3.GetProperty("object").GetProperty("size").GetInt32());
        Assert.Empty(Directory.EnumerateFiles(folder.FullName, "*.uploading", SearchOption.AllDirectories));
    }

    [Fact]
    public void a_put_replaces_the_object_and_announces_it_again()
    {
        var bucket = Bucket();

        bucket.Put("a.csv", "one"u8);
        bucket.Put("a.csv", "two"u8);

        using var read = bucket.Open("a.csv")!;
        Assert.Equal("two", new StreamReader(read).ReadToEnd());
        Assert.Equal(2, bed.Queues.ReceiveMessages(Definition.NotificationQueue, 10).Count);
    }

    [Fact]
    public void an_object_past_the_lifecycle_rule_is_gone_and_expire_deletes_it()
    {
        var bucket = Bucket();
        bucket.Put("old.csv", "x"u8);
        bucket.Put("new.csv", "y"u8);
        File.SetLastWriteTimeUtc(Path.Combine(folder.FullName, "old.csv"), bed.Time.GetUtcNow().UtcDateTime.AddDays(-1).AddMinutes(-1));
        File.SetLastWriteTimeUtc(Path.Combine(folder.FullName, "new.csv"), bed.Time.GetUtcNow().UtcDateTime.AddHours(-23));

        Assert.Null(bucket.Open("old.csv"));
        Assert.NotNull(bucket.Open("new.csv"));
        Assert.Equal(1, bucket.Expire());
        Assert.False(File.Exists(Path.Combine(folder.FullName, "old.csv")));
    }

    [Fact]
    public void a_missing_object_is_null()
    {
        Assert.Null(Bucket().Open("imports/none.csv"));
    }

    [Theory]
    [InlineData("../outside.csv")]
    [InlineData("imports/../../outside.csv")]
    [InlineData("/etc/passwd")]
    [InlineData("imports//a.csv")]
    [InlineData("imports/a b.csv")]
    [InlineData("")]
    public void a_key_that_could_reach_outside_the_bucket_is_refused(string key)
    {
        var e = Assert.Throws<ArgumentException>(() => Bucket().Put(key, Encoding.UTF8.GetBytes("x")));

        Assert.Equal("key", e.ParamName);
        Assert.Empty(bed.Queues.ReceiveMessages(Definition.NotificationQueue, 10));
    }
}
