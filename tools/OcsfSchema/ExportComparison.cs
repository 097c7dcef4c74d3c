using System.Text.Json.Nodes;

namespace OcsfSchema;

/// <summary>
/// Compares the compiler with the OCSF server's compiled export of the same version (the <c>/export/schema</c>
/// document: classes and objects with their attributes): per attribute its presence, requirement, type, array-ness,
/// enum values and profile. Extension classes, objects and attributes are left out: the compiler reads core only.
/// </summary>
internal static class ExportComparison
{
    private static readonly string[] Fields = ["requirement", "type", "is_array", "profile"];

    public static List<string> Run(OcsfRepository repository, JsonObject export)
    {
        var differences = new List<string>();
        foreach (var (name, official) in export["classes"]!.AsObject().Where(c => !c.Key.Contains('/', StringComparison.Ordinal)))
        {
            Compare($"class {name}", official!.AsObject(), repository.CompileClass(name, profiles: null), differences);
        }

        foreach (var (name, official) in export["objects"]!.AsObject().Where(c => !c.Key.Contains('/', StringComparison.Ordinal)))
        {
            Compare($"object {name}", official!.AsObject(), repository.CompileObject(name, profiles: null), differences);
        }

        return differences;
    }

    private static void Compare(string item, JsonObject official, JsonObject compiled, List<string> differences)
    {
        var theirs = official["attributes"]!.AsObject()
            .Where(a => a.Value!["extension"] is null && !(a.Value["profile"]?.GetValue<string>() ?? "").Contains('/', StringComparison.Ordinal))
            .ToDictionary(a => a.Key, a => a.Value!.AsObject(), StringComparer.Ordinal);
        var ours = compiled["attributes"]!.AsObject().ToDictionary(a => a.Key, a => a.Value!.AsObject(), StringComparer.Ordinal);
        foreach (var missing in theirs.Keys.Except(ours.Keys).Order(StringComparer.Ordinal))
        {
            differences.Add($"{item}: {missing} is missing");
        }

        foreach (var extra in ours.Keys.Except(theirs.Keys).Order(StringComparer.Ordinal))
        {
            differences.Add($"{item}: {extra} is extra");
        }

        foreach (var name in ours.Keys.Intersect(theirs.Keys).Order(StringComparer.Ordinal))
        {
            foreach (var field in Fields)
            {
                var a = Text(theirs[name][field], field);
                var b = Text(ours[name][field], field);
                if (a != b)
                {
                    differences.Add($"{item}: {name}.{field} is {b}, the export says {a}");
                }
            }

            var theirEnum = EnumKeys(theirs[name]);
            var ourEnum = EnumKeys(ours[name]);
            if (theirEnum != ourEnum)
            {
                differences.Add($"{item}: {name}.enum is [{ourEnum}], the export says [{theirEnum}]");
            }
        }
    }

    private static string Text(JsonNode? value, string field) => value switch
    {
        null when field == "is_array" => "false",
        null => "-",
        _ => value.ToJsonString().Trim('"'),
    };

    private static string EnumKeys(JsonObject attribute) =>
        string.Join(",", (attribute["enum"] as JsonObject ?? []).Select(e => e.Key).Order(StringComparer.Ordinal));
}
