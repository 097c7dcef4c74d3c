using System.Text.Json.Nodes;

namespace OcsfSchema.Tests;

/// <summary>The written JSON Schema accepts a well-formed event and refuses each kind of defect.</summary>
public sealed class JsonSchemaWriterTests : IDisposable
{
    private readonly MiniRepository _mini = new();

    public void Dispose() => _mini.Dispose();

    private SchemaValidation Validation(params string[] profiles) =>
        new(JsonSchemaWriter.Write(OcsfRepository.Load(_mini.Root), "gadget_finding", profiles.ToHashSet(StringComparer.Ordinal)));

    private static JsonObject Event() => new()
    {
        ["activity_id"] = 1,
        ["category_uid"] = 2,
        ["class_uid"] = 2007,
        ["type_uid"] = 200701,
        ["time"] = 1795838400123,
        ["status_id"] = 1,
        ["cloud"] = new JsonObject { ["provider"] = "AWS", ["port"] = 443 },
        ["widget"] = new JsonObject { ["name"] = "w", ["tags"] = new JsonArray("a", "b") },
        ["unmapped"] = new JsonObject { ["anything/goes"] = new JsonObject { ["x"] = 1 } },
    };

    [Fact]
    public void AWellFormedEvent_Validates()
    {
        var (valid, errors) = Validation("cloud").Validate(Event());

        Assert.True(valid, errors);
    }

    public static TheoryData<string, string> Defects => new()
    {
        { "required attribute removed", """{"remove":"time"}""" },
        { "required object of an applied profile removed", """{"remove":"cloud"}""" },
        { "class_uid of another class", """{"set":"class_uid","value":2008}""" },
        { "activity outside its enum", """{"set":"activity_id","value":3}""" },
        { "type_uid outside the class's activities", """{"set":"type_uid","value":200703}""" },
        { "timestamp as text", """{"set":"time","value":"2026-11-28T04:00:00Z"}""" },
        { "unknown attribute", """{"set":"colour","value":"red"}""" },
        { "an object's required attribute removed", """{"set":"cloud","value":{"port":443}}""" },
        { "port beyond its range", """{"set":"cloud","value":{"provider":"AWS","port":70000}}""" },
        { "text beyond its max_len", """{"set":"widget","value":{"name":"far too long"}}""" },
        { "at_least_one unmet", """{"set":"widget","value":{"tags":["a"]}}""" },
        { "array given a scalar", """{"set":"widget","value":{"name":"w","tags":"a"}}""" },
        { "null for an optional attribute", """{"set":"status_id","value":null}""" },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void AnEventWithOneDefect_IsRefused(string defect, string change)
    {
        var instance = Event();
        var edit = JsonNode.Parse(change)!.AsObject();
        if (edit["remove"] is { } remove)
        {
            instance.Remove(remove.GetValue<string>());
        }
        else
        {
            instance[edit["set"]!.GetValue<string>()] = edit["value"]?.DeepClone();
        }

        Assert.False(Validation("cloud").Validate(instance).Valid, defect);
    }

    [Fact]
    public void AttributesOfAProfileNotApplied_AreRefused()
    {
        Assert.False(Validation().Validate(Event()).Valid);
    }
}
