using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Razors.Messaging;
using Razors.Payments.Ports;
using Razors.Payments.Service.Tests.Fakes;

namespace Razors.Payments.Service.Tests.Api;

/// <summary>
/// The payments API on a real Kestrel listener (127.0.0.1, a free port) over the in-memory store
/// of a <see cref="PaymentsHarness"/>, composed the way a host composes it.
/// </summary>
internal sealed class PaymentsApiHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private PaymentsApiHost(WebApplication app, Uri address)
    {
        this.app = app;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    public static async Task<PaymentsApiHost> StartAsync(PaymentsHarness payments, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(payments.Time);
        builder.Services.AddSingleton<IIdGenerator>(payments.Ids);
        builder.Services.AddSingleton<IPaymentStore>(payments.Store);
        builder.Services.AddPayments();
        var app = builder.Build();
        app.MapPaymentsApi();
        await app.StartAsync(cancellationToken);
        var address = app.Urls.Single(); // After start: the port the listener was given.
        return new PaymentsApiHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
