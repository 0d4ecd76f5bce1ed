using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Razors.Messaging;

namespace Razors.ServiceDefaults;

/// <summary>
/// What every Razors host adds (the Lambda functions, the payments worker, the local host):
/// problem details, console logs with the correlation scopes, health checks and OpenTelemetry.
/// A service's own registration adds only its own parts.
/// </summary>
public static class RazorsDefaults
{
    /// <summary>The tag of the health checks that <c>/health/ready</c> runs (the stores); <c>/health/live</c> runs none.</summary>
    public const string ReadyTag = "ready";

    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>The environment variable that turns on the OTLP exporter (the OpenTelemetry SDK's own name for it).</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <param name="builder">The host's builder.</param>
    /// <param name="serviceName">The OpenTelemetry service name (<c>service.name</c>), e.g. <c>razors-stock</c>.</param>
    /// <param name="console">How log lines look; JSON unless a host chooses otherwise.</param>
    public static IHostApplicationBuilder AddRazorsDefaults(
        this IHostApplicationBuilder builder, string serviceName, RazorsConsoleFormat console = RazorsConsoleFormat.Json)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<StoreUnreachableExceptionHandler>();
        builder.AddRazorsConsoleLogging(console);
        builder.Services.AddHealthChecks();
        builder.AddRazorsTelemetry(serviceName);
        return builder;
    }

    /// <summary>
    /// Console logging in <paramref name="format"/>, replacing the providers the builder brought.
    /// JSON lines go to stdout, which Lambda and ECS send to CloudWatch Logs: one object per line,
    /// scopes included (<c>EventLogScope</c>'s correlation ids).
    /// </summary>
    public static IHostApplicationBuilder AddRazorsConsoleLogging(this IHostApplicationBuilder builder, RazorsConsoleFormat format)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        if (format == RazorsConsoleFormat.Json)
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                options.JsonWriterOptions = new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss.fff ";
            });
        }

        return builder;
    }

    /// <summary>
    /// Traces (the <see cref="RazorsTelemetry.Source"/> spans, ASP.NET Core requests, outgoing HTTP
    /// calls) and metrics (<see cref="RazorsTelemetry.Meter"/>, ASP.NET Core, HttpClient), exported
    /// over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; tests add their own exporter.
    /// </summary>
    public static IHostApplicationBuilder AddRazorsTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(RazorsTelemetry.Name)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsHealthCheck(context.Request.Path))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(RazorsTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Builds the tracer and meter providers now, for a host that is built but never started (the
    /// hosted service that <c>AddOpenTelemetry</c> registers would otherwise build them).
    /// </summary>
    public static void StartRazorsTelemetry(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _ = services.GetService<TracerProvider>();
        _ = services.GetService<MeterProvider>();
    }

    /// <summary>
    /// The OpenAPI document of <paramref name="service"/> at <c>/openapi/&lt;service&gt;.json</c>: the
    /// endpoints whose group name is <paramref name="service"/> (each service's API sets it).
    /// </summary>
    public static IHostApplicationBuilder AddRazorsApiDocument(this IHostApplicationBuilder builder, string service)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        builder.Services.AddOpenApi(service, options => options.ShouldInclude = description => description.GroupName == service);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health/live</c> (the process answers), <c>/health/ready</c> (the checks tagged
    /// <see cref="ReadyTag"/>: the stores) and, when documents were added, <c>/openapi/{service}.json</c>.
    /// </summary>
    public static WebApplication MapRazorsDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).ExcludeFromDescription();
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }

    /// <summary>A readiness check, run by <c>/health/ready</c>, that fails when <paramref name="probe"/> throws.</summary>
    public static IHealthChecksBuilder AddReadinessProbe(
        this IServiceCollection services, string name, Func<IServiceProvider, CancellationToken, Task> probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return services.AddHealthChecks().Add(new HealthCheckRegistration(
            name, provider => new ProbeHealthCheck(provider, probe), HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(5)));
    }

    private static bool IsHealthCheck(PathString path) =>
        path.StartsWithSegments(LivePath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(ReadyPath, StringComparison.OrdinalIgnoreCase);

    private sealed class ProbeHealthCheck(IServiceProvider provider, Func<IServiceProvider, CancellationToken, Task> probe) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await probe(provider, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, e.Message, e);
            }
        }
    }
}
