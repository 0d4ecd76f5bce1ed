using System.Net;
using System.Net.Sockets;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Razors.Contracts;
using Razors.LocalCloud.Mail;
using Razors.Notifications.Aws;
using Razors.Notifications.Domain;
using Razors.Notifications.Features;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Notifications.Tests.Store;

/// <summary>
/// A fresh notifications table in DynamoDB Local and a fresh local SMTP sink per test, with the real
/// handlers, templates, outbox and MailKit sender over them.
/// </summary>
public abstract class NotificationsTest(DynamoDbLocalFixture dynamo) : IAsyncLifetime
{
    private string mailFolder = null!;

    protected DynamoDbNotificationsStore Store { get; private set; } = null!;

    protected LocalMailSink Sink { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var table = await dynamo.CreateTableAsync(NotificationsTopology.Table, Ct);
        Store = new DynamoDbNotificationsStore(dynamo.Client, table.Name);
        mailFolder = Directory.CreateTempSubdirectory("razors-notifications-tests-").FullName;
        Sink = await LocalMailSink.StartAsync(mailFolder, NullLogger.Instance, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await Sink.DisposeAsync();
        Directory.Delete(mailFolder, recursive: true);
        await dynamo.Client.DeleteTableAsync(Store.TableName, CancellationToken.None);
    }

    /// <summary>The handlers, sending to the sink, or to a port where nothing listens when <paramref name="mailServerDown"/>.</summary>
    protected Handlers Build(bool mailServerDown = false)
    {
        var sender = new SmtpMailSender(new SmtpSettings("127.0.0.1", mailServerDown ? ClosedPort() : Sink.Port, SecureSocketOptions.None, Credentials: null));
        var templates = MailTemplates.Load();
        var outbox = new MailOutbox(Store, sender, new MailOptions("Razors <hello@razors.example>"), TimeProvider.System, NullLogger<MailOutbox>.Instance);
        var confirmations = new Confirmations(Store, templates, outbox, TimeProvider.System);
        return new Handlers(
            new CustomerRegisteredHandler(Store, templates, outbox, confirmations, TimeProvider.System),
            new SubscriptionCreatedHandler(Store, confirmations, TimeProvider.System),
            new SubscriptionActivatedHandler(Store, confirmations, TimeProvider.System),
            new SubscriptionCancelledHandler(Store, confirmations, TimeProvider.System));
    }

    protected IReadOnlyList<SunkMail> Mails(string? to = null) => Sink.List(to, 1000);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected sealed record Handlers(
        CustomerRegisteredHandler Registered,
        SubscriptionCreatedHandler Created,
        SubscriptionActivatedHandler Activated,
        SubscriptionCancelledHandler Cancelled)
    {
        /// <summary>Hands the envelope to the handler of its type, as the inbound function routes it.</summary>
        public Task HandleAsync(object envelope) => envelope switch
        {
            EventEnvelope<CustomerRegistered> e => Registered.HandleAsync(e, Ct),
            EventEnvelope<SubscriptionCreated> e => Created.HandleAsync(e, Ct),
            EventEnvelope<SubscriptionActivated> e => Activated.HandleAsync(e, Ct),
            EventEnvelope<SubscriptionCancelled> e => Cancelled.HandleAsync(e, Ct),
            _ => throw new ArgumentException(envelope.GetType().Name, nameof(envelope)),
        };
    }

    protected async Task<MailRecord> MailAsync(string mailId) =>
        await Store.GetMailAsync(mailId, Ct) ?? throw new Xunit.Sdk.XunitException($"No mail {mailId} is recorded.");
}
