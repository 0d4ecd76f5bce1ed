using System.Text;
using Razors.Subscription.Domain;
using Razors.Subscription.Features.CreateSubscription;

namespace Razors.Subscription.Tests.Unit;

public sealed class when_a_create_request_is_valid
{
    private static CreateSubscriptionRequest Parse(string json) => CreateSubscriptionRequest.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void the_optional_fields_take_their_defaults()
    {
        var parsed = Parse("""{ "customerId": "c-1", "productId": "razor-classic", "monthlyPrice": 9.99 }""");

        var valid = Assert.IsType<CreateSubscriptionRequest.Valid>(parsed);
        Assert.Equal(new SubscriptionTerms("c-1", "razor-classic", 1, 12, 9.99m, "GBP"), valid.Terms);
    }

    [Fact]
    public void null_counts_as_absent()
    {
        var parsed = Parse("""{ "customerId": "c-1", "productId": "p", "monthlyPrice": 1, "unitsPerMonth": null, "currency": null }""");

        var valid = Assert.IsType<CreateSubscriptionRequest.Valid>(parsed);
        Assert.Equal(1, valid.Terms.UnitsPerMonth);
        Assert.Equal("GBP", valid.Terms.Currency);
    }

    [Fact]
    public void every_field_is_read()
    {
        var parsed = Parse("""
            { "customerId": "c-1", "productId": "razor-pro", "unitsPerMonth": 10, "months": 24,
              "monthlyPrice": 1000, "currency": "EUR" }
            """);

        var valid = Assert.IsType<CreateSubscriptionRequest.Valid>(parsed);
        Assert.Equal(new SubscriptionTerms("c-1", "razor-pro", 10, 24, 1000m, "EUR"), valid.Terms);
    }
}

public sealed class when_a_create_request_has_a_bad_field
{
    public static TheoryData<string, string> BadFields => new()
    {
        { "customerId", """{ "productId": "p", "monthlyPrice": 1 }""" },
        { "customerId", """{ "customerId": "", "productId": "p", "monthlyPrice": 1 }""" },
        { "customerId", """{ "customerId": "   ", "productId": "p", "monthlyPrice": 1 }""" },
        { "customerId", """{ "customerId": 42, "productId": "p", "monthlyPrice": 1 }""" },
        { "customerId", $$"""{ "customerId": "{{new string('c', 65)}}", "productId": "p", "monthlyPrice": 1 }""" },
        { "productId", """{ "customerId": "c", "monthlyPrice": 1 }""" },
        { "productId", $$"""{ "customerId": "c", "productId": "{{new string('p', 65)}}", "monthlyPrice": 1 }""" },
        { "customerId", """{ "customerId": "a\nb", "productId": "p", "monthlyPrice": 1 }""" },
        { "customerId", """{ "customerId": "\u202Ec", "productId": "p", "monthlyPrice": 1 }""" },
        { "customerId", """{ "customerId": "c\u200B", "productId": "p", "monthlyPrice": 1 }""" },
        { "customerId", """{ "customerId": "../../c", "productId": "p", "monthlyPrice": 1 }""" },
        { "productId", """{ "customerId": "c", "productId": "PRODUCT#p", "monthlyPrice": 1 }""" },
        { "productId", """{ "customerId": "c", "productId": "p\\q", "monthlyPrice": 1 }""" },
        { "productId", """{ "customerId": "c", "productId": "🪒", "monthlyPrice": 1 }""" },
        { "unitsPerMonth", """{ "customerId": "c", "productId": "p", "monthlyPrice": 1, "unitsPerMonth": 0 }""" },
        { "unitsPerMonth", """{ "customerId": "c", "productId": "p", "monthlyPrice": 1, "unitsPerMonth": 11 }""" },
        { "unitsPerMonth", """{ "customerId": "c", "productId": "p", "monthlyPrice": 1, "unitsPerMonth": 1.5 }""" },
        { "unitsPerMonth", """{ "customerId": "c", "productId": "p", "monthlyPrice": 1, "unitsPerMonth": "2" }""" },
        { "months", """{ "customerId": "c", "productId": "p", "monthlyPrice": 1, "months": 0 }""" },
        { "months", """{ "customerId": "c", "productId": "p", "monthlyPrice": 1, "months": 25 }""" },
        { "monthlyPrice", """{ "customerId": "c", "productId": "p" }""" },
        { "monthlyPrice", """{ "customerId": "c", "productId": "p", "monthlyPrice": 0 }""" },
        { "monthlyPrice", """{ "customerId": "c", "productId": "p", "monthlyPrice": -1 }""" },
        { "monthlyPrice", """{ "customerId": "c", "productId": "p", "monthlyPrice": 1000.01 }""" },
        { "monthlyPrice", """{ "customerId": "c", "productId": "p", "monthlyPrice": 9.999 }""" },
        { "monthlyPrice", """{ "customerId": "c", "productId": "p", "monthlyPrice": "9.99" }""" },
        { "currency", """{ "customerId": "c", "productId": "p", "monthlyPrice": 1, "currency": "gbp" }""" },
        { "currency", """{ "customerId": "c", "productId": "p", "monthlyPrice": 1, "currency": "GBPX" }""" },
        { "currency", """{ "customerId": "c", "productId": "p", "monthlyPrice": 1, "currency": 826 }""" },
        { "customerID", """{ "customerID": "c", "customerId": "c", "productId": "p", "monthlyPrice": 1 }""" },
        { "productId", """{ "customerId": "c", "productId": "p", "productId": "q", "monthlyPrice": 1 }""" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public void only_that_field_is_named(string field, string json)
    {
        var parsed = CreateSubscriptionRequest.Parse(Encoding.UTF8.GetBytes(json));

        var invalid = Assert.IsType<CreateSubscriptionRequest.Invalid>(parsed);
        Assert.Equal([field], invalid.Errors.Keys);
        Assert.NotEmpty(invalid.Errors[field]);
    }

    [Fact]
    public void every_bad_field_is_named_at_once()
    {
        var parsed = CreateSubscriptionRequest.Parse("""{ "unitsPerMonth": 99, "currency": "x" }"""u8.ToArray());

        var invalid = Assert.IsType<CreateSubscriptionRequest.Invalid>(parsed);
        Assert.Equal(["currency", "customerId", "monthlyPrice", "productId", "unitsPerMonth"], invalid.Errors.Keys.Order());
    }
}

public sealed class when_a_create_request_is_not_a_json_object
{
    [Theory]
    [InlineData("""{ "customerId": "c", """)]
    [InlineData("""{ "customerId": 'c' }""")]
    [InlineData("""{ "customerId": "c", }""")]
    [InlineData("")]
    [InlineData("""{ "customerId": "\ud800", "productId": "p", "monthlyPrice": 1 }""")]
    [InlineData("""{ "customerId": "c", "productId": "p", "monthlyPrice": 1, "\udc00": 1 }""")]
    [InlineData("""[ { "customerId": "c" } ]""")]
    [InlineData("\"customerId\"")]
    public void it_is_malformed_with_a_reason(string body)
    {
        var parsed = CreateSubscriptionRequest.Parse(Encoding.UTF8.GetBytes(body));

        var malformed = Assert.IsType<CreateSubscriptionRequest.Malformed>(parsed);
        Assert.False(string.IsNullOrWhiteSpace(malformed.Detail));
    }
}
