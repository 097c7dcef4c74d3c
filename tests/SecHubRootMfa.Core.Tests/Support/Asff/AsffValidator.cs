using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SecHubRootMfa.Core.Tests.Support.Asff;

/// <summary>
/// Validates ASFF findings as Security Hub's BatchImportFindings sees them: every member against botocore's Security Hub
/// model (types, required and unknown members, length and range bounds, enums, patterns), then the limits AWS documents
/// beyond the model (<see cref="AsffDocumentedLimits"/>), no blank strings, and Security Hub's timestamp rule.
/// </summary>
internal sealed class AsffValidator
{
    private static readonly Lazy<AsffValidator> Shared = new(() => new AsffValidator(BotocoreModel.SecurityHub));

    private readonly BotocoreModel model;
    private readonly ConcurrentDictionary<string, Regex> patterns = new(StringComparer.Ordinal);

    public AsffValidator(BotocoreModel model)
    {
        this.model = model;
        var input = model.Operations.GetProperty("BatchImportFindings").GetProperty("input").GetProperty("shape").GetString()!;
        var findings = Shape(input).GetProperty("members").GetProperty("Findings").GetProperty("shape").GetString()!;
        FindingShape = Shape(findings).GetProperty("member").GetProperty("shape").GetString()!;
        TimestampMembers = FindTimestampMembers();
    }

    /// <summary>The validator over the machine's botocore; a missing botocore throws with the install command.</summary>
    public static AsffValidator Default => Shared.Value;

    /// <summary>The model's shape of one finding (AwsSecurityFinding).</summary>
    public string FindingShape { get; }

    /// <summary>
    /// (structure, member) pairs that hold a timestamp: the model documents each by linking to the API reference's
    /// "Timestamps" section, and stores them as plain strings.
    /// </summary>
    public IReadOnlySet<(string Structure, string Member)> TimestampMembers { get; }

    /// <summary>Every problem in each file (one finding, a list of findings or {"Findings": [...]}), as "file#i: problem".</summary>
    public IReadOnlyList<string> ValidateFiles(IEnumerable<string> files) =>
        files.SelectMany(f => ValidateJson(File.ReadAllText(f)).Select(p => f + p)).ToList();

    /// <summary>Every problem in <paramref name="json"/> (one finding, a list of findings or {"Findings": [...]}), as "#i: problem".</summary>
    public IReadOnlyList<string> ValidateJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var findings = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList()
            : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Findings", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().ToList()
                : [root];
        return findings.SelectMany((f, i) => Validate(f).Select(p => $"#{i}: {p}")).ToList();
    }

    /// <summary>Every problem of one finding, each as "path: what is wrong"; empty when Security Hub would accept it.</summary>
    public IReadOnlyList<string> Validate(JsonElement finding)
    {
        var problems = new List<string>();
        CheckValue(finding, FindingShape, "<finding>", problems);
        if (finding.ValueKind == JsonValueKind.Object)
        {
            CheckDocumentedLimits(finding, problems);
        }

        return problems;
    }

    private void CheckValue(JsonElement value, string shapeName, string path, List<string> problems)
    {
        var shape = Shape(shapeName);
        if (shape.TryGetProperty("document", out var document) && document.ValueKind == JsonValueKind.True)
        {
            return;
        }

        var type = shape.GetProperty("type").GetString();
        if (value.ValueKind == JsonValueKind.Null)
        {
            problems.Add($"{path}: null where the model wants a {type} (omit the member instead)");
            return;
        }

        switch (type)
        {
            case "structure":
                CheckStructure(value, shapeName, shape, path, problems);
                break;
            case "list":
                CheckList(value, shape, path, problems);
                break;
            case "map":
                CheckMap(value, shape, path, problems);
                break;
            case "string":
                CheckString(value, shape, path, problems);
                break;
            case "integer":
            case "long":
                CheckInteger(value, shape, type, path, problems);
                break;
            case "double":
            case "float":
                CheckNumber(value, shape, path, problems);
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add($"{path}: expected a boolean, got {Describe(value)}");
                }

                break;
            case "timestamp":
                if (value.ValueKind != JsonValueKind.Number && (value.ValueKind != JsonValueKind.String || SecurityHubTimestamp.Problem(value.GetString()!) is not null))
                {
                    problems.Add($"{path}: expected a timestamp, got {Describe(value)}");
                }

                break;
            default:
                // A shape type this validator does not know is its own defect, never a silent pass.
                problems.Add($"{path}: the model's type '{type}' is not checked by this validator");
                break;
        }
    }

    private void CheckStructure(JsonElement value, string shapeName, JsonElement shape, string path, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: expected an object ({shapeName}), got {Describe(value)}");
            return;
        }

        var members = shape.GetProperty("members");
        if (shape.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(r => !value.TryGetProperty(r, out _)))
            {
                problems.Add($"{path}: missing required member {name}");
            }
        }

        if (shape.TryGetProperty("union", out var union) && union.ValueKind == JsonValueKind.True && value.EnumerateObject().Count() != 1)
        {
            problems.Add($"{path}: a union ({shapeName}) takes exactly one member");
        }

        foreach (var property in value.EnumerateObject())
        {
            var memberPath = path == "<finding>" ? property.Name : $"{path}.{property.Name}";
            if (!members.TryGetProperty(property.Name, out var member))
            {
                problems.Add($"{memberPath}: unknown member of {shapeName}");
                continue;
            }

            var memberShape = member.GetProperty("shape").GetString()!;
            CheckValue(property.Value, memberShape, memberPath, problems);
            if (TimestampMembers.Contains((shapeName, property.Name)) && property.Value.ValueKind == JsonValueKind.String
                && TryGetString(property.Value, out var text) && SecurityHubTimestamp.Problem(text) is { } problem)
            {
                problems.Add($"{memberPath}: {problem}");
            }
        }
    }

    private void CheckList(JsonElement value, JsonElement shape, string path, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{path}: expected a list, got {Describe(value)}");
            return;
        }

        CheckCount(value.GetArrayLength(), shape, path, "items", problems);
        var member = shape.GetProperty("member").GetProperty("shape").GetString()!;
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            CheckValue(item, member, $"{path}[{i++}]", problems);
        }
    }

    private void CheckMap(JsonElement value, JsonElement shape, string path, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: expected a map (object), got {Describe(value)}");
            return;
        }

        CheckCount(value.EnumerateObject().Count(), shape, path, "entries", problems);
        var key = shape.GetProperty("key").GetProperty("shape").GetString()!;
        var valueShape = shape.GetProperty("value").GetProperty("shape").GetString()!;
        foreach (var entry in value.EnumerateObject())
        {
            var entryPath = $"{path}[{Bounded(entry.Name)}]";
            CheckText(entry.Name, Shape(key), entryPath + " (key)", problems);
            CheckValue(entry.Value, valueShape, entryPath, problems);
        }
    }

    private void CheckString(JsonElement value, JsonElement shape, string path, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{path}: expected a string, got {Describe(value)}");
            return;
        }

        if (!TryGetString(value, out var text))
        {
            problems.Add($"{path}: not valid Unicode (a lone surrogate)");
            return;
        }

        CheckText(text, shape, path, problems);
    }

    private void CheckText(string text, JsonElement shape, string path, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            // Reported once: the model's NonEmptyString pattern (.*\S.*) says the same.
            problems.Add($"{path}: blank string");
            return;
        }

        CheckCount(Characters(text), shape, path, "characters", problems);
        if (shape.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.GetString() == text))
        {
            problems.Add($"{path}: '{Bounded(text)}' is not one of {string.Join(", ", allowed.EnumerateArray().Select(a => a.GetString()))}");
        }

        // Smithy patterns are ECMA-262 expressions matched anywhere in the value (not anchored unless they say so).
        if (shape.TryGetProperty("pattern", out var pattern) && !Pattern(pattern.GetString()!).IsMatch(text))
        {
            problems.Add($"{path}: does not match the model's pattern {pattern.GetString()}");
        }
    }

    private static void CheckInteger(JsonElement value, JsonElement shape, string? type, string path, List<string> problems)
    {
        var fits = value.ValueKind == JsonValueKind.Number && (type == "integer" ? value.TryGetInt32(out _) : value.TryGetInt64(out _));
        if (!fits)
        {
            problems.Add($"{path}: expected a whole number ({type}), got {Describe(value)}");
            return;
        }

        CheckRange(value.GetDouble(), shape, path, problems);
    }

    private static void CheckNumber(JsonElement value, JsonElement shape, string path, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            problems.Add($"{path}: expected a number, got {Describe(value)}");
            return;
        }

        CheckRange(value.GetDouble(), shape, path, problems);
    }

    private static void CheckRange(double number, JsonElement shape, string path, List<string> problems)
    {
        if (shape.TryGetProperty("min", out var min) && number < min.GetDouble())
        {
            problems.Add($"{path}: {number.ToString(CultureInfo.InvariantCulture)} < model minimum {min.GetRawText()}");
        }

        if (shape.TryGetProperty("max", out var max) && number > max.GetDouble())
        {
            problems.Add($"{path}: {number.ToString(CultureInfo.InvariantCulture)} > model maximum {max.GetRawText()}");
        }
    }

    private static void CheckCount(int count, JsonElement shape, string path, string unit, List<string> problems)
    {
        if (shape.TryGetProperty("min", out var min) && count < min.GetInt64())
        {
            problems.Add($"{path}: {count} {unit} < model minimum {min.GetInt64()}");
        }

        if (shape.TryGetProperty("max", out var max) && count > max.GetInt64())
        {
            problems.Add($"{path}: {count} {unit} > model maximum {max.GetInt64()}");
        }
    }

    private static void CheckDocumentedLimits(JsonElement finding, List<string> problems)
    {
        foreach (var (path, maxLength) in AsffDocumentedLimits.StringLengths)
        {
            if (TryGetPath(finding, path, out var value) && value.ValueKind == JsonValueKind.String
                && TryGetString(value, out var text) && Characters(text) > maxLength)
            {
                problems.Add($"{string.Join('.', path)}: {Characters(text)} characters > documented maximum {maxLength}");
            }
        }

        if (finding.TryGetProperty("ProductFields", out var fields) && fields.ValueKind == JsonValueKind.Object)
        {
            var entries = fields.EnumerateObject().ToList();
            if (entries.Count > AsffDocumentedLimits.ProductFieldsMaxEntries)
            {
                problems.Add($"ProductFields: {entries.Count} keys > documented maximum {AsffDocumentedLimits.ProductFieldsMaxEntries}");
            }

            foreach (var entry in entries)
            {
                if (Characters(entry.Name) > AsffDocumentedLimits.ProductFieldsMaxKeyLength)
                {
                    problems.Add($"ProductFields[{Bounded(entry.Name)}]: key of {Characters(entry.Name)} characters > documented maximum {AsffDocumentedLimits.ProductFieldsMaxKeyLength}");
                }

                if (entry.Value.ValueKind == JsonValueKind.String && TryGetString(entry.Value, out var text) && Characters(text) > AsffDocumentedLimits.ProductFieldsMaxValueLength)
                {
                    problems.Add($"ProductFields[{Bounded(entry.Name)}]: value of {Characters(text)} characters > documented maximum {AsffDocumentedLimits.ProductFieldsMaxValueLength}");
                }
            }
        }

        // Measured as compact JSON with non-ASCII escaped: the largest form a client sends the finding in.
        var bytes = JsonSerializer.SerializeToUtf8Bytes(finding).Length;
        if (bytes > AsffDocumentedLimits.FindingMaxBytes)
        {
            problems.Add($"<finding>: {bytes} bytes > documented maximum {AsffDocumentedLimits.FindingMaxBytes} (240 KB)");
        }

        if (!finding.TryGetProperty("SchemaVersion", out var version) || version.ValueKind != JsonValueKind.String
            || version.GetString() != AsffDocumentedLimits.SchemaVersion)
        {
            problems.Add($"SchemaVersion: must be {AsffDocumentedLimits.SchemaVersion}");
        }
    }

    private HashSet<(string, string)> FindTimestampMembers()
    {
        var found = new HashSet<(string, string)>();
        foreach (var shape in model.Shapes.EnumerateObject().Where(s => s.Value.TryGetProperty("members", out _)))
        {
            foreach (var member in shape.Value.GetProperty("members").EnumerateObject())
            {
                var documentation = member.Value.TryGetProperty("documentation", out var d) ? d.GetString() ?? string.Empty : string.Empty;
                var target = Shape(member.Value.GetProperty("shape").GetString()!).GetProperty("type").GetString();
                if (target == "string" && documentation.Contains("Welcome.html#timestamps", StringComparison.Ordinal))
                {
                    found.Add((shape.Name, member.Name));
                }
            }
        }

        return found;
    }

    private JsonElement Shape(string name) =>
        model.Shapes.TryGetProperty(name, out var shape)
            ? shape
            : throw new InvalidOperationException($"{model.Path} has no shape {name}");

    private Regex Pattern(string pattern) =>
        patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));

    private static bool TryGetPath(JsonElement root, string[] path, out JsonElement value)
    {
        value = root;
        foreach (var name in path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryGetString(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }

    // Counted in UTF-16 units, never fewer than the code points botocore counts: whichever of the two Security Hub
    // counts, a value within this count is within its limit.
    private static int Characters(string text) => text.Length;

    private static string Bounded(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "...");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };
}
