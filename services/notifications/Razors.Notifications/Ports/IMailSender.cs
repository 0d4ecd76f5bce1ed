using Razors.Notifications.Domain;

namespace Razors.Notifications.Ports;

/// <summary>Hands a mail to the mail server (SMTP: the local sink, or Amazon SES in AWS).</summary>
public interface IMailSender
{
    /// <summary>
    /// Sends the mail. Returns null when the server accepted it, or the server's answer when it refused it
    /// for good (an SMTP 5xx). Throws when it could not tell (no connection, a 4xx, a timeout): try again later.
    /// </summary>
    Task<string?> SendAsync(MailRecord mail, string from, CancellationToken cancellationToken);
}
