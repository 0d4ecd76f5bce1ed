using Microsoft.Extensions.Logging;
using Razors.Notifications.Domain;
using Razors.Notifications.Ports;

namespace Razors.Notifications.Features;

/// <summary>The address every mail is sent from (an identity verified in Amazon SES, in AWS).</summary>
public sealed record MailOptions(string From);

/// <summary>
/// Sends each mail once: the mail is recorded (pending, owned by the event being handled) before it
/// is sent, and marked sent after. A redelivery of the owning event finds it pending and sends it;
/// any other delivery, and any replay, finds it recorded and sends nothing. The one window left is a
/// crash after the server accepted the mail and before it was marked: the redelivery sends it again,
/// with the same <c>Message-ID</c> (docs/adr/0008-mail-sent-once.md).
/// </summary>
public sealed partial class MailOutbox(INotificationsStore store, IMailSender sender, MailOptions options, TimeProvider time, ILogger<MailOutbox> logger)
{
    /// <summary>Records <paramref name="decided"/> unless a mail with its id is recorded, and sends it if it is this delivery's to send.</summary>
    public async Task SendOnceAsync(MailRecord decided, Guid eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decided);
        var recorded = await store.AddMailAsync(decided, cancellationToken);
        if (recorded.Status != MailStatus.Pending)
        {
            return;
        }

        if (recorded.Owner != eventId)
        {
            // Another event's delivery recorded it and sends it (again, if it crashed, when that event is redelivered).
            LogOwnedElsewhere(logger, recorded.MailId, recorded.Owner);
            return;
        }

        var refusal = await sender.SendAsync(recorded, options.From, cancellationToken);
        await store.MarkAsync(recorded.MailId, refusal is null ? MailStatus.Sent : MailStatus.Refused, time.GetUtcNow(), refusal, cancellationToken);
        if (refusal is null)
        {
            LogSent(logger, recorded.MailId, recorded.Kind);
        }
        else
        {
            LogRefused(logger, recorded.MailId, refusal);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {MailId} ({Kind}) sent")]
    private static partial void LogSent(ILogger logger, string mailId, MailKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MailId} refused for good by the mail server: {Reason}")]
    private static partial void LogRefused(ILogger logger, string mailId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mail {MailId} is pending for the delivery of event {Owner}")]
    private static partial void LogOwnedElsewhere(ILogger logger, string mailId, Guid owner);
}
