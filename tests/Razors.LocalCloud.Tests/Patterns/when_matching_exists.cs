namespace Razors.LocalCloud.Tests.Patterns;

public sealed class when_matching_exists
{
    [Theory]
    [InlineData("""{"a":"x"}""", true)]
    [InlineData("""{"a":0}""", true)]
    [InlineData("""{"a":null}""", true)]
    [InlineData("""{"a":["x"]}""", true)]
    [InlineData("""{"a":[]}""", false)]
    [InlineData("""{"a":{"b":"x"}}""", false)]
    [InlineData("""{"b":"x"}""", false)]
    public void exists_true_needs_a_leaf_at_the_path(string @event, bool matches) =>
        Assert.Equal(matches, Match.Of("""{"a":[{"exists":true}]}""", @event));

    [Theory]
    [InlineData("""{"b":"x"}""", true)]
    [InlineData("""{"a":{"b":"x"}}""", true)]
    [InlineData("""{"a":[]}""", true)]
    [InlineData("""{"a":"x"}""", false)]
    [InlineData("""{"a":null}""", false)]
    [InlineData("""{"a":["x"]}""", false)]
    public void exists_false_needs_no_leaf_at_the_path(string @event, bool matches) =>
        Assert.Equal(matches, Match.Of("""{"a":[{"exists":false}]}""", @event));

    [Theory]
    [InlineData("""{"b":1}""", true)]
    [InlineData("""{"a":"scalar"}""", true)]
    [InlineData("""{"a":{"c":{"d":1}}}""", true)]
    [InlineData("""{"a":{"b":{"c":1}}}""", false)]
    public void exists_false_holds_when_intermediate_keys_are_missing(string @event, bool matches) =>
        Assert.Equal(matches, Match.Of("""{"a":{"b":{"c":[{"exists":false}]}}}""", @event));

    [Fact]
    public void a_dynamodb_attribute_exists_on_its_type_leaf_not_on_the_attribute()
    {
        const string record = """{"dynamodb":{"NewImage":{"kind":{"S":"outbox"}}}}""";
        Assert.True(Match.Of("""{"dynamodb":{"NewImage":{"kind":{"S":[{"exists":true}]}}}}""", record));
        Assert.False(Match.Of("""{"dynamodb":{"NewImage":{"kind":[{"exists":true}]}}}""", record));
        Assert.True(Match.Of("""{"dynamodb":{"NewImage":{"kind":[{"exists":false}]}}}""", record));
    }

    [Fact]
    public void exists_false_next_to_other_fields_of_an_array_element_is_judged_on_that_element()
    {
        const string pattern = """{"employees":{"firstName":["Anna"],"ids":[{"exists":false}]}}""";
        Assert.True(Match.Of(pattern, """{"employees":[{"firstName":"Anna"},{"firstName":"Peter","ids":[1]}]}"""));
        Assert.False(Match.Of(pattern, """{"employees":[{"firstName":"Anna","ids":[1]},{"firstName":"Peter"}]}"""));
        Assert.True(Match.Of(pattern, """{"employees":[{"firstName":"Anna","ids":[]}]}"""));
    }

    [Fact]
    public void a_lone_exists_false_under_an_array_is_judged_on_every_element()
    {
        const string pattern = """{"x":{"y":[{"exists":false}]}}""";
        Assert.False(Match.Of(pattern, """{"x":[{"y":1},{"z":2}]}"""));
        Assert.True(Match.Of(pattern, """{"x":[{"z":1},{"z":2}]}"""));
        Assert.True(Match.Of(pattern, """{"x":[]}"""));
    }

    [Fact]
    public void exists_true_or_false_in_one_list_matches_any_event()
    {
        const string pattern = """{"a":[{"exists":true},{"exists":false}]}""";
        Assert.True(Match.Of(pattern, """{"a":1}"""));
        Assert.True(Match.Of(pattern, """{"b":1}"""));
    }
}
