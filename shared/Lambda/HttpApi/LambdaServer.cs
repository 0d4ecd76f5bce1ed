using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Razors.Messaging;
using Razors.Lambda.Events;

namespace Razors.Lambda.HttpApi;

/// <summary>
/// An ASP.NET Core server without a socket: each HTTP API request (payload format 2.0) becomes a
/// feature collection run through the application's pipeline, and the response is read back into
/// the payload API Gateway expects. The endpoints, middleware and problem details are the ones the
/// local host serves over Kestrel.
/// </summary>
public sealed partial class LambdaServer : IServer
{
    /// <summary>The logging scope property that carries API Gateway's request id.</summary>
    public const string ApiRequestIdScope = "apiRequestId";

    private readonly ILogger<LambdaServer> logger;
    private Func<IFeatureCollection, LambdaResponseFeature, Task>? process;

    public LambdaServer(ILogger<LambdaServer> logger) => this.logger = logger;

    public IFeatureCollection Features { get; } = new FeatureCollection();

    /// <summary>
    /// Keeps the pipeline for <see cref="InvokeAsync"/>. Per request, in a server's order: run the
    /// pipeline, start the response (the <c>OnStarting</c> callbacks), run the <c>OnCompleted</c>
    /// callbacks, dispose the context; an exception nothing handled becomes an empty 500, as Kestrel answers it.
    /// </summary>
    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        ArgumentNullException.ThrowIfNull(application);
        process = async (features, response) =>
        {
            var context = application.CreateContext(features);
            Exception? failure = null;
            try
            {
                await application.ProcessRequestAsync(context);
                await response.CompleteAsync();
            }
            catch (Exception e)
            {
                failure = e;
                var request = features.GetRequiredFeature<IHttpRequestFeature>();
                LogUnhandled(logger, e, request.Method, request.Path);
                response.Reset(StatusCodes.Status500InternalServerError);
            }

            try
            {
                await response.FireOnCompletedAsync();
            }
            finally
            {
                application.DisposeContext(context, failure);
            }
        };
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        process = null;
        return Task.CompletedTask;
    }

    public void Dispose() => process = null;

    /// <summary>Runs one request through the pipeline; logs written meanwhile carry API Gateway's request id.</summary>
    public async Task<APIGatewayHttpApiV2ProxyResponse> InvokeAsync(APIGatewayHttpApiV2ProxyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = process ?? throw new InvalidOperationException("The server is not started: build the host with LambdaFunctionHost.CreateHttpApi.");
        using var scope = logger.BeginScope(new LogScopeState([new(ApiRequestIdScope, request.RequestContext?.RequestId)]));
        using var response = new LambdaResponseFeature();
        var features = HttpApiV2Request.ToFeatures(request, response, cancellationToken);
        await run(features, response);
        return HttpApiV2Response.From(response);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed with no error response")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
