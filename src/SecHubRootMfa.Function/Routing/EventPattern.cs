using System.Text.Json;

namespace SecHubRootMfa.Function.Routing;

/// <summary>
/// An EventBridge event pattern, evaluated locally: the function applies the very patterns its rules use, so a rule and
/// the function's own filter cannot drift apart. Supports exact values, <c>exists</c>, <c>prefix</c> and <c>anything-but</c>.
/// </summary>
public sealed class EventPattern
{
    private readonly JsonElement _pattern;

    private EventPattern(string name, JsonElement pattern)
    {
        Name = name;
        _pattern = pattern;
    }

    /// <summary>The pattern's name (its file name without extension).</summary>
    public string Name { get; }

    /// <summary>Parses a pattern; throws <see cref="FormatException"/> when it is not a JSON object of the supported forms.</summary>
    public static EventPattern Parse(string name, string json)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Event pattern '{name}' is not valid JSON: {ex.Message}", ex);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"Event pattern '{name}' must be a JSON object.");
        }

        Validate(name, root);
        return new EventPattern(name, root);
    }

    /// <summary>True when the event matches every field of the pattern.</summary>
    public bool Matches(JsonElement evt) => MatchObject(_pattern, evt);

    private static bool MatchObject(JsonElement pattern, JsonElement evt)
    {
        foreach (var field in pattern.EnumerateObject())
        {
            var present = evt.ValueKind == JsonValueKind.Object && evt.TryGetProperty(field.Name, out _);
            var value = present ? evt.GetProperty(field.Name) : default;
            if (field.Value.ValueKind == JsonValueKind.Object)
            {
                // EventBridge matches the event's flattened paths: below a missing or non-object parent every child is
                // missing, so {"exists": false} there still matches.
                if (!MatchObject(field.Value, present ? value : default))
                {
                    return false;
                }
            }
            else if (!MatchAny(field.Value, present, value))
            {
                return false;
            }
        }

        return true;
    }

    // A pattern array matches when any of its entries matches the value (or, for event arrays, any element of it).
    private static bool MatchAny(JsonElement candidates, bool present, JsonElement value)
    {
        foreach (var candidate in candidates.EnumerateArray())
        {
            if (candidate.ValueKind == JsonValueKind.Object && candidate.TryGetProperty("exists", out var exists))
            {
                // exists asks for a leaf value at the path; null is a value EventBridge matches ([null]), an object is no leaf.
                var isLeaf = present && value.ValueKind != JsonValueKind.Object;
                if (exists.GetBoolean() == isLeaf)
                {
                    return true;
                }

                continue;
            }

            if (!present)
            {
                continue;
            }

            var values = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToArray() : [value];
            if (values.Any(v => MatchOne(candidate, v)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchOne(JsonElement candidate, JsonElement value)
    {
        switch (candidate.ValueKind)
        {
            case JsonValueKind.String:
                return value.ValueKind == JsonValueKind.String && value.GetString() == candidate.GetString();
            case JsonValueKind.Number:
                return value.ValueKind == JsonValueKind.Number && value.GetDecimal() == candidate.GetDecimal();
            case JsonValueKind.True or JsonValueKind.False:
                return value.ValueKind == candidate.ValueKind;
            case JsonValueKind.Null:
                return value.ValueKind == JsonValueKind.Null;
            case JsonValueKind.Object when candidate.TryGetProperty("prefix", out var prefix):
                return value.ValueKind == JsonValueKind.String
                    && value.GetString()!.StartsWith(prefix.GetString()!, StringComparison.Ordinal);
            case JsonValueKind.Object when candidate.TryGetProperty("anything-but", out var but):
                var excluded = but.ValueKind == JsonValueKind.Array ? but.EnumerateArray().ToArray() : [but];
                return !excluded.Any(e => MatchOne(e, value));
            default:
                return false;
        }
    }

    private static void Validate(string name, JsonElement node)
    {
        foreach (var field in node.EnumerateObject())
        {
            switch (field.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    Validate(name, field.Value);
                    break;
                case JsonValueKind.Array:
                    foreach (var c in field.Value.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
                    {
                        var op = c.EnumerateObject().Select(p => p.Name).FirstOrDefault();
                        if (op is not ("exists" or "prefix" or "anything-but"))
                        {
                            throw new FormatException($"Event pattern '{name}' uses '{op}' at '{field.Name}', which this matcher does not support.");
                        }
                    }

                    break;
                default:
                    throw new FormatException($"Event pattern '{name}': '{field.Name}' must be an object or an array.");
            }
        }
    }
}
