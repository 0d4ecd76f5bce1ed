using Razors.Contracts;
using Razors.Notifications.Aws;
using Razors.Notifications.Domain;
using Razors.Notifications.Features;

namespace Razors.Notifications.Tests.Unit;

public sealed class MailTemplatesTests
{
    private static readonly MailTemplates Templates = MailTemplates.Load();
    private static readonly Contact Ada = new("c-1", "Ada <Lovelace> & Co", "ada@example.com");

    private static readonly SubscriptionFacts Facts = new(Guid.Parse("0193a1f0-0000-7000-8000-000000000001"))
    {
        CustomerId = "c-1",
        ProductId = "razor-classic",
        UnitsPerMonth = 4,
        Months = 12,
        MonthlyPrice = 9.5m,
        Currency = "GBP",
        ActivatedAt = Samples.Now,
        CancelledAt = Samples.Now,
        CancellationReason = CancellationReasons.StockUnavailable,
    };

    [Fact]
    public void every_kind_fills_every_placeholder_in_both_parts()
    {
        var mails = new[]
        {
            Templates.Welcome(Ada, Guid.NewGuid(), Samples.Now),
            Templates.Activated(Ada, Facts, Guid.NewGuid(), Samples.Now),
            Templates.Cancelled(Ada, Facts, Guid.NewGuid(), Samples.Now),
        };

        Assert.Equal([MailKind.Welcome, MailKind.Activated, MailKind.Cancelled], mails.Select(m => m.Kind));
        Assert.All(mails, m => Assert.DoesNotContain("{{", m.Subject + m.Text + m.Html, StringComparison.Ordinal));
        Assert.Equal("Welcome to Razors, Ada <Lovelace> & Co", mails[0].Subject);
        Assert.Contains("4 × razor-classic every month for\n12 months, at 9.50 GBP a month", mails[1].Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("we could not reserve the razors for it. Nothing was charged.", mails[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void values_are_html_encoded_in_the_html_part_only()
    {
        var mail = Templates.Welcome(Ada, Guid.NewGuid(), Samples.Now);

        Assert.Contains("Hello Ada &lt;Lovelace&gt; &amp; Co,", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<Lovelace>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Hello Ada <Lovelace> & Co,", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void mail_ids_name_what_the_mail_is_about_so_there_is_one_of_each()
    {
        Assert.Equal("welcome-c-1", Templates.Welcome(Ada, Guid.NewGuid(), Samples.Now).MailId);
        Assert.Equal($"activated-{Facts.SubscriptionId:D}", Templates.Activated(Ada, Facts, Guid.NewGuid(), Samples.Now).MailId);
        Assert.Equal($"cancelled-{Facts.SubscriptionId:D}", Templates.Cancelled(Ada, Facts, Guid.NewGuid(), Samples.Now).MailId);
    }

    [Theory]
    [InlineData(CancellationReasons.CustomerRequested, "you cancelled it.")]
    [InlineData(CancellationReasons.PaymentCancelled, "the direct debit for it was cancelled.")]
    [InlineData(CancellationReasons.Timeout, "we could not set it up in time.")]
    [InlineData("SomethingNew", "SomethingNew.")]
    public void a_cancellation_says_why_in_the_customers_terms(string reason, string expected)
    {
        var mail = Templates.Cancelled(Ada, Facts with { CancellationReason = reason }, Guid.NewGuid(), Samples.Now);

        Assert.Contains(expected, mail.Text, StringComparison.Ordinal);
        Assert.Contains(expected, mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void the_message_has_both_parts_the_mails_own_message_id_and_its_mail_id()
    {
        var mail = Templates.Welcome(Ada, Guid.NewGuid(), Samples.Now);

        var message = SmtpMailSender.ToMessage(mail, "Razors <hello@razors.example>");

        Assert.Equal("welcome-c-1@notifications.razors", message.MessageId);
        Assert.Equal("welcome-c-1", message.Headers[SmtpMailSender.MailIdHeader]);
        Assert.Equal("multipart/alternative", message.Body!.ContentType.MimeType);
        Assert.Equal(mail.Text, message.TextBody);
        Assert.Equal(mail.Html, message.HtmlBody);
        Assert.Equal("ada@example.com", Assert.Single(message.To.Mailboxes).Address);
    }
}
