using System.Globalization;
using System.Text;
using System.Text.Json;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Checking;

namespace SecHubRootMfa.Function.Routing;

/// <summary>
/// Readers of single fields of an event's JSON, each giving the field's value or an ignore decision with a bounded reason:
/// strings, IAM serial numbers, RFC 3339 times, text that does not decode, and the quoting of outside values in reasons.
/// </summary>
internal static class EventFields
{
    private static readonly string[] Rfc3339Utc = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];
    private static readonly string[] Rfc3339Offset = ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];

    // An RFC 3339 time, when present; one later than now plus the skew is refused (only a wrong clock or a forgery puts it there).
    public static IgnoreDecision? Time(JsonElement obj, string name, string path, DateTimeOffset now, TimeSpan maxSkew, out DateTimeOffset? at)
    {
        at = null;
        if (Text(obj, name, path, out var text) is { } bad)
        {
            return bad;
        }

        if (text is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParseExact(text, Rfc3339Utc, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            && !DateTimeOffset.TryParseExact(text, Rfc3339Offset, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out parsed))
        {
            return new IgnoreDecision($"{path} '{Safe(text)}' is not an RFC 3339 time such as 2026-10-13T21:19:09Z");
        }

        if (parsed > now + maxSkew)
        {
            return new IgnoreDecision($"{path} {parsed:O} is later than now ({now:O}) plus {maxSkew.TotalMinutes:0} minutes of clock skew");
        }

        at = parsed;
        return null;
    }

    // A serial number, when present, must be one IAM could have issued: blank, padded, oversized or odd text is refused
    // rather than guessed at (it would name no device, or a different one, and it ends up in logs).
    public static IgnoreDecision? Serial(JsonElement obj, string name, string path, out string? serial)
    {
        if (Text(obj, name, path, out serial) is { } bad)
        {
            return bad;
        }

        return serial is null || MfaDeviceKinds.IsValidSerial(serial)
            ? null
            : new IgnoreDecision(
                $"{path} '{Safe(serial)}' ({serial.Length} characters) is not an IAM serial number "
                + $"({MfaDeviceKinds.MinSerialLength} to {MfaDeviceKinds.MaxSerialLength} characters of letters, digits and _+=/:,.@-)");
    }

    // A string field: absent or JSON null gives null; any other type is a reason to ignore the event.
    public static IgnoreDecision? Text(JsonElement obj, string name, string path, out string? value)
    {
        value = null;
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            return WrongType(path, v, "a string");
        }

        value = v.GetString();
        return null;
    }

    public static IgnoreDecision WrongType(string path, JsonElement value, string expected) =>
        new($"{path} is {(value.ValueKind == JsonValueKind.Array ? "an array" : $"a {value.ValueKind.ToString().ToLowerInvariant()}")}, expected {expected}");

    // The paths of every string or property name that does not decode (walks every node; depth is bounded by the parser,
    // and a property name that does not decode is reported once, not walked into).
    public static void UnreadableTexts(JsonElement element, string path, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                if (!Decodes(element))
                {
                    found.Add(path);
                }

                return;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    UnreadableTexts(item, $"{path}[{index++}]", found);
                }

                return;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        found.Add($"a property name in {path}");
                        continue;
                    }

                    UnreadableTexts(property.Value, $"{path}.{Safe(name, 32)}", found);
                }

                return;
            default:
                return;
        }
    }

    private static bool Decodes(JsonElement text)
    {
        try
        {
            _ = text.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // Values from events go into ignore reasons, which are logged and returned: one short printable line.
    public static string Safe(string? value, int max = EventRouter.MaxQuotedLength)
    {
        if (value is null)
        {
            return "(none)";
        }

        var shown = new StringBuilder(Math.Min(value.Length, max) + 1);
        foreach (var c in value.AsSpan(0, Math.Min(value.Length, max)))
        {
            shown.Append(char.IsControl(c) || char.IsSurrogate(c) ? '?' : c);
        }

        return value.Length > max ? shown.Append('…').ToString() : shown.ToString();
    }
}
