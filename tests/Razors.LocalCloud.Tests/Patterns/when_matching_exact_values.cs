namespace Razors.LocalCloud.Tests.Patterns;

public sealed class when_matching_exact_values
{
    [Theory]
    // Strings: ordinal, no folding or normalisation
    [InlineData("""{"a":["x"]}""", """{"a":"x"}""", true)]
    [InlineData("""{"a":["x"]}""", """{"a":"X"}""", false)]
    [InlineData("""{"a":["x"]}""", """{"a":"x "}""", false)]
    [InlineData("""{"a":["é"]}""", """{"a":"e\u0301"}""", false)]
    [InlineData("""{"a":["Aé🚀"]}""", """{"a":"\u0041\u00e9\ud83d\ude80"}""", true)]
    // Literals match only the literal
    [InlineData("""{"a":[true]}""", """{"a":true}""", true)]
    [InlineData("""{"a":[true]}""", """{"a":"true"}""", false)]
    [InlineData("""{"a":["true"]}""", """{"a":true}""", false)]
    [InlineData("""{"a":[false]}""", """{"a":true}""", false)]
    [InlineData("""{"a":["444"]}""", """{"a":444}""", false)]
    [InlineData("""{"a":[444]}""", """{"a":"444"}""", false)]
    // Null, empty and missing are different
    [InlineData("""{"a":[null]}""", """{"a":null}""", true)]
    [InlineData("""{"a":[null]}""", """{"a":"null"}""", false)]
    [InlineData("""{"a":[null]}""", """{"b":null}""", false)]
    [InlineData("""{"a":[null]}""", """{"a":[]}""", false)]
    [InlineData("""{"a":[""]}""", """{"a":""}""", true)]
    [InlineData("""{"a":[""]}""", """{"b":""}""", false)]
    // Numbers compare by value, read from the raw text
    [InlineData("""{"a":[300]}""", """{"a":3.0e2}""", true)]
    [InlineData("""{"a":[3.0e2]}""", """{"a":300.0}""", true)]
    [InlineData("""{"a":[300]}""", """{"a":300.5}""", false)]
    [InlineData("""{"a":[0]}""", """{"a":-0}""", true)]
    [InlineData("""{"a":[1E400]}""", """{"a":1E400}""", true)]
    [InlineData("""{"a":[1E400]}""", """{"a":1E401}""", false)]
    // Event arrays: any element, nested arrays flattened
    [InlineData("""{"a":["x"]}""", """{"a":["w","x"]}""", true)]
    [InlineData("""{"a":["x"]}""", """{"a":[["w"],[["x"]]]}""", true)]
    [InlineData("""{"a":["x"]}""", """{"a":[]}""", false)]
    [InlineData("""{"a":[1,"y"]}""", """{"a":["w",1.0]}""", true)]
    // Nesting
    [InlineData("""{"a":{"b":["x"]}}""", """{"a":{"b":"x"}}""", true)]
    [InlineData("""{"a":{"b":["x"]}}""", """{"a":"x"}""", false)]
    [InlineData("""{"a":{"b":["x"]}}""", """{"a":{"c":{"b":"x"}}}""", false)]
    [InlineData("""{"a":["x"]}""", """{"a":{"b":"x"}}""", false)]
    [InlineData("""{"a":{"b":["x"]}}""", """{"a":"{\"b\":\"x\"}"}""", false)]
    // AND across fields, OR within a list
    [InlineData("""{"a":["x"],"b":["y"]}""", """{"a":"x","b":"y"}""", true)]
    [InlineData("""{"a":["x"],"b":["y"]}""", """{"a":"x","b":"z"}""", false)]
    [InlineData("""{"a":["x"],"b":["y"]}""", """{"a":"x"}""", false)]
    [InlineData("""{"a":["x",{"prefix":"y"},{"numeric":[">",10]}]}""", """{"a":11}""", true)]
    [InlineData("""{"a":["x",{"prefix":"y"},{"numeric":[">",10]}]}""", """{"a":"yes"}""", true)]
    [InlineData("""{"a":["x",{"prefix":"y"},{"numeric":[">",10]}]}""", """{"a":9}""", false)]
    // Field names are case-sensitive and may be escaped in the event
    [InlineData("""{"Ab":["x"]}""", """{"ab":"x"}""", false)]
    [InlineData("""{"Ab":["x"]}""", """{"\u0041b":"x"}""", true)]
    public void the_event_matches_only_equal_values(string pattern, string @event, bool matches) =>
        Assert.Equal(matches, Match.Of(pattern, @event));

    [Theory]
    [InlineData("""{"a":["x"],"a":["y"]}""", """{"a":"y"}""", true)]
    [InlineData("""{"a":["x"],"a":["y"]}""", """{"a":"x"}""", false)]
    [InlineData("""{"a":{"b":["x"]},"a.b":["y"]}""", """{"a":{"b":"y"}}""", true)]
    [InlineData("""{"a":{"b":["x"]},"a.b":["y"]}""", """{"a":{"b":"x"}}""", false)]
    public void a_duplicate_key_keeps_the_last_value(string pattern, string @event, bool matches) =>
        Assert.Equal(matches, Match.Of(pattern, @event));

    [Theory]
    [InlineData("""{"state.status":["running"]}""", """{"state":{"status":"running"}}""", true)]
    [InlineData("""{"state":{"status":["running"]}}""", """{"state.status":"running"}""", true)]
    [InlineData("""{"state.status":["running"]}""", """{"state.status":"running"}""", true)]
    [InlineData("""{"a":{"b.c":["x"]}}""", """{"a.b":{"c":"x"}}""", true)]
    [InlineData("""{"a":{"b":["x"],"c":["y"]}}""", """{"a.b":"x","a":{"c":"y"}}""", true)]
    [InlineData("""{"a":{"b":["x"]}}""", """{"a.b":"y","a":{"b":"x"}}""", true)]
    [InlineData("""{"a":{"b":["z"]}}""", """{"a.b":"y","a":{"b":"x"}}""", false)]
    [InlineData("""{"state.status":["running"]}""", """{"state":{"status":"stopped"}}""", false)]
    [InlineData("""{"x":{"state":{"status":["running"]}}}""", """{"x":[{"state.status":"stopped"},{"state.status":"running"}]}""", true)]
    public void dotted_keys_join_with_nested_objects(string pattern, string @event, bool matches) =>
        Assert.Equal(matches, Match.Of(pattern, @event));

    [Fact]
    public void a_stream_record_filter_matches_the_outbox_insert()
    {
        var filter = Razors.LocalCloud.Patterns.EventPattern.Parse(
            """{"eventName":["INSERT"],"dynamodb":{"NewImage":{"kind":{"S":["outbox"]}}}}""");
        const string record = """
            {"eventID":"1","eventName":"INSERT","eventSource":"aws:dynamodb",
             "dynamodb":{"Keys":{"pk":{"S":"OUTBOX#1"}},"NewImage":{"pk":{"S":"OUTBOX#1"},"kind":{"S":"outbox"},"n":{"N":"3"}},
                         "SequenceNumber":"100","StreamViewType":"NEW_IMAGE"}}
            """;

        Assert.True(filter.Matches(record));
        Assert.False(filter.Matches(record.Replace("\"INSERT\"", "\"MODIFY\"", StringComparison.Ordinal)));
        Assert.False(filter.Matches(record.Replace("\"outbox\"", "\"state\"", StringComparison.Ordinal)));
    }
}
