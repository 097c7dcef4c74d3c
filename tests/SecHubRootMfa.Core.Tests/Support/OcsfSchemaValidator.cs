using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SecHubRootMfa.Core.Tests.Support;

/// <summary>
/// Validates events against the committed OCSF 1.6.0 compliance_finding JSON Schema (tests/SecHubRootMfa.Core.Tests/
/// OcsfSchema/, generated from the OCSF schema repository by tools/OcsfSchema) with JsonSchema.Net.
/// </summary>
internal static class OcsfSchemaValidator
{
    public static string SchemaPath => Path.Combine(RepoPaths.Root, "tests", "SecHubRootMfa.Core.Tests", "OcsfSchema", "compliance_finding-1.6.0.schema.json");

    // Built once with a registry of its own, so the schema's $id never collides with another test's build.
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(SchemaPath), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    /// <summary>True when <paramref name="instance"/> is a valid event; otherwise the deciding errors, one per line.</summary>
    public static (bool Valid, string Errors) Validate(JsonNode instance)
    {
        using var document = JsonDocument.Parse(instance.ToJsonString());
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        return (result.IsValid, string.Join("\n", Failures(result).Distinct()));
    }

    // Below a passing anyOf the failed alternatives are not the instance's problem: follow failing nodes only.
    private static IEnumerable<string> Failures(EvaluationResults node) =>
        node.IsValid
            ? []
            : (node.Errors ?? new Dictionary<string, string>()).Select(e => $"{node.InstanceLocation}: {e.Key}: {e.Value}")
                .Concat((node.Details ?? []).SelectMany(Failures));
}
