using System.Text.Json.Nodes;

namespace OcsfSchema.Tests;

/// <summary>The compiler's rules on a small repository whose every definition the test wrote.</summary>
public sealed class CompilationTests : IDisposable
{
    private readonly MiniRepository _mini = new();

    public void Dispose() => _mini.Dispose();

    private JsonObject Attributes(IReadOnlySet<string>? profiles = null) =>
        OcsfRepository.Load(_mini.Root).CompileClass("gadget_finding", profiles)["attributes"]!.AsObject();

    private static string[] EnumKeys(JsonNode? attribute) => [.. attribute!["enum"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal)];

    [Fact]
    public void ClassUid_IsTheCategoryTimesAThousandPlusTheClassUid()
    {
        var repository = OcsfRepository.Load(_mini.Root);

        Assert.Equal(2007, repository.ClassUid("gadget_finding"));
        Assert.Equal("gadget_finding", repository.ClassNameOf(2007));
        Assert.Equal(["2007"], EnumKeys(Attributes()["class_uid"]));
        Assert.Equal(["2"], EnumKeys(Attributes()["category_uid"]));
    }

    [Fact]
    public void Enums_GainTheParentsAndTheDictionarysValues()
    {
        Assert.Equal(["0", "1", "2", "99"], EnumKeys(Attributes()["activity_id"]));
        // The finding's caption wins over the dictionary's for the same value.
        Assert.Equal("New", Attributes()["status_id"]!["enum"]!["1"]!["caption"]!.GetValue<string>());
    }

    [Fact]
    public void TypeUid_IsEveryActivityOfTheClass()
    {
        Assert.Equal(["200700", "200701", "200702", "200799"], EnumKeys(Attributes()["type_uid"]));
    }

    [Fact]
    public void Inheritance_CarriesTheParentsAttributesAndTheDictionaryFillsTypes()
    {
        var attributes = Attributes();

        Assert.Equal("required", attributes["time"]!["requirement"]!.GetValue<string>());
        Assert.Equal("timestamp_t", attributes["time"]!["type"]!.GetValue<string>());
        Assert.Equal("widget", attributes["widget"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void ProfileAttributes_AreTaggedAndRemovedWhenTheProfileIsNotApplied()
    {
        Assert.Equal("cloud", Attributes()["cloud"]!["profile"]!.GetValue<string>());
        Assert.False(Attributes(new HashSet<string>())!.ContainsKey("cloud"));
        Assert.True(Attributes(new HashSet<string> { "cloud" }).ContainsKey("cloud"));
    }

    [Fact]
    public void ProfileNull_KeepsAnIncludedAttributeInTheClassWhateverTheProfiles()
    {
        var attributes = Attributes(new HashSet<string>());

        Assert.True(attributes.ContainsKey("confidence"));
        Assert.Equal("optional", attributes["confidence"]!["requirement"]!.GetValue<string>());
    }

    [Fact]
    public void DatetimeProfile_AddsADtSiblingToEveryTimestamp()
    {
        Assert.Equal("datetime_t", Attributes()["time_dt"]!["type"]!.GetValue<string>());
        Assert.False(Attributes(new HashSet<string> { "cloud" }).ContainsKey("time_dt"));
    }

    [Fact]
    public void Objects_InheritAttributesAndConstraints()
    {
        var widget = OcsfRepository.Load(_mini.Root).CompileObject("widget", null);

        Assert.Equal(["name", "tags", "uid"], widget["attributes"]!.AsObject().Select(a => a.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["name", "uid"], widget["constraints"]!["at_least_one"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void AbstractClasses_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => OcsfRepository.Load(_mini.Root).CompileClass("finding", null));
    }
}
