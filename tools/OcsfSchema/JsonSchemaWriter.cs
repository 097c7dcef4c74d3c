using System.Globalization;
using System.Text.Json.Nodes;

namespace OcsfSchema;

/// <summary>
/// Writes one compiled OCSF class as a JSON Schema (draft 2020-12) with every object it references under <c>$defs</c>.
/// As the OCSF server's own export: no attribute outside the schema (<c>additionalProperties: false</c>, except for the
/// free-form <c>object</c>), required attributes required, enumerated ids limited to their enum, the
/// <c>at_least_one</c> / <c>just_one</c> constraints. Stricter than it: the data types' length and range limits. Like it,
/// no data type's regex: the dictionary's patterns are written for PCRE (1.0.0's ip_t recurses) and are not portable.
/// </summary>
public static class JsonSchemaWriter
{
    /// <summary>The JSON Schema dialect written.</summary>
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>The schema for <paramref name="className"/> with <paramref name="profiles"/> applied (null: every profile).</summary>
    public static JsonObject Write(OcsfRepository repository, string className, IReadOnlySet<string>? profiles)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var compiled = repository.CompileClass(className, profiles);
        var schema = new JsonObject
        {
            ["$schema"] = Dialect,
            ["$id"] = $"https://schema.ocsf.io/{repository.Version}/classes/{className}"
                + (profiles is null ? "" : "?profiles=" + string.Join(",", profiles.Order(StringComparer.Ordinal))),
            ["title"] = $"OCSF {repository.Version} {compiled["caption"]} ({compiled["uid"]})",
        };
        foreach (var (key, value) in Item(repository, compiled).Where(p => p.Key != "title"))
        {
            schema[key] = value?.DeepClone();
        }

        // Every object reachable from the class, each compiled once with the same profiles.
        var defs = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var pending = new Queue<string>(ObjectTypes(repository, compiled));
        while (pending.TryDequeue(out var name))
        {
            if (defs.ContainsKey(name))
            {
                continue;
            }

            var compiledObject = repository.CompileObject(name, profiles);
            defs[name] = Item(repository, compiledObject);
            foreach (var next in ObjectTypes(repository, compiledObject))
            {
                pending.Enqueue(next);
            }
        }

        var defsNode = new JsonObject();
        foreach (var (name, definition) in defs)
        {
            defsNode[name] = definition;
        }

        schema["$defs"] = defsNode;
        return schema;
    }

    private static IEnumerable<string> ObjectTypes(OcsfRepository repository, JsonObject compiled) =>
        compiled["attributes"]!.AsObject()
            .Select(a => a.Value!["type"]!.GetValue<string>())
            .Where(type => !repository.IsDataType(type))
            .Distinct(StringComparer.Ordinal);

    private static JsonObject Item(OcsfRepository repository, JsonObject compiled)
    {
        var attributes = compiled["attributes"]!.AsObject();
        var properties = new JsonObject();
        foreach (var (name, definition) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            properties[name] = Attribute(repository, definition!.AsObject());
        }

        var item = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (compiled["caption"]?.GetValue<string>() is { } caption)
        {
            item.Insert(0, "title", caption);
        }

        var required = attributes.Where(a => a.Value!["requirement"]?.GetValue<string>() == "required")
            .Select(a => a.Key).Order(StringComparer.Ordinal).Select(k => (JsonNode)k).ToArray();
        if (required.Length > 0)
        {
            item["required"] = new JsonArray(required);
        }

        // An object without attributes ("object", the type of "unmapped") holds whatever the source has.
        item["additionalProperties"] = properties.Count == 0;
        AddConstraints(item, compiled["constraints"] as JsonObject, attributes);
        return item;
    }

    // at_least_one: any of the named attributes present; just_one: exactly one. A dotted name ("device.hostname")
    // is a nested attribute. Names the profiles removed are left out; a constraint left with none is dropped.
    private static void AddConstraints(JsonObject item, JsonObject? constraints, JsonObject attributes)
    {
        if (constraints is null)
        {
            return;
        }

        JsonNode[] Present(string kind) =>
            [.. (constraints[kind] as JsonArray ?? []).Select(n => n!.GetValue<string>())
                .Where(n => attributes.ContainsKey(n.Split('.')[0])).Select(Requires)];

        var allOf = new JsonArray();
        if (Present("at_least_one") is { Length: > 0 } anyOf)
        {
            allOf.Add(new JsonObject { ["anyOf"] = new JsonArray(anyOf) });
        }

        if (Present("just_one") is { Length: > 0 } oneOf)
        {
            allOf.Add(new JsonObject { ["oneOf"] = new JsonArray(oneOf) });
        }

        if (allOf.Count > 0)
        {
            item["allOf"] = allOf;
        }
    }

    private static JsonObject Requires(string path)
    {
        var parts = path.Split('.');
        var schema = new JsonObject { ["required"] = new JsonArray(parts[^1]) };
        for (var i = parts.Length - 2; i >= 0; i--)
        {
            schema = new JsonObject { ["required"] = new JsonArray(parts[i]), ["properties"] = new JsonObject { [parts[i]] = schema } };
        }

        return schema;
    }

    private static JsonObject Attribute(OcsfRepository repository, JsonObject definition)
    {
        var type = definition["type"]!.GetValue<string>();
        var value = repository.IsDataType(type) ? Primitive(repository, type, definition["enum"] as JsonObject) : new JsonObject { ["$ref"] = "#/$defs/" + type };
        var schema = definition["is_array"]?.GetValue<bool>() == true ? new JsonObject { ["type"] = "array", ["items"] = value } : value;
        if (definition["caption"]?.GetValue<string>() is { } caption)
        {
            schema.Insert(0, "title", caption);
        }

        return schema;
    }

    // The JSON type of a data type and the length and range limits of its chain (timestamp_t is a long_t, …).
    private static JsonObject Primitive(OcsfRepository repository, string type, JsonObject? enumeration)
    {
        var schema = new JsonObject();
        string? jsonType = null;
        for (var current = type; current is not null;)
        {
            var definition = repository.Types[current]!.AsObject();
            jsonType ??= current switch
            {
                "string_t" => "string",
                "integer_t" or "long_t" => "integer",
                "float_t" => "number",
                "boolean_t" => "boolean",
                "json_t" => "any",
                _ => null,
            };
            if (definition["max_len"] is { } maxLength && !schema.ContainsKey("maxLength"))
            {
                schema["maxLength"] = maxLength.DeepClone();
            }

            if (definition["range"] is JsonArray { Count: 2 } range && !schema.ContainsKey("minimum"))
            {
                schema["minimum"] = range[0]!.DeepClone();
                schema["maximum"] = range[1]!.DeepClone();
            }

            current = definition["type"]?.GetValue<string>() is { } next && next != current ? next : null;
        }

        if (jsonType is null or "any")
        {
            return schema; // json_t: any JSON value
        }

        schema.Insert(0, "type", jsonType);
        if (enumeration is { Count: > 0 })
        {
            var values = enumeration.Select(e => jsonType == "integer"
                    ? (JsonNode)long.Parse(e.Key, CultureInfo.InvariantCulture)
                    : e.Key)
                .OrderBy(v => v.ToJsonString(), StringComparer.Ordinal)
                .ToArray();
            schema["enum"] = new JsonArray(jsonType == "integer"
                ? [.. values.OrderBy(v => v.GetValue<long>())]
                : values);
        }

        return schema;
    }
}
