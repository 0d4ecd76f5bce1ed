using Razors.LocalCloud.Patterns;

namespace Razors.LocalCloud.Tests.Patterns;

public sealed class when_combining_alternatives_with_or
{
    [Theory]
    [InlineData("""{"source":"s","a":"1"}""", true)]
    [InlineData("""{"source":"s","b":"2","c":"3"}""", true)]
    [InlineData("""{"source":"s","b":"2"}""", false)]
    [InlineData("""{"source":"other","a":"1"}""", false)]
    public void a_top_level_or_is_anded_with_its_sibling_fields(string @event, bool matches) =>
        Assert.Equal(matches, Match.Of(
            """{"source":["s"],"$or":[{"a":["1"]},{"b":["2"],"c":["3"]}]}""", @event));

    [Theory]
    [InlineData("""{"d":{"x":1}}""", true)]
    [InlineData("""{"d":{"y":"p-1"}}""", true)]
    [InlineData("""{"d":{"z":true}}""", true)]
    [InlineData("""{"d":{"y":"q"}}""", false)]
    public void nested_or_inside_a_branch_adds_alternatives(string @event, bool matches) =>
        Assert.Equal(matches, Match.Of(
            """{"d":{"$or":[{"x":[1]},{"$or":[{"y":[{"prefix":"p-"}]},{"z":[true]}]}]}}""", @event));

    [Fact]
    public void fields_of_an_or_branch_and_its_siblings_must_come_from_the_same_array_element()
    {
        const string pattern = """{"items":{"kind":["book"],"$or":[{"price":[{"numeric":["<",10]}]},{"used":[true]}]}}""";
        Assert.True(Match.Of(pattern, """{"items":[{"kind":"pen","price":1},{"kind":"book","used":true}]}"""));
        Assert.False(Match.Of(pattern, """{"items":[{"kind":"pen","price":1},{"kind":"book","price":50}]}"""));
    }

    [Fact]
    public void a_field_named_after_the_or_applies_to_every_branch()
    {
        const string pattern = """{"$or":[{"a":["1"]},{"b":["2"]}],"c":["3"]}""";
        Assert.True(Match.Of(pattern, """{"b":"2","c":"3"}"""));
        Assert.False(Match.Of(pattern, """{"b":"2"}"""));
    }

    [Fact]
    public void up_to_1000_combinations_are_accepted()
    {
        // 10 × 10 × 10 = 1000 combinations.
        Assert.True(EventPattern.TryParse(OrGroups(groups: 3, branches: 10), out var pattern, out var error), error);
        Assert.True(pattern.Matches("""{"g0":{"k9":"v"},"g1":{"k0":"v"},"g2":{"k5":"v"}}"""));
        Assert.False(pattern.Matches("""{"g0":{"k9":"v"},"g1":{"k0":"v"}}"""));
    }

    [Fact]
    public void more_than_1000_combinations_are_refused()
    {
        // 1001 = 7 × 11 × 13.
        var error = Match.ErrorOf($$"""{"a":{{Or(7)}},"b":{{Or(11)}},"c":{{Or(13)}}}""");
        Assert.Contains("1000", error, StringComparison.Ordinal);
    }

    [Fact]
    public void nested_or_counts_branches_as_a_sum_within_and_a_product_across()
    {
        // ((a|b|c) | d) per group: 4 combinations; 4^5 = 1024 is over the limit, 4^4 = 256 is not.
        const string group = """{"$or":[{"$or":[{"a":["1"]},{"b":["1"]},{"c":["1"]}]},{"d":["1"]}]}""";
        Assert.True(EventPattern.TryParse(Groups(group, 4), out _, out var error), error);
        Assert.Contains("1000", Match.ErrorOf(Groups(group, 5)), StringComparison.Ordinal);
    }

    private static string OrGroups(int groups, int branches) =>
        "{" + string.Join(",", Enumerable.Range(0, groups).Select(g => $"\"g{g}\":{Or(branches)}")) + "}";

    private static string Or(int branches) =>
        """{"$or":[""" + string.Join(",", Enumerable.Range(0, branches).Select(k => $$"""{"k{{k}}":["v"]}""")) + "]}";

    private static string Groups(string group, int count) =>
        "{" + string.Join(",", Enumerable.Range(0, count).Select(g => $"\"g{g}\":{group}")) + "}";
}
