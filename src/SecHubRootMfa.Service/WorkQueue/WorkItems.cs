using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Adapters;

namespace SecHubRootMfa.Service.WorkQueue;

/// <summary>
/// A re-evaluation of one account, asked for by an event that removed a root MFA device while IAM could not confirm it
/// yet: kind <c>recheck</c> of the work queue's messages.
/// </summary>
/// <param name="AccountId">The account to evaluate again (in org mode, the member).</param>
/// <param name="Trigger">The event that asked for it, e.g. <c>DeactivateMFADevice</c>.</param>
/// <param name="EventTime">When that event happened (CloudTrail eventTime); null when the event did not say readably.</param>
/// <param name="EnqueuedAt">When the re-check was queued.</param>
public sealed record RecheckWorkItem(string AccountId, string Trigger, DateTimeOffset? EventTime, DateTimeOffset EnqueuedAt)
{
    /// <summary>The trigger a re-check's finding records, e.g. <c>Recheck after DeactivateMFADevice</c>.</summary>
    public string CheckTrigger => $"Recheck after {Trigger}";
}

/// <summary>A work queue message body read strictly: the item, or why it cannot be one (bounded, printable).</summary>
/// <param name="Item">The item; null when the body was refused.</param>
/// <param name="Error">Why the body was refused; null for an item.</param>
public sealed record WorkItemReading(RecheckWorkItem? Item, string? Error);

/// <summary>
/// The work queue's message format: a small versioned JSON object with a <c>kind</c>, written by this product and read
/// back as outside input (the queue's policy is not the only thing between a sender and the function). Version 1 knows
/// one kind, <c>recheck</c>; a message of any other version, kind or shape is refused with a reason.
/// </summary>
public static class WorkItemCodec
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The kind of a <see cref="RecheckWorkItem"/>.</summary>
    public const string RecheckKind = "recheck";

    /// <summary>The largest body read, in UTF-8 bytes; a recheck is about 200.</summary>
    public const int MaxBodyBytes = 4096;

    /// <summary>The most characters of a trigger (CloudTrail event names are short words).</summary>
    public const int MaxTriggerLength = 64;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    private static readonly HashSet<string> RecheckFields = new(StringComparer.Ordinal) { "version", "kind", "accountId", "trigger", "eventTime", "enqueuedAt" };

    /// <summary>The message body for <paramref name="item"/>; throws <see cref="ArgumentException"/> for an item <see cref="Read"/> would refuse.</summary>
    public static string Write(RecheckWorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        AccountIds.Require(item.AccountId);
        if (!IsTrigger(item.Trigger))
        {
            throw new ArgumentException($"'{AwsErrors.Plain(item.Trigger, 64)}' is not an event name (1-{MaxTriggerLength} ASCII letters).", nameof(item));
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("version", Version);
            json.WriteString("kind", RecheckKind);
            json.WriteString("accountId", item.AccountId);
            json.WriteString("trigger", item.Trigger);
            if (item.EventTime is { } at)
            {
                json.WriteString("eventTime", Time(at));
            }
            else
            {
                json.WriteNull("eventTime");
            }

            json.WriteString("enqueuedAt", Time(item.EnqueuedAt));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Reads a message body: exactly the fields of its kind, each of its documented type and form; times no later than
    /// <paramref name="clock"/>'s now plus <paramref name="maxClockSkew"/>. Never throws for any body.
    /// </summary>
    public static WorkItemReading Read(string? body, TimeProvider clock, TimeSpan maxClockSkew)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (string.IsNullOrEmpty(body))
        {
            return Refused("the body is empty");
        }

        if (Encoding.UTF8.GetByteCount(body) > MaxBodyBytes)
        {
            return Refused($"the body is larger than {MaxBodyBytes} bytes");
        }

        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 4, AllowDuplicateProperties = false });
            return ReadObject(doc.RootElement, clock.GetUtcNow() + maxClockSkew);
        }
        catch (JsonException ex)
        {
            return Refused($"the body is not JSON: {AwsErrors.Plain(ex.Message, 120)}");
        }
        catch (InvalidOperationException)
        {
            // A string with an unpaired surrogate escape cannot be read as text.
            return Refused("a value is not valid UTF-16 text");
        }
    }

    private static WorkItemReading ReadObject(JsonElement root, DateTimeOffset latest)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Refused($"expected a JSON object, got {root.ValueKind}");
        }

        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out var v) || v != Version)
        {
            return Refused($"version must be the number {Version}");
        }

        if (!root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
        {
            return Refused("kind is missing or not a string");
        }

        if (kind.GetString() != RecheckKind)
        {
            return Refused($"unknown kind '{AwsErrors.Plain(kind.GetString(), 64)}'");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!RecheckFields.Contains(property.Name))
            {
                return Refused($"unexpected field '{AwsErrors.Plain(property.Name, 64)}' in a {RecheckKind}");
            }
        }

        var account = Text(root, "accountId");
        if (!AccountIds.IsValid(account))
        {
            return Refused($"accountId '{AwsErrors.Plain(account, 64)}' is not a 12-digit account id");
        }

        var trigger = Text(root, "trigger");
        if (!IsTrigger(trigger))
        {
            return Refused($"trigger '{AwsErrors.Plain(trigger, 64)}' is not an event name (1-{MaxTriggerLength} ASCII letters)");
        }

        if (!TryTime(root, "enqueuedAt", required: true, latest, out var enqueuedAt, out var badEnqueued))
        {
            return Refused(badEnqueued!);
        }

        if (!TryTime(root, "eventTime", required: false, latest, out var eventTime, out var badEvent))
        {
            return Refused(badEvent!);
        }

        return new WorkItemReading(new RecheckWorkItem(account!, trigger!, eventTime, enqueuedAt!.Value), null);
    }

    private static bool TryTime(JsonElement root, string name, bool required, DateTimeOffset latest, out DateTimeOffset? value, out string? error)
    {
        value = null;
        error = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            error = required ? $"{name} is missing" : null;
            return !required;
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (!DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            error = $"{name} '{AwsErrors.Plain(text ?? element.ValueKind.ToString(), 64)}' is not a time such as 2026-11-30T11:00:00.000Z";
            return false;
        }

        if (parsed > latest)
        {
            error = $"{name} {text} lies in the future";
            return false;
        }

        value = parsed;
        return true;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool IsTrigger(string? value) =>
        value is { Length: > 0 and <= MaxTriggerLength } && value.All(char.IsAsciiLetter);

    private static string Time(DateTimeOffset value) => Core.Findings.RootMfaFindingBuilder.Timestamp(value);

    private static WorkItemReading Refused(string reason) => new(null, reason);
}
