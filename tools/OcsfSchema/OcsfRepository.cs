using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcsfSchema;

/// <summary>
/// An OCSF schema repository (the layout of github.com/ocsf/ocsf-schema: dictionary.json, categories.json, objects/,
/// events/, profiles/) read from a directory, and compiled one class or object at a time: <c>$include</c>,
/// <c>extends</c>, the dictionary's attribute definitions, the datetime profile's <c>_dt</c> siblings and the class's
/// uid enumerations. Extensions are not read: this product emits core classes only.
/// </summary>
public sealed class OcsfRepository
{
    private const string DatetimeProfile = "datetime";

    private readonly string _root;
    private readonly JsonObject _dictionary;
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _categoryUids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _resolved = new(StringComparer.Ordinal);

    private OcsfRepository(string root)
    {
        _root = root;
        _dictionary = ReadObject(Path.Combine(root, "dictionary.json"));
        Types = _dictionary["types"]?["attributes"] as JsonObject ?? throw new InvalidDataException("dictionary.json has no types.attributes.");
        Version = ReadObject(Path.Combine(root, "version.json"))["version"]?.GetValue<string>() ?? throw new InvalidDataException("version.json has no version.");
        foreach (var (name, category) in ReadObject(Path.Combine(root, "categories.json"))["attributes"]!.AsObject())
        {
            _categoryUids[name] = category!["uid"]!.GetValue<int>();
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "objects"), "*.json"))
        {
            var item = ReadObject(file);
            _objects[Name(item, file)] = item;
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "events"), "*.json", SearchOption.AllDirectories))
        {
            var item = ReadObject(file);
            _classes[Name(item, file)] = item;
        }
    }

    /// <summary>The schema version in version.json, for example <c>1.6.0</c>.</summary>
    public string Version { get; }

    /// <summary>The dictionary's data types (<c>string_t</c>, <c>timestamp_t</c>, …).</summary>
    public JsonObject Types { get; }

    /// <summary>Every class name defined under events/, abstract ones (without uid) included.</summary>
    public IEnumerable<string> ClassNames => _classes.Keys;

    /// <summary>Reads the repository at <paramref name="root"/>; throws <see cref="InvalidDataException"/> for a broken layout.</summary>
    public static OcsfRepository Load(string root)
    {
        if (!File.Exists(Path.Combine(root, "dictionary.json")))
        {
            throw new InvalidDataException($"{root} is not an OCSF schema repository (no dictionary.json).");
        }

        return new OcsfRepository(root);
    }

    /// <summary>True when <paramref name="name"/> is one of the dictionary's data types rather than an object.</summary>
    public bool IsDataType(string name) => Types.ContainsKey(name);

    /// <summary>The class whose compiled <c>class_uid</c> is <paramref name="classUid"/>, or null.</summary>
    public string? ClassNameOf(int classUid) =>
        _classes.Keys.FirstOrDefault(name => _classes[name]["uid"] is not null && ClassUid(name) == classUid);

    /// <summary>
    /// The compiled class: its attributes with every definition merged, limited to <paramref name="profiles"/>
    /// (null keeps the attributes of every profile, as the OCSF server does when no profile is named).
    /// </summary>
    public JsonObject CompileClass(string name, IReadOnlySet<string>? profiles)
    {
        // base_event is concrete with uid 0; a class without uid that extends another is abstract (finding, network).
        if (!_classes.TryGetValue(name, out var raw) || (raw["uid"] is null && raw["extends"] is not null))
        {
            throw new ArgumentException($"'{name}' is not a concrete OCSF class in {_root}.", nameof(name));
        }

        var compiled = Resolve(name, isClass: true).DeepClone().AsObject();
        var attributes = compiled["attributes"]!.AsObject();
        var classUid = ClassUid(name);
        var categoryUid = CategoryUid(name);
        attributes["class_uid"]!["enum"] = new JsonObject { [Key(classUid)] = new JsonObject { ["caption"] = compiled["caption"]?.DeepClone() } };
        attributes["category_uid"]!["enum"] = new JsonObject { [Key(categoryUid)] = new JsonObject { ["caption"] = CategoryName(name) } };
        var typeUids = new JsonObject();
        foreach (var (activity, definition) in attributes["activity_id"]!["enum"]!.AsObject())
        {
            typeUids[Key((classUid * 100L) + long.Parse(activity, CultureInfo.InvariantCulture))] =
                new JsonObject { ["caption"] = $"{compiled["caption"]}: {definition?["caption"]}" };
        }

        attributes["type_uid"]!["enum"] = typeUids;
        compiled["uid"] = classUid;
        FilterProfiles(attributes, profiles);
        return compiled;
    }

    /// <summary>The compiled object <paramref name="name"/>, limited to <paramref name="profiles"/> as <see cref="CompileClass"/>.</summary>
    public JsonObject CompileObject(string name, IReadOnlySet<string>? profiles)
    {
        if (!_objects.ContainsKey(name))
        {
            throw new ArgumentException($"'{name}' is not an OCSF object in {_root}.", nameof(name));
        }

        var compiled = Resolve(name, isClass: false).DeepClone().AsObject();
        if (name == "observable" && compiled["attributes"]?["type_id"]?["enum"] is JsonObject typeIds)
        {
            foreach (var id in ObservableTypeIds().Where(id => !typeIds.ContainsKey(Key(id))))
            {
                typeIds[Key(id)] = new JsonObject();
            }
        }

        FilterProfiles(compiled["attributes"]!.AsObject(), profiles);
        return compiled;
    }

    // observable.type_id is every "observable" number the schema assigns: to data types, objects, dictionary
    // attributes and attributes of classes and objects.
    private IEnumerable<long> ObservableTypeIds()
    {
        IEnumerable<JsonNode?> Attributes(JsonObject item) =>
            (item["attributes"] as JsonObject ?? []).Where(a => a.Key != "$include").Select(a => a.Value);

        var holders = Types.Select(t => t.Value)
            .Concat(_objects.Values)
            .Concat(Attributes(_dictionary))
            .Concat(_objects.Values.Concat(_classes.Values).SelectMany(Attributes));
        return holders.Select(h => h?["observable"]).OfType<JsonValue>().Select(v => v.GetValue<long>()).Distinct();
    }

    /// <summary>The class uid as events carry it: the category's uid × 1000 plus the class's own uid.</summary>
    public int ClassUid(string name) => (CategoryUid(name) * 1000) + (_classes[name]["uid"]?.GetValue<int>() ?? 0);

    private int CategoryUid(string name) =>
        CategoryName(name) is { } category && _categoryUids.TryGetValue(category, out var uid) ? uid : 0;

    // A class names its category, or inherits it from the class it extends (base_event's "other" has no uid: 0).
    private string? CategoryName(string name)
    {
        for (var item = _classes[name]; item is not null;)
        {
            if (item["category"]?.GetValue<string>() is { } category)
            {
                return category;
            }

            item = item["extends"]?.GetValue<string>() is { } parent && _classes.TryGetValue(parent, out var p) ? p : null!;
        }

        return null;
    }

    // The item with its includes, its parent's attributes and the dictionary merged in, and the datetime siblings added.
    private JsonObject Resolve(string name, bool isClass)
    {
        var key = (isClass ? "class:" : "object:") + name;
        if (_resolved.TryGetValue(key, out var done))
        {
            return done;
        }

        var raw = (isClass ? _classes : _objects)[name];
        var item = raw.DeepClone().AsObject();
        var attributes = item["attributes"] as JsonObject ?? [];
        item["attributes"] = attributes;
        ApplyIncludes(attributes);

        if (item["extends"]?.GetValue<string>() is { } parentName && parentName != name)
        {
            var parent = Resolve(parentName, isClass && _classes.ContainsKey(parentName));
            var merged = parent["attributes"]!.DeepClone().AsObject();
            foreach (var (attribute, definition) in attributes)
            {
                merged[attribute] = Merge(merged[attribute], definition);
            }

            item["attributes"] = attributes = merged;
            foreach (var inherited in new[] { "constraints", "category" })
            {
                if (item[inherited] is null && parent[inherited] is { } value)
                {
                    item[inherited] = value.DeepClone();
                }
            }
        }

        foreach (var attribute in attributes.Select(a => a.Key).ToList())
        {
            var entry = _dictionary["attributes"]![attribute];
            if (entry is null && attributes[attribute]?["profile"]?.GetValue<string>() == DatetimeProfile)
            {
                continue; // a datetime sibling the parent already added
            }

            attributes[attribute] = Merge(
                entry?.DeepClone() ?? throw new InvalidDataException($"{name}.{attribute} is not in dictionary.json."), attributes[attribute]);
            attributes[attribute]!["requirement"] ??= "optional";
        }

        AddDatetimeSiblings(attributes);
        _resolved[key] = item;
        return item;
    }

    // "$include": files whose attributes join the item's; the item's own definitions win. Attributes from a profile
    // file carry that profile's name, unless the item says "profile": null (the attribute belongs to it regardless).
    private void ApplyIncludes(JsonObject attributes)
    {
        if (attributes["$include"] is not { } include)
        {
            return;
        }

        attributes.Remove("$include");
        var paths = include is JsonArray list ? list.Select(p => p!.GetValue<string>()) : [include.GetValue<string>()];
        foreach (var path in paths)
        {
            var included = ReadObject(Path.Combine(_root, path));
            var includedAttributes = included["attributes"]!.DeepClone().AsObject();
            ApplyIncludes(includedAttributes);
            var profile = included["meta"]?.GetValue<string>() == "profile" ? included["name"]!.GetValue<string>() : null;
            foreach (var (attribute, definition) in includedAttributes)
            {
                var fromInclude = definition!.DeepClone().AsObject();
                if (profile is not null && !fromInclude.ContainsKey("profile"))
                {
                    fromInclude["profile"] = profile;
                }

                attributes[attribute] = Merge(fromInclude, attributes[attribute]);
            }
        }
    }

    // The datetime profile adds "<name>_dt" (RFC 3339 text) beside every timestamp attribute.
    private void AddDatetimeSiblings(JsonObject attributes)
    {
        if (!File.Exists(Path.Combine(_root, "profiles", DatetimeProfile + ".json")) || !Types.ContainsKey("datetime_t"))
        {
            return;
        }

        foreach (var (attribute, definition) in attributes.ToList())
        {
            if (definition?["type"]?.GetValue<string>() == "timestamp_t" && !attributes.ContainsKey(attribute + "_dt"))
            {
                attributes[attribute + "_dt"] = new JsonObject
                {
                    ["caption"] = $"{definition["caption"]} (datetime)",
                    ["type"] = "datetime_t",
                    ["requirement"] = "optional",
                    ["profile"] = DatetimeProfile,
                    ["is_array"] = definition["is_array"]?.DeepClone(),
                };
            }
        }
    }

    private static void FilterProfiles(JsonObject attributes, IReadOnlySet<string>? profiles)
    {
        if (profiles is null)
        {
            return;
        }

        foreach (var (attribute, definition) in attributes.ToList())
        {
            if (definition?["profile"]?.GetValue<string>() is { } profile && !profiles.Contains(profile))
            {
                attributes.Remove(attribute);
            }
        }
    }

    /// <summary>
    /// <paramref name="over"/> laid on <paramref name="under"/>: objects merge key by key (so enums gain values and keep
    /// the overriding captions), anything else is replaced, and an explicit null replaces too.
    /// </summary>
    internal static JsonNode? Merge(JsonNode? under, JsonNode? over)
    {
        if (under is not JsonObject baseObject || over is not JsonObject overObject)
        {
            return over is null && under is not null ? under.DeepClone() : over?.DeepClone();
        }

        var merged = baseObject.DeepClone().AsObject();
        foreach (var (key, value) in overObject)
        {
            merged[key] = value is null ? null : Merge(merged[key], value);
        }

        return merged;
    }

    private static string Key(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Name(JsonObject item, string file) =>
        item["name"]?.GetValue<string>() ?? throw new InvalidDataException($"{file} has no name.");

    /// <summary>
    /// Reads a JSON object file. Some files repeat a key (an enum value defined twice); the last one counts, as in the
    /// OCSF tools.
    /// </summary>
    internal static JsonObject ReadObject(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? ToNode(document.RootElement)!.AsObject()
            : throw new InvalidDataException($"{path} is not a JSON object.");
    }

    private static JsonNode? ToNode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var node = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    node[property.Name] = ToNode(property.Value);
                }

                return node;
            case JsonValueKind.Array:
                return new JsonArray([.. element.EnumerateArray().Select(ToNode)]);
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }
}
