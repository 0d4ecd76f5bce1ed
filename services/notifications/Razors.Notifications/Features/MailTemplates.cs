using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Razors.Contracts;
using Razors.Notifications.Domain;

namespace Razors.Notifications.Features;

/// <summary>
/// The mails' words, in plain text and HTML: <c>Templates/&lt;kind&gt;.txt</c> (its first line is
/// <c>Subject: …</c>) and <c>Templates/&lt;kind&gt;.html</c>, embedded in the assembly. <c>{{Name}}</c>
/// placeholders take the mail's values, HTML-encoded in the HTML part; a template that names a value
/// the mail lacks fails when the templates load, not when a customer is waiting.
/// </summary>
public sealed partial class MailTemplates
{
    private readonly FrozenDictionary<MailKind, (string Subject, string Text, string Html)> templates;

    private MailTemplates(FrozenDictionary<MailKind, (string Subject, string Text, string Html)> templates) => this.templates = templates;

    /// <summary>The values each kind of mail fills in.</summary>
    public static readonly FrozenDictionary<MailKind, string[]> Values = new Dictionary<MailKind, string[]>
    {
        [MailKind.Welcome] = ["Name"],
        [MailKind.Activated] = ["Name", "SubscriptionId", "ProductId", "UnitsPerMonth", "Months", "MonthlyPrice"],
        [MailKind.Cancelled] = ["Name", "SubscriptionId", "ProductId", "Reason"],
    }.ToFrozenDictionary();

    /// <summary>Loads and checks the embedded templates.</summary>
    /// <exception cref="InvalidOperationException">A template is missing, has no subject line, or names an unknown value.</exception>
    public static MailTemplates Load()
    {
        var assembly = typeof(MailTemplates).Assembly;
        var loaded = new Dictionary<MailKind, (string, string, string)>();
        foreach (var kind in Enum.GetValues<MailKind>())
        {
            var name = kind.ToString().ToLowerInvariant();
            var text = Read(assembly, $"{name}.txt");
            var html = Read(assembly, $"{name}.html");
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            if (!text.StartsWith("Subject: ", StringComparison.Ordinal) || newline < 0)
            {
                throw new InvalidOperationException($"Template {name}.txt must start with a 'Subject: ' line.");
            }

            var subject = text[9..newline].TrimEnd('\r');
            var body = text[(newline + 1)..].TrimStart('\r', '\n');
            foreach (var (file, template) in new[] { ($"{name}.txt", text), ($"{name}.html", html) })
            {
                var unknown = Placeholder().Matches(template).Select(m => m.Groups[1].Value).Except(Values[kind]).ToList();
                if (unknown.Count > 0)
                {
                    throw new InvalidOperationException($"Template {file} names {string.Join(", ", unknown)}; a {kind} mail has only {string.Join(", ", Values[kind])}.");
                }
            }

            loaded[kind] = (subject, body, html);
        }

        return new MailTemplates(loaded.ToFrozenDictionary());
    }

    /// <summary>The welcome mail of a newly registered customer.</summary>
    public MailRecord Welcome(Contact contact, Guid owner, DateTimeOffset now) =>
        Render(MailKind.Welcome, MailRecord.WelcomeId(contact.CustomerId), contact, owner, now, new() { ["Name"] = contact.Name });

    /// <summary>The confirmation of a subscription that went live.</summary>
    public MailRecord Activated(Contact contact, SubscriptionFacts facts, Guid owner, DateTimeOffset now) =>
        Render(MailKind.Activated, MailRecord.ActivatedId(facts.SubscriptionId), contact, owner, now, new()
        {
            ["Name"] = contact.Name,
            ["SubscriptionId"] = facts.SubscriptionId.ToString("D"),
            ["ProductId"] = facts.ProductId ?? "",
            ["UnitsPerMonth"] = facts.UnitsPerMonth.ToString(CultureInfo.InvariantCulture),
            ["Months"] = facts.Months.ToString(CultureInfo.InvariantCulture),
            ["MonthlyPrice"] = $"{facts.MonthlyPrice.ToString("0.00", CultureInfo.InvariantCulture)} {facts.Currency}",
        });

    /// <summary>The notice of a subscription that ended, saying why in the customer's terms.</summary>
    public MailRecord Cancelled(Contact contact, SubscriptionFacts facts, Guid owner, DateTimeOffset now) =>
        Render(MailKind.Cancelled, MailRecord.CancelledId(facts.SubscriptionId), contact, owner, now, new()
        {
            ["Name"] = contact.Name,
            ["SubscriptionId"] = facts.SubscriptionId.ToString("D"),
            ["ProductId"] = facts.ProductId ?? "",
            ["Reason"] = facts.CancellationReason switch
            {
                CancellationReasons.CustomerRequested => "you cancelled it. We are sorry to see you go.",
                CancellationReasons.PaymentCancelled => "the direct debit for it was cancelled.",
                CancellationReasons.StockUnavailable => "we could not reserve the razors for it. Nothing was charged.",
                CancellationReasons.Timeout => "we could not set it up in time. Nothing was charged.",
                var other => $"{other}.",
            },
        });

    private MailRecord Render(MailKind kind, string mailId, Contact contact, Guid owner, DateTimeOffset now, Dictionary<string, string> values)
    {
        var (subject, text, html) = templates[kind];
        return new MailRecord(
            mailId,
            kind,
            contact.Email,
            contact.Name,
            Fill(subject, values, encode: false),
            Fill(text, values, encode: false),
            Fill(html, values, encode: true),
            owner)
        {
            CreatedAt = now,
        };
    }

    private static string Fill(string template, Dictionary<string, string> values, bool encode) =>
        Placeholder().Replace(template, m => encode ? WebUtility.HtmlEncode(values[m.Groups[1].Value]) : values[m.Groups[1].Value]);

    private static string Read(Assembly assembly, string file)
    {
        using var stream = assembly.GetManifestResourceStream($"Razors.Notifications.Templates.{file}")
            ?? throw new InvalidOperationException($"Template {file} is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{([A-Za-z]+)\}\}")]
    private static partial Regex Placeholder();
}
