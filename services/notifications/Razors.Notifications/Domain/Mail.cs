namespace Razors.Notifications.Domain;

/// <summary>The mails notifications sends, each at most once per customer or subscription.</summary>
public enum MailKind
{
    /// <summary>To a newly registered customer.</summary>
    Welcome,

    /// <summary>To the customer, when a subscription goes live.</summary>
    Activated,

    /// <summary>To the customer, when a subscription ends (by the customer or by compensation).</summary>
    Cancelled,
}

/// <summary>Where a mail is in its life: decided, handed to the mail server, or refused by it for good.</summary>
public enum MailStatus
{
    /// <summary>Decided and recorded, not yet accepted by the mail server.</summary>
    Pending,

    /// <summary>The mail server accepted it.</summary>
    Sent,

    /// <summary>The mail server refused it permanently (a 5xx answer, such as an unknown mailbox); never tried again.</summary>
    Refused,
}

/// <summary>
/// One mail, as recorded before it is sent: its id names what it is about (<c>welcome-&lt;customer&gt;</c>,
/// <c>activated-&lt;subscription&gt;</c>, <c>cancelled-&lt;subscription&gt;</c>), so there is at most one of each,
/// and <see cref="Owner"/> is the event whose delivery sends it (docs/adr/0008-mail-sent-once.md).
/// </summary>
public sealed record MailRecord(string MailId, MailKind Kind, string To, string ToName, string Subject, string Text, string Html, Guid Owner)
{
    public MailStatus Status { get; init; } = MailStatus.Pending;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The mail server's answer when it refused the mail for good.</summary>
    public string? RefusedReason { get; init; }

    /// <summary>The <c>Message-ID</c> header: the same on every attempt, so a mail sent twice in the crash window is recognisably one.</summary>
    public string MessageId => $"{MailId}@notifications.razors";

    public static string WelcomeId(string customerId) => $"welcome-{customerId}";

    public static string ActivatedId(Guid subscriptionId) => $"activated-{subscriptionId:D}";

    public static string CancelledId(Guid subscriptionId) => $"cancelled-{subscriptionId:D}";
}
