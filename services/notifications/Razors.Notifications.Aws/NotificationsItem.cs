using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Razors.Aws.DynamoDb;
using Razors.Notifications.Domain;

namespace Razors.Notifications.Aws;

/// <summary>
/// How the service table lays out its items beside the inbox markers: <c>CUSTOMER#id</c> holds the
/// contact (<c>CONTACT</c>) and one link per subscription (<c>SUBSCRIPTION#id</c>);
/// <c>SUBSCRIPTION#id</c> / <c>FACTS</c> holds what its events said; <c>MAIL#id</c> / <c>MAIL</c> one mail.
/// </summary>
internal static class NotificationsItem
{
    public const string CustomerPrefix = "CUSTOMER#";
    public const string ContactSortKey = "CONTACT";
    public const string SubscriptionPrefix = "SUBSCRIPTION#";
    public const string FactsSortKey = "FACTS";
    public const string MailPrefix = "MAIL#";
    public const string MailSortKey = "MAIL";

    public const string Name = "name";
    public const string Email = "email";
    public const string CustomerId = "customerId";
    public const string SubscriptionId = "subscriptionId";
    public const string ProductId = "productId";
    public const string UnitsPerMonth = "unitsPerMonth";
    public const string Months = "months";
    public const string MonthlyPrice = "monthlyPrice";
    public const string Currency = "currency";
    public const string ActivatedAt = "activatedAt";
    public const string CancelledAt = "cancelledAt";
    public const string CancellationReason = "cancellationReason";
    public const string MailKind = "mailKind";
    public const string To = "to";
    public const string ToName = "toName";
    public const string Subject = "subject";
    public const string Text = "text";
    public const string Html = "html";
    public const string Owner = "owner";
    public const string Status = "status";
    public const string CreatedAt = "createdAt";
    public const string SentAt = "sentAt";
    public const string RefusedReason = "refusedReason";

    public static Dictionary<string, AttributeValue> ContactKey(string customerId) => Key(CustomerPrefix + customerId, ContactSortKey);

    public static Dictionary<string, AttributeValue> LinkKey(string customerId, Guid subscriptionId) => Key(CustomerPrefix + customerId, SubscriptionPrefix + subscriptionId.ToString("D"));

    public static Dictionary<string, AttributeValue> FactsKey(Guid subscriptionId) => Key(SubscriptionPrefix + subscriptionId.ToString("D"), FactsSortKey);

    public static Dictionary<string, AttributeValue> MailKey(string mailId) => Key(MailPrefix + mailId, MailSortKey);

    public static Dictionary<string, AttributeValue> ToItem(Contact contact)
    {
        var item = ContactKey(contact.CustomerId);
        item[OutboxItem.Kind] = S("contact");
        item[CustomerId] = S(contact.CustomerId);
        item[Name] = S(contact.Name);
        item[Email] = S(contact.Email);
        return item;
    }

    public static Contact ContactFromItem(Dictionary<string, AttributeValue> item) => new(item[CustomerId].S, item[Name].S, item[Email].S);

    public static Dictionary<string, AttributeValue> LinkItem(string customerId, Guid subscriptionId)
    {
        var item = LinkKey(customerId, subscriptionId);
        item[OutboxItem.Kind] = S("subscription-link");
        item[SubscriptionId] = S(subscriptionId.ToString("D"));
        return item;
    }

    public static SubscriptionFacts FactsFromItem(Dictionary<string, AttributeValue> item) => new(Guid.Parse(item[SubscriptionId].S))
    {
        CustomerId = Str(item, CustomerId),
        ProductId = Str(item, ProductId),
        UnitsPerMonth = item.TryGetValue(UnitsPerMonth, out var units) ? int.Parse(units.N, CultureInfo.InvariantCulture) : 0,
        Months = item.TryGetValue(Months, out var months) ? int.Parse(months.N, CultureInfo.InvariantCulture) : 0,
        MonthlyPrice = item.TryGetValue(MonthlyPrice, out var price) ? decimal.Parse(price.N, CultureInfo.InvariantCulture) : 0,
        Currency = Str(item, Currency),
        ActivatedAt = Time(item, ActivatedAt),
        CancelledAt = Time(item, CancelledAt),
        CancellationReason = Str(item, CancellationReason),
    };

    public static Dictionary<string, AttributeValue> ToItem(MailRecord mail)
    {
        var item = MailKey(mail.MailId);
        item[OutboxItem.Kind] = S("mail");
        item[MailKind] = S(mail.Kind.ToString());
        item[To] = S(mail.To);
        item[ToName] = S(mail.ToName);
        item[Subject] = S(mail.Subject);
        item[Text] = S(mail.Text);
        item[Html] = S(mail.Html);
        item[Owner] = S(mail.Owner.ToString("D"));
        item[Status] = S(mail.Status.ToString());
        item[CreatedAt] = S(Iso(mail.CreatedAt));
        return item;
    }

    public static MailRecord MailFromItem(Dictionary<string, AttributeValue> item) => new(
        item[OutboxItem.PartitionKey].S[MailPrefix.Length..],
        Enum.Parse<MailKind>(item[MailKind].S),
        item[To].S,
        item[ToName].S,
        item[Subject].S,
        item[Text].S,
        item[Html].S,
        Guid.Parse(item[Owner].S))
    {
        Status = Enum.Parse<MailStatus>(item[Status].S),
        CreatedAt = Time(item, CreatedAt) ?? default,
        SentAt = Time(item, SentAt),
        RefusedReason = Str(item, RefusedReason),
    };

    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(decimal value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static Dictionary<string, AttributeValue> Key(string partition, string sort) => new()
    {
        [OutboxItem.PartitionKey] = S(partition),
        [OutboxItem.SortKey] = S(sort),
    };

    private static string? Str(Dictionary<string, AttributeValue> item, string name) => item.TryGetValue(name, out var value) ? value.S : null;

    private static DateTimeOffset? Time(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? DateTimeOffset.Parse(value.S, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;
}
