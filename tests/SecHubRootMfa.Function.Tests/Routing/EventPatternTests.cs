using System.Text.Json;
using SecHubRootMfa.Function.Routing;

namespace SecHubRootMfa.Function.Tests.Routing;

public class EventPatternTests
{
    private static bool Matches(string pattern, string evt)
    {
        using var doc = JsonDocument.Parse(evt);
        return EventPattern.Parse("test", pattern).Matches(doc.RootElement);
    }

    [Theory]
    [InlineData("""{"a":["x","y"]}""", """{"a":"y"}""", true)]
    [InlineData("""{"a":["x"]}""", """{"a":"z"}""", false)]
    [InlineData("""{"a":["x"]}""", """{"b":"x"}""", false)]
    [InlineData("""{"a":{"b":["x"]}}""", """{"a":{"b":"x","c":1}}""", true)]
    [InlineData("""{"a":{"b":["x"]}}""", """{"a":"x"}""", false)]
    [InlineData("""{"a":[{"exists":false}]}""", """{"b":1}""", true)]
    [InlineData("""{"a":[{"exists":false}]}""", """{"a":"Denied"}""", false)]
    [InlineData("""{"a":[{"exists":true}]}""", """{"a":"x"}""", true)]
    [InlineData("""{"a":[{"prefix":"arn:aws:iam::"}]}""", """{"a":"arn:aws:iam::111122223333:root"}""", true)]
    [InlineData("""{"a":[{"anything-but":["Root"]}]}""", """{"a":"IAMUser"}""", true)]
    [InlineData("""{"a":[{"anything-but":["Root"]}]}""", """{"a":"Root"}""", false)]
    [InlineData("""{"a":["x"]}""", """{"a":["q","x"]}""", true)]
    [InlineData("""{"a":[null]}""", """{"a":null}""", true)]
    [InlineData("""{"a":[5]}""", """{"a":5.0}""", true)]
    public void Matches_FollowsEventBridgeSemantics(string pattern, string evt, bool expected)
    {
        Assert.Equal(expected, Matches(pattern, evt));
    }

    // EventBridge treats null as a value (a pattern [null] matches it), so a null field exists; an object-valued field
    // is no leaf, and the children of a missing parent are missing. The TypeScript matcher and moto's EventBridge agree.
    [Theory]
    [InlineData("""{"a":[{"exists":false}]}""", """{"a":null}""", false)]
    [InlineData("""{"a":[{"exists":true}]}""", """{"a":null}""", true)]
    [InlineData("""{"a":[{"exists":false}]}""", """{"a":{"b":1}}""", true)]
    [InlineData("""{"a":[{"exists":true}]}""", """{"a":{"b":1}}""", false)]
    [InlineData("""{"d":{"a":[{"exists":false}]}}""", """{"x":1}""", true)]
    [InlineData("""{"d":{"a":[{"exists":false}]}}""", """{"d":"text"}""", true)]
    [InlineData("""{"d":{"a":["x"]}}""", """{"x":1}""", false)]
    public void Matches_Exists_AgreesWithEventBridgeOnNullObjectsAndMissingParents(string pattern, string evt, bool expected)
    {
        Assert.Equal(expected, Matches(pattern, evt));
    }

    [Theory]
    [InlineData("""{"a":[{"numeric":[">",1]}]}""")]
    [InlineData("""{"a":"x"}""")]
    [InlineData("[]")]
    [InlineData("{")]
    public void Parse_UnsupportedOrMalformedPattern_FailsLoudly(string pattern)
    {
        Assert.Throws<FormatException>(() => EventPattern.Parse("bad", pattern));
    }
}
