using Razors.Contracts;
using Razors.Notifications.Domain;
using Razors.Testing;
using static Razors.Notifications.Tests.Samples;

namespace Razors.Notifications.Tests.Store;

public sealed class SendOnceTests(DynamoDbLocalFixture dynamo) : NotificationsTest(dynamo)
{
    [Fact]
    public async Task a_registration_welcomes_the_customer_once_however_often_it_is_delivered()
    {
        var handlers = Build();
        var customer = Guid.CreateVersion7();
        var registered = Envelope(Registered(customer));

        await handlers.HandleAsync(registered);
        await handlers.HandleAsync(registered);
        await handlers.HandleAsync(registered with { Metadata = registered.Metadata });

        var mail = Assert.Single(Mails());
        Assert.Equal([registered.Data.Email], mail.To);
        Assert.Equal("Welcome to Razors, Ada Lovelace", mail.Subject);
        Assert.Equal($"welcome-{customer:D}", mail.MailId);
        Assert.Equal(MailStatus.Sent, (await MailAsync($"welcome-{customer:D}")).Status);
        var message = Sink.Read(mail.Id)!;
        Assert.Contains("Hello Ada Lovelace,", message.Text, StringComparison.Ordinal);
        Assert.Contains("<p>Hello Ada Lovelace,</p>", message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_second_registration_event_for_the_same_customer_sends_no_second_welcome()
    {
        var handlers = Build();
        var customer = Guid.CreateVersion7();

        await handlers.HandleAsync(Envelope(Registered(customer)));
        await handlers.HandleAsync(Envelope(Registered(customer)));

        Assert.Single(Mails());
    }

    [Fact]
    public async Task a_mail_the_server_could_not_take_stays_pending_and_the_redelivery_sends_it_once()
    {
        var customer = Guid.CreateVersion7();
        var registered = Envelope(Registered(customer));

        var failure = await Record.ExceptionAsync(() => Build(mailServerDown: true).HandleAsync(registered));

        Assert.NotNull(failure);
        Assert.Equal(MailStatus.Pending, (await MailAsync($"welcome-{customer:D}")).Status);
        Assert.Empty(Mails());

        await Build().HandleAsync(registered);
        await Build().HandleAsync(registered);

        Assert.Single(Mails());
        Assert.Equal(MailStatus.Sent, (await MailAsync($"welcome-{customer:D}")).Status);
    }

    [Fact]
    public async Task a_mailbox_refused_for_good_is_recorded_with_the_answer_and_never_tried_again()
    {
        var handlers = Build();
        var customer = Guid.CreateVersion7();
        var registered = Envelope(Registered(customer, email: "nobody@nowhere.invalid"));

        await handlers.HandleAsync(registered);
        await handlers.HandleAsync(registered);

        var mail = await MailAsync($"welcome-{customer:D}");
        Assert.Equal(MailStatus.Refused, mail.Status);
        Assert.StartsWith("550", mail.RefusedReason, StringComparison.Ordinal);
        Assert.Empty(Mails());
    }

    [Fact]
    public async Task a_pending_mail_is_sent_only_by_a_delivery_of_the_event_that_recorded_it()
    {
        var customer = Guid.CreateVersion7();
        var subscription = Guid.CreateVersion7();
        var registered = Envelope(Registered(customer));
        await Record.ExceptionAsync(() => Build(mailServerDown: true).HandleAsync(registered));

        // Later events find the welcome pending: it is the registration's to send, on its redelivery.
        var handlers = Build();
        await handlers.HandleAsync(Envelope(Created(subscription, customer)));
        await handlers.HandleAsync(Envelope(Activated(subscription)));

        Assert.Equal([$"activated-{subscription:D}"], Mails().Select(m => m.MailId));
        await handlers.HandleAsync(registered);
        Assert.Equal([$"activated-{subscription:D}", $"welcome-{customer:D}"], Mails().Select(m => m.MailId));
    }

    [Fact]
    public async Task no_address_no_confirmation_until_the_customer_registers()
    {
        var handlers = Build();
        var customer = Guid.CreateVersion7();
        var subscription = Guid.CreateVersion7();

        await handlers.HandleAsync(Envelope(Created(subscription, customer)));
        await handlers.HandleAsync(Envelope(Activated(subscription)));
        Assert.Empty(Mails());
        Assert.Null(await Store.GetMailAsync($"activated-{subscription:D}", Ct));

        await handlers.HandleAsync(Envelope(Registered(customer)));

        Assert.Equal([$"activated-{subscription:D}", $"welcome-{customer:D}"], Mails().Select(m => m.MailId).Order());
    }

    [Fact]
    public async Task a_cancelled_subscription_is_confirmed_with_its_reason()
    {
        var handlers = Build();
        var customer = Guid.CreateVersion7();
        var subscription = Guid.CreateVersion7();
        await handlers.HandleAsync(Envelope(Registered(customer)));
        await handlers.HandleAsync(Envelope(Created(subscription, customer)));

        await handlers.HandleAsync(Envelope(Cancelled(subscription, CancellationReasons.StockUnavailable)));

        var mail = Assert.Single(Mails(), m => m.MailId == $"cancelled-{subscription:D}");
        Assert.Equal("Your Razors subscription has ended", mail.Subject);
        Assert.Contains("we could not reserve the razors for it", Sink.Read(mail.Id)!.Text, StringComparison.Ordinal);
    }
}
