using Razors.Lambda.Events;

namespace Razors.Aws.DynamoDBStreams;

// Mirrors Amazon.DynamoDBStreams (AWSSDK.DynamoDBStreams is not available here): the four
// operations an event-source mapping needs. Records use the same JSON model Lambda delivers.

public interface IAmazonDynamoDBStreams
{
    Task<ListStreamsResponse> ListStreamsAsync(ListStreamsRequest request, CancellationToken cancellationToken = default);
    Task<DescribeStreamResponse> DescribeStreamAsync(DescribeStreamRequest request, CancellationToken cancellationToken = default);
    Task<GetShardIteratorResponse> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken cancellationToken = default);
    Task<GetRecordsResponse> GetRecordsAsync(GetRecordsRequest request, CancellationToken cancellationToken = default);
}

public sealed class ListStreamsRequest
{
    public string? TableName { get; set; }
    public int? Limit { get; set; }
    public string? ExclusiveStartStreamArn { get; set; }
}

public sealed class ListStreamsResponse
{
    public List<StreamSummary> Streams { get; set; } = [];
    public string? LastEvaluatedStreamArn { get; set; }
}

public sealed class StreamSummary
{
    public string? StreamArn { get; set; }
    public string? StreamLabel { get; set; }
    public string? TableName { get; set; }
}

public sealed class DescribeStreamRequest
{
    public string? StreamArn { get; set; }
    public int? Limit { get; set; }
    public string? ExclusiveStartShardId { get; set; }
}

public sealed class DescribeStreamResponse
{
    public StreamDescription StreamDescription { get; set; } = new();
}

public sealed class StreamDescription
{
    public string? StreamArn { get; set; }
    public string? StreamLabel { get; set; }
    /// <summary>ENABLING, ENABLED, DISABLING or DISABLED.</summary>
    public string? StreamStatus { get; set; }
    public string? StreamViewType { get; set; }
    public string? TableName { get; set; }
    public List<Shard> Shards { get; set; } = [];
    public string? LastEvaluatedShardId { get; set; }
}

public sealed class Shard
{
    public string? ShardId { get; set; }
    public string? ParentShardId { get; set; }
    public SequenceNumberRange? SequenceNumberRange { get; set; }
}

public sealed class SequenceNumberRange
{
    public string? StartingSequenceNumber { get; set; }
    /// <summary>Null while the shard is open.</summary>
    public string? EndingSequenceNumber { get; set; }
}

public static class ShardIteratorType
{
    public const string TrimHorizon = "TRIM_HORIZON";
    public const string Latest = "LATEST";
    public const string AtSequenceNumber = "AT_SEQUENCE_NUMBER";
    public const string AfterSequenceNumber = "AFTER_SEQUENCE_NUMBER";
}

public sealed class GetShardIteratorRequest
{
    public string? StreamArn { get; set; }
    public string? ShardId { get; set; }
    public string? ShardIteratorType { get; set; }
    public string? SequenceNumber { get; set; }
}

public sealed class GetShardIteratorResponse
{
    public string? ShardIterator { get; set; }
}

public sealed class GetRecordsRequest
{
    public string? ShardIterator { get; set; }
    public int? Limit { get; set; }
}

public sealed class GetRecordsResponse
{
    public List<DynamodbStreamRecord> Records { get; set; } = [];
    /// <summary>Null once a closed shard is exhausted.</summary>
    public string? NextShardIterator { get; set; }
}

/// <summary>An error the streams service answered, with its AWS error code.</summary>
public sealed class AmazonDynamoDBStreamsException(string errorCode, string message, int statusCode)
    : AwsServiceException(errorCode, $"{errorCode}: {message}", statusCode);
