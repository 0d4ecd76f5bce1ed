using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Razors.Notifications.Domain;
using Razors.Notifications.Ports;

namespace Razors.Notifications.Aws;

/// <summary>Where and how to reach the SMTP server.</summary>
/// <param name="Host">The server: SES's SMTP endpoint in AWS, the local host's sink locally.</param>
/// <param name="Port">587 with STARTTLS for SES.</param>
/// <param name="Security">STARTTLS (required) for SES; none for the sink on the loopback address.</param>
/// <param name="Credentials">The SMTP user and password, read when the first mail is sent; null for none.</param>
public sealed record SmtpSettings(string Host, int Port, SecureSocketOptions Security, Func<CancellationToken, Task<NetworkCredential>>? Credentials);

/// <summary>
/// <see cref="IMailSender"/> over SMTP with MailKit: one connection per mail, a multipart/alternative
/// message (plain text and HTML) whose <c>Message-ID</c> is the mail's own, so a repeat is recognisable.
/// A recipient refused with a 5xx is the mail's final answer; everything else that fails (no
/// connection, a 4xx, a refused sender or login, which are settings to fix) throws, and the event is
/// delivered again, and after its last attempt dead-lettered with the reason.
/// </summary>
public sealed class SmtpMailSender(SmtpSettings settings) : IMailSender
{
    private Task<NetworkCredential>? credentials;

    public async Task<string?> SendAsync(MailRecord mail, string from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        MimeMessage message;
        try
        {
            message = ToMessage(mail, from);
        }
        catch (ParseException e)
        {
            return $"The address '{mail.To}' cannot be written in a mail: {e.Message}";
        }

        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken);
        if (Credentials() is { } login)
        {
            await client.AuthenticateAsync(await login.WaitAsync(cancellationToken), cancellationToken);
        }

        try
        {
            await client.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)e.StatusCode >= 500)
        {
            return $"{(int)e.StatusCode} {e.Message}";
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
        return null;
    }

    /// <summary>The MIME message of a mail, as it is sent.</summary>
    public static MimeMessage ToMessage(MailRecord mail, string from)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            MessageId = mail.MessageId,
            Date = mail.CreatedAt,
            Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody(),
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(new MailboxAddress(mail.ToName, mail.To));
        message.Headers.Add(MailIdHeader, mail.MailId);
        return message;
    }

    /// <summary>Carries <see cref="MailRecord.MailId"/>, so the sink (and a support desk) can tell which mail a message is.</summary>
    public const string MailIdHeader = "X-Razors-Mail-Id";

    /// <summary>The credentials, read once; a read that failed is tried again with the next mail.</summary>
    private Task<NetworkCredential>? Credentials()
    {
        if (settings.Credentials is null)
        {
            return null;
        }

        var current = credentials;
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            // Two mails at once may both read the secret; either result is the same.
            current = settings.Credentials(CancellationToken.None);
            credentials = current;
        }

        return current;
    }
}
