using Razors.LocalCloud.Patterns;

namespace Razors.LocalCloud.Tests.Patterns;

public sealed class when_a_pattern_is_invalid
{
    [Theory]
    // Structure (§1, §4)
    [InlineData("""["a"]""", "Filter is not an object")]
    [InlineData("""{"x":"a"}""", "\"x\" must be an object or an array")]
    [InlineData("""{"x":5}""", "\"x\" must be an object or an array")]
    [InlineData("""{"x":[]}""", "Empty arrays are not allowed")]
    [InlineData("""{}""", "Empty objects are not allowed")]
    [InlineData("""{"x":{}}""", "Empty objects are not allowed")]
    [InlineData("""{"x":[["a"]]}""", "Match value must be String, number, true, false, or null")]
    [InlineData("""{"x":""", "not valid JSON")]
    // Matcher names and shape
    [InlineData("""{"x":[{"NUMERIC":[">",1]}]}""", "Unrecognized match type NUMERIC")]
    [InlineData("""{"x":[{"EXISTS":true}]}""", "Unrecognized match type EXISTS")]
    [InlineData("""{"x":[{"prefix":"a","suffix":"b"}]}""", "Only one key allowed in match expression")]
    [InlineData("""{"x":[{}]}""", "Match expression name not found")]
    // prefix, suffix, equals-ignore-case, wildcard take strings
    [InlineData("""{"x":[{"prefix":1}]}""", "prefix match pattern must be a string")]
    [InlineData("""{"x":[{"prefix":["a"]}]}""", "prefix match pattern must be a string")]
    [InlineData("""{"x":[{"suffix":{"equals-ignore-case":1}}]}""", "equals-ignore-case match pattern must be a string")]
    [InlineData("""{"x":[{"suffix":{"other":"a"}}]}""", "Unsupported suffix pattern")]
    [InlineData("""{"x":[{"prefix":{"equals-ignore-case":"a","x":"b"}}]}""", "Only one key allowed in match expression")]
    [InlineData("""{"x":[{"equals-ignore-case":["a"]}]}""", "equals-ignore-case match pattern must be a string")]
    [InlineData("""{"x":[{"wildcard":{"a":"b"}}]}""", "wildcard match pattern must be a string")]
    // wildcard syntax: positions are UTF-8 offsets in the quoted value, as event-ruler reports them
    [InlineData("""{"x":[{"wildcard":"abc**def"}]}""", "Consecutive wildcard characters at pos 4")]
    [InlineData("""{"x":[{"wildcard":"ab**"}]}""", "Consecutive wildcard characters at pos 3")]
    [InlineData("""{"x":[{"wildcard":"a*c\\def"}]}""", "Invalid escape character at pos 4")]
    [InlineData("""{"x":[{"wildcard":"abc\\"}]}""", "Invalid escape character at pos 4")]
    // anything-but
    [InlineData("""{"x":[{"anything-but":null}]}""", "Value of anything-but must be an array or single string/number value.")]
    [InlineData("""{"x":[{"anything-but":true}]}""", "Value of anything-but must be an array or single string/number value.")]
    [InlineData("""{"x":[{"anything-but":["a",1]}]}""", "mixed type is not supported")]
    [InlineData("""{"x":[{"anything-but":[]}]}""", "mixed type is not supported")]
    [InlineData("""{"x":[{"anything-but":["a",null]}]}""", "Inside anything but list, start|null|boolean is not supported.")]
    [InlineData("""{"x":[{"anything-but":[false]}]}""", "Inside anything but list, start|null|boolean is not supported.")]
    [InlineData("""{"x":[{"anything-but":{"prefix":""}}]}""", "Null prefix/suffix not allowed")]
    [InlineData("""{"x":[{"anything-but":{"suffix":""}}]}""", "Null prefix/suffix not allowed")]
    [InlineData("""{"x":[{"anything-but":{"prefix":["a",""]}}]}""", "Null prefix/suffix not allowed")]
    [InlineData("""{"x":[{"anything-but":{"prefix":1}}]}""", "prefix match pattern must be a string")]
    [InlineData("""{"x":[{"anything-but":{"suffix":[1]}}]}""", "number|start|null|boolean is not supported")]
    [InlineData("""{"x":[{"anything-but":{"equals-ignore-case":5}}]}""", "equals-ignore-case match pattern must be a string")]
    [InlineData("""{"x":[{"anything-but":{"wildcard":["a",2]}}]}""", "number|start|null|boolean is not supported")]
    [InlineData("""{"x":[{"anything-but":{"wildcard":"a**"}}]}""", "Consecutive wildcard characters")]
    [InlineData("""{"x":[{"anything-but":{"prefix":{"equals-ignore-case":"a"}}}]}""", "prefix match pattern must be a string")]
    [InlineData("""{"x":[{"anything-but":{"numeric":[">",1]}}]}""", "Unsupported anything-but pattern: numeric")]
    [InlineData("""{"x":[{"anything-but":{"prefix":"a","suffix":"b"}}]}""", "Only one key allowed in match expression")]
    [InlineData("""{"x":[{"anything-but":{}}]}""", "Anything-But expression name not found")]
    // numeric
    [InlineData("""{"x":[{"numeric":">"}]}""", "Value of numeric must be an array.")]
    [InlineData("""{"x":[{"numeric":[]}]}""", "Invalid member in numeric match")]
    [InlineData("""{"x":[{"numeric":[5]}]}""", "Invalid member in numeric match: 5")]
    [InlineData("""{"x":[{"numeric":["!=",5]}]}""", "Unrecognized numeric range operator: !=")]
    [InlineData("""{"x":[{"numeric":["<","5"]}]}""", "Value of < must be numeric")]
    [InlineData("""{"x":[{"numeric":["<"]}]}""", "Value of < must be numeric")]
    [InlineData("""{"x":[{"numeric":["=",true]}]}""", "Value of = must be numeric")]
    [InlineData("""{"x":[{"numeric":["<",1E309]}]}""", "Value of < is out of range")]
    [InlineData("""{"x":[{"numeric":[">",0,">",5]}]}""", "Bad numeric range operator: >")]
    [InlineData("""{"x":[{"numeric":[">",0,"=",5]}]}""", "Bad numeric range operator: =")]
    [InlineData("""{"x":[{"numeric":[">",0,5]}]}""", "Bad value in numeric range: 5")]
    [InlineData("""{"x":[{"numeric":[">",0,"<","5"]}]}""", "Value of < must be numeric")]
    [InlineData("""{"x":[{"numeric":[">",5,"<",5]}]}""", "Bottom must be less than top")]
    [InlineData("""{"x":[{"numeric":[">=",10,"<=",1]}]}""", "Bottom must be less than top")]
    [InlineData("""{"x":[{"numeric":[">",0,"<",5,"<",6]}]}""", "Too many terms in numeric range expression")]
    [InlineData("""{"x":[{"numeric":["<",5,">",0]}]}""", "Too many elements in numeric expression")]
    [InlineData("""{"x":[{"numeric":["=",5,"<",6]}]}""", "Too many elements in numeric expression")]
    // exists
    [InlineData("""{"x":[{"exists":"true"}]}""", "exists match pattern must be either true or false.")]
    [InlineData("""{"x":[{"exists":null}]}""", "exists match pattern must be either true or false.")]
    [InlineData("""{"x":[{"exists":true,"prefix":"a"}]}""", "Only one key allowed in match expression")]
    // cidr
    [InlineData("""{"x":[{"cidr":10}]}""", "cidr match pattern must be a string")]
    [InlineData("""{"x":[{"cidr":"10.0.0.0"}]}""", "Malformed CIDR, one '/' required")]
    [InlineData("""{"x":[{"cidr":"10.0.0.0/8/8"}]}""", "Malformed CIDR, one '/' required")]
    [InlineData("""{"x":[{"cidr":"10.0.0.0/x"}]}""", "Malformed CIDR, mask bits must be an integer")]
    [InlineData("""{"x":[{"cidr":"10.0.0.0/-1"}]}""", "Malformed CIDR, mask bits must not be negative")]
    [InlineData("""{"x":[{"cidr":"10.0.0/8"}]}""", "Nonstandard IP address: 10.0.0")]
    [InlineData("""{"x":[{"cidr":"10.0.0.256/8"}]}""", "Nonstandard IP address: 10.0.0.256")]
    [InlineData("""{"x":[{"cidr":"example.com/8"}]}""", "Nonstandard IP address: example.com")]
    [InlineData("""{"x":[{"cidr":"::ffff:10.0.0.1/100"}]}""", "Nonstandard IP address: ::ffff:10.0.0.1")]
    [InlineData("""{"x":[{"cidr":"10.0.0.1/32"}]}""", "IPv4 mask bits must be < 32")]
    [InlineData("""{"x":[{"cidr":"2001:db8::1/128"}]}""", "IPv6 mask bits must be < 128")]
    // $or
    [InlineData("""{"$or":[{"a":["1"]}]}""", "There must have at least 2 Objects in $or relationship.")]
    [InlineData("""{"$or":[]}""", "There must have at least 2 Objects in $or relationship.")]
    [InlineData("""{"$or":{"a":["1"]}}""", "It must be an Array followed with $or.")]
    [InlineData("""{"$or":[{"a":["1"]},["b"]]}""", "Only JSON object is allowed in array of $or relationship.")]
    [InlineData("""{"$or":[{"a":["1"]},{}]}""", "Empty objects are not allowed")]
    public void parsing_fails_with_the_reason(string pattern, string reason)
    {
        Assert.Contains(reason, Match.ErrorOf(pattern), StringComparison.Ordinal);
        Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse(pattern));
    }

    [Theory]
    [InlineData("""{"x":[{"anything-but":{"wildcard":""}}]}""")]
    [InlineData("""{"x":[{"anything-but":{"equals-ignore-case":""}}]}""")]
    [InlineData("""{"x":[{"anything-but":{"equals-ignore-case":["a","B"]}}]}""")]
    [InlineData("""{"x":[{"wildcard":"a\\*b\\\\c*"}]}""")]
    [InlineData("""{"x":[{"cidr":"10.0.0.0/0"}]}""")]
    [InlineData("""{"x":[{"cidr":"10.0.0.0/31"}]}""")]
    [InlineData("""{"x":[{"cidr":"2001:db8::/127"}]}""")]
    [InlineData("""{"x":[{"numeric":["<",1.7976931348623157E308]}]}""")]
    [InlineData("""{"x":[1E400]}""")]
    public void edge_cases_that_aws_accepts_parse(string pattern) =>
        Assert.True(EventPattern.TryParse(pattern, out _, out var error), error);

    [Fact]
    public void the_original_text_is_kept()
    {
        const string text = """{ "x" : [ 3.0e2 ] }""";
        Assert.Equal(text, EventPattern.Parse(text).Json);
    }
}
