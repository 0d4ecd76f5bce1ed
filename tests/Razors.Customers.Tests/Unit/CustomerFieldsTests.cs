using System.Text;
using Razors.Customers.Domain;
using Razors.Customers.Features.Register;
using Razors.ServiceDefaults;

namespace Razors.Customers.Tests.Unit;

public sealed class when_a_registration_is_validated
{
    private static Dictionary<string, string?> Fields(
        string? name = "Ada Lovelace", string? email = "ada@example.com", string? state = "Greater London", string? city = "London", string? postcode = "SW1A 1AA") => new()
        {
            ["name"] = name, ["email"] = email, ["state"] = state, ["city"] = city, ["postcode"] = postcode,
        };

    private static Dictionary<string, string[]> Errors(Dictionary<string, string?> fields)
    {
        var errors = new FieldErrors();
        Assert.Null(CustomerFields.Validate(fields, errors));
        return errors.ToDictionary();
    }

    [Fact]
    public void valid_fields_are_trimmed()
    {
        var details = CustomerFields.Validate(Fields(name: "  Ada Lovelace ", email: " Ada@Example.com "), new FieldErrors());

        Assert.Equal(new CustomerDetails("Ada Lovelace", "Ada@Example.com", "Greater London", "London", "SW1A 1AA"), details);
        Assert.Equal("ada@example.com", details!.EmailKey);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("@example.com")]
    [InlineData("ada@")]
    [InlineData("ada@localhost")]
    [InlineData("ada@@example.com")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("ada lovelace@example.com")]
    [InlineData("ada@example.com.")]
    [InlineData("ada@[127.0.0.1]")]
    public void an_address_that_is_not_deliverable_is_refused(string email)
    {
        Assert.Equal([EmailAddresses.Rule], Errors(Fields(email: email))["email"]);
    }

    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("ada.lovelace+razors@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    public void real_addresses_are_accepted(string email)
    {
        Assert.True(EmailAddresses.IsValid(email));
    }

    [Fact]
    public void every_missing_field_is_named()
    {
        var errors = Errors(Fields(name: null, email: " ", state: "", city: null, postcode: null));

        Assert.Equal(["city", "email", "name", "postcode", "state"], errors.Keys.Order());
        Assert.All(errors.Values, messages => Assert.Equal(["is required."], messages));
    }

    [Fact]
    public void lengths_control_characters_the_key_separator_and_postcode_characters_are_checked()
    {
        Assert.Contains("at most 100", Errors(Fields(name: new string('a', 101)))["name"][0], StringComparison.Ordinal);
        Assert.Equal(["must not contain control characters."], Errors(Fields(name: "Ada\u0007"))["name"]);
        Assert.Equal(["must not contain '#'."], Errors(Fields(city: "London#2"))["city"]);
        Assert.Equal(["must be ASCII letters, digits, spaces and hyphens."], Errors(Fields(postcode: "SW1A;1AA"))["postcode"]);
        Assert.NotNull(CustomerFields.Validate(Fields(name: "Zoë 😀 Ng"), new FieldErrors()));
    }

    [Theory]
    [InlineData("""{"name":"Ada","email":"ada@example.com","state":"S","city":"C","postcode":"P","phone":"1"}""", "phone")]
    [InlineData("""{"name":"Ada","email":"ada@example.com","state":"S","city":"C","postcode":7}""", "postcode")]
    [InlineData("""{"name":"Ada","name":"Bea","email":"ada@example.com","state":"S","city":"C","postcode":"P"}""", "name")]
    [InlineData("""{"Name":"Ada","email":"ada@example.com","state":"S","city":"C","postcode":"P"}""", "Name")]
    public void a_json_body_names_each_bad_field(string json, string field)
    {
        var invalid = Assert.IsType<RegistrationRequest.Invalid>(RegistrationRequest.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(field, invalid.Errors.Keys);
    }

    [Fact]
    public void a_field_of_the_wrong_type_is_not_also_called_missing()
    {
        var invalid = Assert.IsType<RegistrationRequest.Invalid>(
            RegistrationRequest.Parse(Encoding.UTF8.GetBytes("""{"name":"Ada","email":"ada@example.com","state":3,"city":"C","postcode":"P"}""")));

        Assert.Equal(["must be a string."], invalid.Errors["state"]);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("not json")]
    public void a_body_that_is_not_a_json_object_is_malformed(string body)
    {
        Assert.IsType<RegistrationRequest.Malformed>(RegistrationRequest.Parse(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void the_request_hash_is_the_meaning_not_the_bytes()
    {
        var a = RegisterCustomerHandler.RequestHash(new CustomerDetails("Ada", "ada@example.com", "S", "C", "P"));

        Assert.Equal(a, RegisterCustomerHandler.RequestHash(new CustomerDetails("Ada", "ada@example.com", "S", "C", "P")));
        Assert.NotEqual(a, RegisterCustomerHandler.RequestHash(new CustomerDetails("Ada", "ada@example.com", "S", "C", "P2")));
        Assert.NotEqual(
            RegisterCustomerHandler.RequestHash(new CustomerDetails("a,b", "x@example.com", "S", "C", "P")),
            RegisterCustomerHandler.RequestHash(new CustomerDetails("a", "b,x@example.com", "S", "C", "P")));
    }
}
