using System.Text.Json;
using System.Text.Json.Serialization;

namespace Razors.Lambda.Events;

/// <summary>Source-generated JSON for the Lambda payloads, as Lambda reads and writes them.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DynamoDBEvent))]
[JsonSerializable(typeof(StreamsEventResponse))]
[JsonSerializable(typeof(StreamsEventResponse.BatchItemFailure), TypeInfoPropertyName = "StreamsBatchItemFailure")]
[JsonSerializable(typeof(List<StreamsEventResponse.BatchItemFailure>), TypeInfoPropertyName = "StreamsBatchItemFailureList")]
[JsonSerializable(typeof(SQSEvent))]
[JsonSerializable(typeof(SQSBatchResponse))]
[JsonSerializable(typeof(SQSBatchResponse.BatchItemFailure), TypeInfoPropertyName = "SqsBatchItemFailure")]
[JsonSerializable(typeof(List<SQSBatchResponse.BatchItemFailure>), TypeInfoPropertyName = "SqsBatchItemFailureList")]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyRequest))]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyResponse))]
[JsonSerializable(typeof(CloudWatchEvent<JsonElement>), TypeInfoPropertyName = "CloudWatchEvent")]
public sealed partial class LambdaJsonContext : JsonSerializerContext;
