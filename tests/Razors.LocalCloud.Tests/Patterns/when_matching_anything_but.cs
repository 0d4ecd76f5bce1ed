namespace Razors.LocalCloud.Tests.Patterns;

public sealed class when_matching_anything_but
{
    [Theory]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"b":"y"}""", false)]
    [InlineData("""{"a":[{"anything-but":{"prefix":"x"}}]}""", """{"b":"y"}""", false)]
    [InlineData("""{"a":[{"anything-but":[1,2]}]}""", """{"b":3}""", false)]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"a":{"b":"y"}}""", false)]
    public void a_missing_field_never_matches(string pattern, string @event, bool matches) =>
        Assert.Equal(matches, Match.Of(pattern, @event));

    [Theory]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"a":null}""")]
    [InlineData("""{"a":[{"anything-but":[1,2]}]}""", """{"a":null}""")]
    [InlineData("""{"a":[{"anything-but":{"suffix":"x"}}]}""", """{"a":null}""")]
    [InlineData("""{"a":[{"anything-but":[111,222]}]}""", """{"a":"444"}""")]
    [InlineData("""{"a":[{"anything-but":[111,222]}]}""", """{"a":"111"}""")]
    [InlineData("""{"a":[{"anything-but":"111"}]}""", """{"a":111}""")]
    [InlineData("""{"a":[{"anything-but":{"prefix":"init"}}]}""", """{"a":12}""")]
    [InlineData("""{"a":[{"anything-but":{"equals-ignore-case":"true"}}]}""", """{"a":true}""")]
    [InlineData("""{"a":[{"anything-but":{"wildcard":"*"}}]}""", """{"a":1}""")]
    public void a_value_of_another_type_or_null_is_not_excluded(string pattern, string @event) =>
        Assert.True(Match.Of(pattern, @event));

    [Theory]
    [InlineData("""{"a":[{"anything-but":100}]}""", """{"a":1e2}""", false)]
    [InlineData("""{"a":[{"anything-but":[100,200]}]}""", """{"a":200.0}""", false)]
    [InlineData("""{"a":[{"anything-but":[100,200]}]}""", """{"a":150}""", true)]
    [InlineData("""{"a":[{"anything-but":["x","y"]}]}""", """{"a":"y"}""", false)]
    [InlineData("""{"a":[{"anything-but":["x","y"]}]}""", """{"a":"Y"}""", true)]
    [InlineData("""{"a":[{"anything-but":{"prefix":["a","b"]}}]}""", """{"a":"bee"}""", false)]
    [InlineData("""{"a":[{"anything-but":{"prefix":["a","b"]}}]}""", """{"a":"cee"}""", true)]
    [InlineData("""{"a":[{"anything-but":{"suffix":[".png",".jpg"]}}]}""", """{"a":"x.jpg"}""", false)]
    [InlineData("""{"a":[{"anything-but":{"suffix":".png"}}]}""", """{"a":"x.PNG"}""", true)]
    [InlineData("""{"a":[{"anything-but":{"equals-ignore-case":["Stop","Pause"]}}]}""", """{"a":"PAUSE"}""", false)]
    [InlineData("""{"a":[{"anything-but":{"equals-ignore-case":""}}]}""", """{"a":""}""", false)]
    [InlineData("""{"a":[{"anything-but":{"equals-ignore-case":""}}]}""", """{"a":"x"}""", true)]
    [InlineData("""{"a":[{"anything-but":{"wildcard":["*/lib/*","*.tmp"]}}]}""", """{"a":"a.tmp"}""", false)]
    [InlineData("""{"a":[{"anything-but":{"wildcard":["*/lib/*","*.tmp"]}}]}""", """{"a":"a.txt"}""", true)]
    [InlineData("""{"a":[{"anything-but":{"wildcard":""}}]}""", """{"a":""}""", false)]
    public void only_values_of_the_excluded_kind_are_excluded(string pattern, string @event, bool matches) =>
        Assert.Equal(matches, Match.Of(pattern, @event));

    [Theory]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"a":["x","y"]}""", true)]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"a":["x","x"]}""", false)]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"a":[]}""", false)]
    public void an_event_array_matches_when_some_element_is_not_excluded(string pattern, string @event, bool matches) =>
        Assert.Equal(matches, Match.Of(pattern, @event));

    [Fact]
    public void two_anything_but_entries_in_one_list_are_ored_so_everything_matches()
    {
        const string pattern = """{"a":[{"anything-but":"x"},{"anything-but":"y"}]}""";
        Assert.True(Match.Of(pattern, """{"a":"x"}"""));
        Assert.True(Match.Of(pattern, """{"a":"y"}"""));
        Assert.False(Match.Of(pattern, """{"b":"x"}"""));
    }
}
