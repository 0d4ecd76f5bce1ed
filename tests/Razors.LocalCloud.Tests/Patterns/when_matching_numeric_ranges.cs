namespace Razors.LocalCloud.Tests.Patterns;

public sealed class when_matching_numeric_ranges
{
    [Theory]
    [InlineData("""["=",301.8]""", "3.018e2", true)]
    [InlineData("""["=",300]""", "300.0", true)]
    [InlineData("""["=",300]""", "300.0001", false)]
    [InlineData("""["<",10]""", "9.999", true)]
    [InlineData("""["<",10]""", "10", false)]
    [InlineData("""["<=",10]""", "10", true)]
    [InlineData("""["<=",10]""", "10.5", false)]
    [InlineData("""[">",0]""", "0", false)]
    [InlineData("""[">",0]""", "1e-300", true)]
    [InlineData("""[">=",0]""", "-0", true)]
    [InlineData("""[">=",-5,"<",5]""", "-5", true)]
    [InlineData("""[">=",-5,"<",5]""", "5", false)]
    [InlineData("""[">",-5,"<=",5]""", "-5", false)]
    [InlineData("""[">",-5,"<=",5]""", "5", true)]
    [InlineData("""[">",1e9,"<",1e10]""", "5000000000", true)]
    [InlineData("""[">",0]""", "\"5\"", false)]
    [InlineData("""[">",0]""", "null", false)]
    [InlineData("""[">",0]""", "true", false)]
    [InlineData("""[">",0]""", "1E400", false)]
    [InlineData("""["<",0]""", "-1E400", false)]
    [InlineData("""[">",0]""", "[-1,2]", true)]
    [InlineData("""[">",0]""", "[-1,-2]", false)]
    public void only_json_numbers_inside_the_bounds_match(string range, string value, bool matches) =>
        Assert.Equal(matches, Match.Of($$"""{"a":[{"numeric":{{range}}}]}""", $$"""{"a":{{value}}}"""));

    [Fact]
    public void a_range_and_a_literal_in_one_list_are_ored()
    {
        const string pattern = """{"a":[{"numeric":[">",10,"<",20]},5]}""";
        Assert.True(Match.Of(pattern, """{"a":5.0}"""));
        Assert.True(Match.Of(pattern, """{"a":15}"""));
        Assert.False(Match.Of(pattern, """{"a":7}"""));
    }
}
