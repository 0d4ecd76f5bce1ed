using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Razors.Lambda.Events;

namespace Razors.Lambda;

/// <summary>
/// The bodies of the Stream-in/Stream-out handlers Lambda's managed .NET runtime calls (it passes
/// the event JSON and sends back the returned stream as is): read the event, call the function
/// class the local host binds too, write the batch response.
/// </summary>
/// <remarks>
/// The runtime gives a Stream handler no deadline; the function's timeout ends a late invocation,
/// and the event-source mapping retries it.
/// </remarks>
public static class LambdaEntries
{
    /// <summary>
    /// The payload types with minimal escaping: the answer goes to Lambda, never into a page, and a
    /// body full of <c>\u0022</c> would cost a sixth of its size against the 6 MB response limit.
    /// </summary>
    private static readonly LambdaJsonContext Json = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>A DynamoDB stream batch → the host's <see cref="IDynamoDbStreamFunction"/> → batch item failures.</summary>
    public static Task<Stream> DynamoDbStreamAsync(LambdaFunctionHost host, Stream input) => InvokeAsync(
        host, input, Json.DynamoDBEvent, Json.StreamsEventResponse,
        (services, batch, ct) => services.GetRequiredService<IDynamoDbStreamFunction>().HandleAsync(batch, ct));

    /// <summary>An SQS batch → the host's <see cref="ISqsFunction"/> → batch item failures.</summary>
    public static Task<Stream> SqsAsync(LambdaFunctionHost host, Stream input) => InvokeAsync(
        host, input, Json.SQSEvent, Json.SQSBatchResponse,
        (services, batch, ct) => services.GetRequiredService<ISqsFunction>().HandleAsync(batch, ct));

    /// <summary>An HTTP API request (payload format 2.0) → the service's ASP.NET Core pipeline → its response.</summary>
    public static Task<Stream> HttpApiAsync(LambdaFunctionHost host, Stream input) => InvokeAsync(
        host, input, Json.APIGatewayHttpApiV2ProxyRequest, Json.APIGatewayHttpApiV2ProxyResponse,
        (_, request, ct) => host.Server.InvokeAsync(request, ct));

    /// <summary>An EventBridge event (a rule's or a schedule's) → the host's <see cref="IEventBridgeFunction"/>; the answer is an empty object.</summary>
    public static async Task<Stream> EventBridgeAsync(LambdaFunctionHost host, Stream input)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(input);
        JsonElement busEvent;
        try
        {
            busEvent = (await JsonDocument.ParseAsync(input)).RootElement;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The invocation payload is not JSON: {e.Message}", e);
        }

        await host.Services.GetRequiredService<IEventBridgeFunction>().HandleAsync(busEvent, CancellationToken.None);
        return new MemoryStream("{}"u8.ToArray());
    }

    private static async Task<Stream> InvokeAsync<TEvent, TResponse>(
        LambdaFunctionHost host,
        Stream input,
        JsonTypeInfo<TEvent> eventType,
        JsonTypeInfo<TResponse> responseType,
        Func<IServiceProvider, TEvent, CancellationToken, Task<TResponse>> handle)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(input);
        TEvent? payload;
        try
        {
            payload = await JsonSerializer.DeserializeAsync(input, eventType);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The invocation payload is not a {typeof(TEvent).Name}: {e.Message}", e);
        }

        if (payload is null)
        {
            throw new InvalidDataException($"The invocation payload is null, not a {typeof(TEvent).Name}.");
        }

        var response = await handle(host.Services, payload, CancellationToken.None);
        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, response, responseType);
        output.Position = 0;
        return output;
    }
}
