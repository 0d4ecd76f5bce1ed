using System.Text;
using Razors.Stock.Domain;
using Razors.Stock.Features.Restock;

namespace Razors.Stock.Tests.Unit;

public sealed class when_a_restock_request_is_read
{
    private static RestockRequest Parse(string json, string productId = "razor-classic") =>
        RestockRequest.Parse(productId, Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("""{ "unitsOnHand": 0 }""", 0)]
    [InlineData("""{ "unitsOnHand": 1000000 }""", 1_000_000)]
    public void whole_numbers_from_0_to_a_million_are_valid(string json, int units)
    {
        Assert.Equal(new ProductStock("razor-classic", units), Assert.IsType<RestockRequest.Valid>(Parse(json)).Product);
    }

    [Theory]
    [InlineData("""{ }""", "unitsOnHand")]
    [InlineData("""{ "unitsOnHand": null }""", "unitsOnHand")]
    [InlineData("""{ "unitsOnHand": -1 }""", "unitsOnHand")]
    [InlineData("""{ "unitsOnHand": 1000001 }""", "unitsOnHand")]
    [InlineData("""{ "unitsOnHand": 2.5 }""", "unitsOnHand")]
    [InlineData("""{ "unitsOnHand": "7" }""", "unitsOnHand")]
    [InlineData("""{ "unitsOnHand": 1, "unitsOnHand": 2 }""", "unitsOnHand")]
    [InlineData("""{ "unitsOnHand": 1, "UnitsOnHand": 2 }""", "UnitsOnHand")]
    public void a_bad_field_is_named(string json, string field)
    {
        var invalid = Assert.IsType<RestockRequest.Invalid>(Parse(json));

        Assert.Equal([field], invalid.Errors.Keys);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("a-product-id-that-is-longer-than-sixty-four-characters-which-is-too-long")]
    [InlineData("PRODUCT#razor-pro")]
    [InlineData("..%2f..%2fx")]
    [InlineData("razor\npro")]
    [InlineData("razor\u200Bpro")]
    [InlineData("\U0001FA92")]
    public void a_product_id_outside_the_id_charset_is_named(string productId)
    {
        var invalid = Assert.IsType<RestockRequest.Invalid>(Parse("""{ "unitsOnHand": 1 }""", productId));

        Assert.Equal(["productId"], invalid.Errors.Keys);
    }

    [Theory]
    [InlineData("""{ "unitsOnHand": """)]
    [InlineData("""[ 1 ]""")]
    [InlineData("""12""")]
    [InlineData("""{ "unitsOnHand": 1, "\ud800": 1 }""")]
    public void a_body_that_is_not_a_json_object_is_malformed(string json)
    {
        Assert.IsType<RestockRequest.Malformed>(Parse(json));
    }
}
