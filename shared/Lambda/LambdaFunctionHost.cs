using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Razors.Lambda.HttpApi;
using Razors.ServiceDefaults;

namespace Razors.Lambda;

/// <summary>
/// The composed services of one Lambda function, built once per execution environment (Lambda
/// reuses the process for many invocations). Configuration comes in explicitly: the entry points
/// pass the environment variables (<see cref="FromEnvironment"/>), tests pass their own.
/// </summary>
public sealed class LambdaFunctionHost : IAsyncDisposable
{
    private readonly IHost host;
    private readonly LambdaServer? server;

    private LambdaFunctionHost(IHost host, LambdaServer? server)
    {
        this.host = host;
        this.server = server;
    }

    public IServiceProvider Services => host.Services;

    /// <summary>The in-process server of an HTTP API function.</summary>
    internal LambdaServer Server => server
        ?? throw new InvalidOperationException("This function's host serves no HTTP API: build it with LambdaFunctionHost.CreateHttpApi.");

    /// <summary>
    /// A host built on first use from the process's environment variables, once, whichever thread
    /// asks first. If composition fails (a missing setting), every invocation fails with that error.
    /// </summary>
    public static Lazy<LambdaFunctionHost> FromEnvironment(Func<IConfiguration, LambdaFunctionHost> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return new Lazy<LambdaFunctionHost>(
            () => create(new ConfigurationBuilder().AddEnvironmentVariables().Build()),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// A host for an event function (stream, queue): <paramref name="compose"/> registers the
    /// function (an <c>IDynamoDbStreamFunction</c> or <c>ISqsFunction</c>) and what it needs;
    /// <paramref name="configureServices"/>, when given, runs last (tests put local endpoints' clients there).
    /// </summary>
    public static LambdaFunctionHost Create(
        IConfiguration configuration, Action<IHostApplicationBuilder> compose, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(compose);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Configure(builder, configuration);
        compose(builder);
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        // Never started (an event function is invoked, not run), so nothing else would build the providers.
        host.Services.StartRazorsTelemetry();
        return new LambdaFunctionHost(host, server: null);
    }

    /// <summary>
    /// A host for an HTTP API function: the service's ASP.NET Core pipeline (<paramref name="map"/>
    /// maps its endpoints) behind <see cref="LambdaServer"/> instead of a socket, with problem
    /// details for errors and unknown routes, as the local host answers them.
    /// </summary>
    public static LambdaFunctionHost CreateHttpApi(
        IConfiguration configuration,
        Action<IHostApplicationBuilder> compose,
        Action<WebApplication> map,
        Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(compose);
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder();
        Configure(builder, configuration);
        builder.Services.AddSingleton<LambdaServer>();
        builder.Services.AddSingleton<IServer>(provider => provider.GetRequiredService<LambdaServer>());
        compose(builder);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        map(app);
        app.MapRazorsDefaults();
        // Starting hands the pipeline to the server; no socket is opened.
        app.StartAsync().GetAwaiter().GetResult();
        return new LambdaFunctionHost(app, app.Services.GetRequiredService<LambdaServer>());
    }

    /// <summary>
    /// Only the given configuration (the web builder's own sources are dropped, so a test sees
    /// nothing of the machine it runs on), then the Razors defaults: JSON log lines on stdout, which
    /// Lambda sends to CloudWatch Logs, and OpenTelemetry named after the function
    /// (<c>AWS_LAMBDA_FUNCTION_NAME</c>, which Lambda sets).
    /// </summary>
    private static void Configure(IHostApplicationBuilder builder, IConfiguration configuration)
    {
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.AddRazorsDefaults(configuration["AWS_LAMBDA_FUNCTION_NAME"] ?? "razors-lambda");
        // Framework lines per request and per start cost money in CloudWatch and say little; warnings still show.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await host.StopAsync();
        }

        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
