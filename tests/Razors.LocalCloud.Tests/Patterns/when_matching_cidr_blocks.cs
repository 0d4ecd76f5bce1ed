namespace Razors.LocalCloud.Tests.Patterns;

public sealed class when_matching_cidr_blocks
{
    [Theory]
    [InlineData("10.0.0.0/24", "10.0.0.0", true)]
    [InlineData("10.0.0.0/24", "10.0.0.255", true)]
    [InlineData("10.0.0.0/24", "10.0.1.0", false)]
    [InlineData("10.0.0.0/24", "9.255.255.255", false)]
    [InlineData("220.160.154.255/24", "220.160.154.0", true)]
    [InlineData("220.160.154.255/24", "220.160.154.17", true)]
    [InlineData("0.0.0.0/0", "255.255.255.255", true)]
    [InlineData("192.168.0.0/31", "192.168.0.1", true)]
    [InlineData("192.168.0.0/31", "192.168.0.2", false)]
    [InlineData("2001:db8:1234:1a00::/64", "2001:db8:1234:1a00:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8:1234:1a00::/64", "2001:0DB8:1234:1A00:0000:0000:0000:0001", true)]
    [InlineData("2001:db8:1234:1a00::/64", "2001:db8:1234:1a01::", false)]
    [InlineData("::/1", "::", true)]
    [InlineData("::/1", "7fff::1", true)]
    [InlineData("::/1", "8000::", false)]
    [InlineData("2001:db8::/32", "2001:db8:0:0:0:0:0:1", true)]
    [InlineData("2001:db8::/32", "2001:db8::0:1", true)]
    [InlineData("2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8::/32", "2001:db9::", false)]
    [InlineData("2001:db8::/32", "2001:db8::1::2", false)]
    [InlineData("2001:db8::/32", "2001:db8:::1", false)]
    [InlineData("2001:db8::/32", "2001:db8:0:0:0:0:0:0:1", false)]
    [InlineData("2001:db8::/32", "2001:db8:0:0:0:0:1", false)]
    [InlineData("2001:db8::/32", "2001:db8::12345", false)]
    [InlineData("2001:db8::/32", "2001:db8::1%eth0", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.0.0.1", false)]
    [InlineData("::/0", "10.0.0.1", false)]
    [InlineData("10.0.0.0/8", "10.0.0", false)]
    [InlineData("10.0.0.0/8", "10", false)]
    [InlineData("10.0.0.0/8", "10.0.0.1 ", false)]
    [InlineData("10.0.0.0/8", "10.0.0.1/32", false)]
    [InlineData("10.0.0.0/8", "not an address", false)]
    public void addresses_are_compared_by_value(string cidr, string address, bool matches) =>
        Assert.Equal(matches, Match.Of($$"""{"ip":[{"cidr":"{{cidr}}"}]}""", $$"""{"ip":"{{address}}"}"""));

    [Theory]
    [InlineData("""{"ip":10}""")]
    [InlineData("""{"ip":null}""")]
    [InlineData("""{"other":"10.0.0.1"}""")]
    public void values_that_are_not_strings_never_match(string @event) =>
        Assert.False(Match.Of("""{"ip":[{"cidr":"10.0.0.0/8"}]}""", @event));

    [Fact]
    public void a_string_literal_that_is_an_address_matches_any_spelling_of_it()
    {
        const string pattern = """{"ip":["2001:db8::1"]}""";
        Assert.True(Match.Of(pattern, """{"ip":"2001:0db8:0000:0000:0000:0000:0000:0001"}"""));
        Assert.True(Match.Of(pattern, """{"ip":"2001:db8::1"}"""));
        Assert.False(Match.Of(pattern, """{"ip":"2001:db8::2"}"""));
    }
}
