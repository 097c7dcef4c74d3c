using System.Text.Json.Nodes;

namespace OcsfSchema;

/// <summary>The outcome of checking example events: lines to print and the counts.</summary>
internal sealed record CheckResults(IReadOnlyList<string> Lines, int Valid, int Rejected, int Problems);

/// <summary>
/// Proves a generated schema on events someone else wrote: each example must validate against the schema of its
/// class_uid with its metadata.profiles, and copies with one defect each (a required attribute removed, an enumerated
/// id out of its enum, a timestamp as text) must not.
/// </summary>
internal static class ExampleCheck
{
    public static CheckResults Run(OcsfRepository repository, IEnumerable<string> files)
    {
        var lines = new List<string>();
        int valid = 0, rejected = 0, problems = 0;
        foreach (var file in files)
        {
            var instance = OcsfRepository.ReadObject(file);
            var classUid = instance["class_uid"]?.GetValue<int>() ?? 0;
            if (repository.ClassNameOf(classUid) is not { } className)
            {
                lines.Add($"PROBLEM {file}: class_uid {classUid} is not a class of OCSF {repository.Version}");
                problems++;
                continue;
            }

            var profiles = (instance["metadata"]?["profiles"] as JsonArray ?? [])
                .Select(p => p!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            var schema = JsonSchemaWriter.Write(repository, className, profiles);
            var validation = new SchemaValidation(schema);
            var version = instance["metadata"]?["version"]?.GetValue<string>();
            var (ok, errors) = validation.Validate(instance);
            lines.Add($"{(ok ? "valid" : "PROBLEM invalid")} {file} ({className}, OCSF {version}, profiles {string.Join(",", profiles)}){(ok ? "" : ": " + errors)}");
            if (ok)
            {
                valid++;
            }
            else
            {
                problems++;
            }

            foreach (var (defect, mutated) in Mutations(schema, instance))
            {
                if (validation.Validate(mutated).Valid)
                {
                    lines.Add($"PROBLEM accepted {file} with {defect}");
                    problems++;
                }
                else
                {
                    rejected++;
                }
            }
        }

        return new CheckResults(lines, valid, rejected, problems);
    }

    private static IEnumerable<(string Defect, JsonNode Mutated)> Mutations(JsonObject schema, JsonObject instance)
    {
        foreach (var required in schema["required"]!.AsArray().Select(r => r!.GetValue<string>()).Where(instance.ContainsKey))
        {
            var copy = instance.DeepClone().AsObject();
            copy.Remove(required);
            yield return ($"required '{required}' removed", copy);
        }

        var properties = schema["properties"]!.AsObject();
        foreach (var (name, property) in properties.Where(p => instance.ContainsKey(p.Key) && p.Value!["enum"] is JsonArray { Count: > 0 } && p.Value["type"]?.GetValue<string>() == "integer"))
        {
            var copy = instance.DeepClone().AsObject();
            copy[name] = property!["enum"]!.AsArray().Max(v => v!.GetValue<long>()) + 1000;
            yield return ($"{name} outside its enum", copy);
        }

        var wrongType = instance.DeepClone().AsObject();
        wrongType["time"] = "yesterday";
        yield return ("time as text", wrongType);
    }
}
