namespace Razors.LocalCloud.Tests.Patterns;

public sealed class when_matching_string_operators
{
    [Theory]
    [InlineData("""{"a":[{"prefix":"us-"}]}""", """{"a":"us-east-1"}""", true)]
    [InlineData("""{"a":[{"prefix":"us-"}]}""", """{"a":"US-east-1"}""", false)]
    [InlineData("""{"a":[{"prefix":"us-"}]}""", """{"a":"eu-us-"}""", false)]
    [InlineData("""{"a":[{"prefix":""}]}""", """{"a":""}""", true)]
    [InlineData("""{"a":[{"prefix":""}]}""", """{"a":"anything"}""", true)]
    [InlineData("""{"a":[{"prefix":""}]}""", """{"a":5}""", false)]
    [InlineData("""{"a":[{"prefix":""}]}""", """{"a":null}""", false)]
    [InlineData("""{"a":[{"prefix":"1"}]}""", """{"a":12}""", false)]
    [InlineData("""{"a":[{"prefix":"t"}]}""", """{"a":true}""", false)]
    [InlineData("""{"a":[{"prefix":{"equals-ignore-case":"EventB"}}]}""", """{"a":"eventbridge"}""", true)]
    [InlineData("""{"a":[{"prefix":{"equals-ignore-case":"ÉVÉ"}}]}""", """{"a":"évén"}""", true)]
    public void prefix_matches_the_start_of_strings_only(string pattern, string @event, bool matches) =>
        Assert.Equal(matches, Match.Of(pattern, @event));

    [Theory]
    [InlineData("""{"a":[{"suffix":".png"}]}""", """{"a":"x.png"}""", true)]
    [InlineData("""{"a":[{"suffix":".png"}]}""", """{"a":"x.png "}""", false)]
    [InlineData("""{"a":[{"suffix":"日本"}]}""", """{"a":"こんにちは日本"}""", true)]
    [InlineData("""{"a":[{"suffix":"🚀"}]}""", """{"a":"go \ud83d\ude80"}""", true)]
    [InlineData("""{"a":[{"suffix":"5"}]}""", """{"a":5}""", false)]
    [InlineData("""{"a":[{"suffix":{"equals-ignore-case":".PNG"}}]}""", """{"a":"x.Png"}""", true)]
    [InlineData("""{"a":[{"suffix":{"equals-ignore-case":".PNG"}}]}""", """{"a":"x.jpg"}""", false)]
    public void suffix_matches_the_end_of_strings_only(string pattern, string @event, bool matches) =>
        Assert.Equal(matches, Match.Of(pattern, @event));

    [Theory]
    [InlineData("""{"a":[{"equals-ignore-case":"alice"}]}""", """{"a":"ALICE"}""", true)]
    [InlineData("""{"a":[{"equals-ignore-case":"alice"}]}""", """{"a":"alice "}""", false)]
    [InlineData("""{"a":[{"equals-ignore-case":"ΣΟΦΙΑ"}]}""", """{"a":"σοφια"}""", true)]
    [InlineData("""{"a":[{"equals-ignore-case":""}]}""", """{"a":""}""", true)]
    [InlineData("""{"a":[{"equals-ignore-case":""}]}""", """{"a":" "}""", false)]
    [InlineData("""{"a":[{"equals-ignore-case":"true"}]}""", """{"a":true}""", false)]
    public void equals_ignore_case_compares_whole_strings_without_case(string pattern, string @event, bool matches) =>
        Assert.Equal(matches, Match.Of(pattern, @event));

    [Theory]
    [InlineData("""{"a":[{"wildcard":"dir/*.png"}]}""", """{"a":"dir/a/b.png"}""", true)]
    [InlineData("""{"a":[{"wildcard":"*"}]}""", """{"a":""}""", true)]
    [InlineData("""{"a":[{"wildcard":"a*b*c"}]}""", """{"a":"abc"}""", true)]
    [InlineData("""{"a":[{"wildcard":"a*b*c"}]}""", """{"a":"a-b-b-c"}""", true)]
    [InlineData("""{"a":[{"wildcard":"a*b*c"}]}""", """{"a":"a-c-b"}""", false)]
    [InlineData("""{"a":[{"wildcard":"*ab*ab*"}]}""", """{"a":"xabx"}""", false)]
    [InlineData("""{"a":[{"wildcard":"*ab*ab*"}]}""", """{"a":"abab"}""", true)]
    [InlineData("""{"a":[{"wildcard":"aa*aa"}]}""", """{"a":"aaa"}""", false)]
    [InlineData("""{"a":[{"wildcard":"arn:*:bus/*"}]}""", """{"a":"arn:aws:events:bus/default"}""", true)]
    [InlineData("""{"a":[{"wildcard":"a\\*b"}]}""", """{"a":"a*b"}""", true)]
    [InlineData("""{"a":[{"wildcard":"a\\*b"}]}""", """{"a":"axb"}""", false)]
    [InlineData("""{"a":[{"wildcard":"a\\\\*"}]}""", """{"a":"a\\anything"}""", true)]
    [InlineData("""{"a":[{"wildcard":"a\\\\*"}]}""", """{"a":"a-anything"}""", false)]
    [InlineData("""{"a":[{"wildcard":""}]}""", """{"a":""}""", true)]
    [InlineData("""{"a":[{"wildcard":""}]}""", """{"a":"x"}""", false)]
    [InlineData("""{"a":[{"wildcard":"1*"}]}""", """{"a":12}""", false)]
    [InlineData("""{"a":[{"wildcard":"A*"}]}""", """{"a":"abc"}""", false)]
    public void wildcard_star_spans_any_run_of_characters(string pattern, string @event, bool matches) =>
        Assert.Equal(matches, Match.Of(pattern, @event));

    [Fact]
    public void long_event_strings_are_matched_in_full()
    {
        var value = new string('x', 5000) + "end";
        Assert.True(Match.Of("""{"a":[{"suffix":"xend"}]}""", $$"""{"a":"{{value}}"}"""));
        Assert.True(Match.Of("""{"a":[{"wildcard":"x*x*end"}]}""", $$"""{"a":"{{value}}"}"""));
        Assert.False(Match.Of("""{"a":[{"prefix":"y"}]}""", $$"""{"a":"{{value}}"}"""));
    }
}
