using System.Text.Json.Nodes;
using SecHubRootMfa.Core.Tests.Support;

namespace SecHubRootMfa.Core.Tests.Ocsf;

/// <summary>
/// The pinned schema is a real check: the golden NO_ROOT_MFA event with one defect (a required attribute removed, an id
/// outside its enum, a value of the wrong type, an attribute OCSF does not have) fails validation.
/// </summary>
public class OcsfSchemaRejectsTests
{
    private static JsonObject Event() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.GoldenDir, "ocsf-no-root-mfa.json")))!.AsObject();

    [Fact]
    public void TheUnchangedEvent_Validates()
    {
        var (valid, errors) = OcsfSchemaValidator.Validate(Event());

        Assert.True(valid, errors);
    }

    [Theory]
    [InlineData("class_uid")]
    [InlineData("category_uid")]
    [InlineData("activity_id")]
    [InlineData("type_uid")]
    [InlineData("severity_id")]
    [InlineData("time")]
    [InlineData("metadata")]
    [InlineData("finding_info")]
    [InlineData("compliance")]
    [InlineData("cloud")]
    [InlineData("metadata.version")]
    [InlineData("metadata.product")]
    [InlineData("finding_info.uid")]
    [InlineData("cloud.provider")]
    [InlineData("remediation.desc")]
    public void ARequiredAttributeRemoved_FailsValidation(string path)
    {
        var instance = Event();
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate((JsonNode)instance, (node, part) => node[part]!).AsObject();
        Assert.True(parent.Remove(parts[^1]), $"{path} was not in the golden event");

        AssertRejected(instance, $"without {path}");
    }

    [Theory]
    [InlineData("compliance.status_id", 4)]
    [InlineData("severity_id", 7)]
    [InlineData("class_uid", 2002)]
    [InlineData("category_uid", 1)]
    [InlineData("activity_id", 4)]
    [InlineData("type_uid", 200304)]
    [InlineData("status_id", 7)]
    [InlineData("cloud.account.type_id", 19)]
    public void AnIdOutsideItsEnum_FailsValidation(string path, int value)
    {
        var instance = Event();
        Set(instance, path, value);

        AssertRejected(instance, $"{path} = {value}");
    }

    [Theory]
    [InlineData("time", "\"2026-11-28T04:00:00.123Z\"")]
    [InlineData("finding_info.created_time", "1795838400123.5")]
    [InlineData("compliance.requirements", "\"CIS AWS Foundations Benchmark v5.0.0/1.5\"")]
    [InlineData("compliance.status_id", "\"3\"")]
    [InlineData("cloud.account", "\"111122223333\"")]
    [InlineData("metadata.profiles", "\"cloud\"")]
    [InlineData("finding_info.title", "null")]
    public void AValueOfTheWrongType_FailsValidation(string path, string json)
    {
        var instance = Event();
        Set(instance, path, JsonNode.Parse(json));

        AssertRejected(instance, $"{path} = {json}");
    }

    [Theory]
    [InlineData("compliance_status")]
    [InlineData("finding_info.severity")]
    [InlineData("cloud.account_uid")]
    public void AnAttributeOcsfDoesNotHave_FailsValidation(string path)
    {
        var instance = Event();
        Set(instance, path, "x");

        AssertRejected(instance, $"extra {path}");
    }

    [Fact]
    public void Unmapped_TakesAnyKeyAndValue()
    {
        var instance = Event();
        instance["unmapped"]!["SecHubRootMfa/SomethingAddedLater"] = new JsonObject { ["nested"] = new JsonArray(1, "two") };

        var (valid, errors) = OcsfSchemaValidator.Validate(instance);

        Assert.True(valid, errors);
    }

    private static void Set(JsonObject instance, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate((JsonNode)instance, (node, part) => node[part]!).AsObject();
        parent[parts[^1]] = value;
    }

    private static void AssertRejected(JsonObject instance, string defect) =>
        Assert.False(OcsfSchemaValidator.Validate(instance).Valid, $"the schema accepted the event with {defect}");
}
