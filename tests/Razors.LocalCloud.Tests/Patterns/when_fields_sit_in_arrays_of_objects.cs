namespace Razors.LocalCloud.Tests.Patterns;

public sealed class when_fields_sit_in_arrays_of_objects
{
    private const string AnnaJones = """{"employees":{"firstName":["Anna"],"lastName":["Jones"]}}""";

    [Fact]
    public void fields_from_different_elements_do_not_combine() =>
        Assert.False(Match.Of(AnnaJones,
            """{"employees":[{"firstName":"Anna","lastName":"Smith"},{"firstName":"Peter","lastName":"Jones"}]}"""));

    [Fact]
    public void one_element_satisfying_every_field_matches() =>
        Assert.True(Match.Of(AnnaJones,
            """{"employees":[{"firstName":"Peter","lastName":"Jones"},{"firstName":"Anna","lastName":"Jones"}]}"""));

    [Fact]
    public void the_same_element_rule_holds_through_nested_objects() =>
        Assert.False(Match.Of(
            """{"a":{"b":{"c":[1]},"d":{"e":[2]}}}""",
            """{"a":[{"b":{"c":1}},{"d":{"e":2}}]}"""));

    [Fact]
    public void separate_arrays_under_one_object_are_independent() =>
        Assert.True(Match.Of(
            """{"a":{"b":{"c":[1]},"d":{"e":[2]}}}""",
            """{"a":{"b":[{"c":0},{"c":1}],"d":[{"e":2},{"e":3}]}}"""));

    [Fact]
    public void nested_arrays_of_objects_are_searched_element_by_element() =>
        Assert.True(Match.Of(
            """{"songs":{"title":["Hello"],"artist":["Adele"]}}""",
            """{"songs":[[{"title":"Hi","artist":"X"}],[{"title":"Hello","artist":"Adele"}]]}"""));

    [Fact]
    public void a_resources_list_matches_when_it_intersects_the_pattern()
    {
        const string pattern = """{"resources":["arn:1","arn:2"]}""";
        Assert.True(Match.Of(pattern, """{"resources":["arn:0","arn:2"]}"""));
        Assert.False(Match.Of(pattern, """{"resources":["arn:0","arn:3"]}"""));
    }
}
