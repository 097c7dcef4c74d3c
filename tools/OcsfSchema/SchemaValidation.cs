using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace OcsfSchema;

/// <summary>Validates instances against a generated schema with JsonSchema.Net, listing the first errors.</summary>
internal sealed class SchemaValidation(JsonObject schema)
{
    private readonly JsonSchema _schema = JsonSchema.FromText(
        schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    public (bool Valid, string Errors) Validate(JsonNode instance)
    {
        using var document = JsonDocument.Parse(instance.ToJsonString());
        var result = _schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        return (result.IsValid, string.Join("; ", Failures(result).Distinct().Take(6)));
    }

    // Only failures that decide: below a passing anyOf/oneOf the failed alternatives are not the instance's problem.
    private static IEnumerable<string> Failures(EvaluationResults node)
    {
        if (node.IsValid)
        {
            yield break;
        }

        foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
        {
            yield return $"{node.InstanceLocation}: {keyword}: {message}";
        }

        foreach (var failure in (node.Details ?? []).SelectMany(Failures))
        {
            yield return failure;
        }
    }
}
