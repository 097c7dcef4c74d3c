using System.Globalization;
using System.Text.Json;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Checking;

namespace SecHubRootMfa.Function.Routing;

/// <summary>What to do with one invocation payload.</summary>
public abstract record RouteDecision;

/// <summary>Re-evaluate the account.</summary>
/// <param name="Trigger">The event name, <c>Scheduled Event</c>, <c>ConsoleLogin</c> or <c>DirectInvocation</c>.</param>
/// <param name="Expectation">What the event implies IAM now shows, to wait out eventual consistency.</param>
/// <param name="SignIn">Root sign-in evidence from a ConsoleLogin event.</param>
/// <param name="AccountId">The account the event came from; null for schedules and direct invocations (the whole scope).</param>
public sealed record EvaluateDecision(
    string Trigger, StateExpectation? Expectation = null, RootSignInEvidence? SignIn = null, string? AccountId = null)
    : RouteDecision;

/// <summary>Do nothing, successfully, and say why (no retry storm on events we cannot use).</summary>
/// <param name="Reason">Why the payload was ignored.</param>
public sealed record IgnoreDecision(string Reason) : RouteDecision;

/// <summary>
/// Routes invocation payloads: EventBridge events that match the deployed rules' patterns, scheduled events, and
/// <c>{"action":"evaluate"}</c>. Everything else, events about other accounts and malformed input are ignored.
/// </summary>
public sealed class EventRouter(EventPattern apiCalls, EventPattern consoleSignIn)
{
    /// <summary>The largest payload the router parses, in bytes (Lambda's asynchronous invocation limit is 1 MB).</summary>
    public const int MaxPayloadBytes = 1024 * 1024;

    /// <summary>A router over the patterns embedded from <c>infra-pulumi/event-patterns/</c>.</summary>
    public static EventRouter FromEmbeddedPatterns() =>
        new(LoadEmbedded("root-mfa-api-calls"), LoadEmbedded("root-console-signin"));

    /// <summary>
    /// Decides what to do with <paramref name="payload"/> for the function running in <paramref name="accountId"/>.
    /// With <paramref name="acceptMemberAccounts"/> (org mode) rule events from any account are routed with that
    /// account; the caller checks it belongs to the organization.
    /// </summary>
    public RouteDecision Route(ReadOnlyMemory<byte> payload, string accountId, bool acceptMemberAccounts = false)
    {
        if (payload.Length > MaxPayloadBytes)
        {
            return new IgnoreDecision($"payload of {payload.Length} bytes exceeds {MaxPayloadBytes}");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            return new IgnoreDecision($"malformed JSON: {ex.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new IgnoreDecision($"expected a JSON object, got {root.ValueKind}");
            }

            if (root.TryGetProperty("action", out var action))
            {
                return action.ValueKind == JsonValueKind.String && action.GetString() == "evaluate"
                    ? new EvaluateDecision("DirectInvocation")
                    : new IgnoreDecision("unknown action; the only direct invocation is {\"action\":\"evaluate\"}");
            }

            var source = Text(root, "source");
            var detailType = Text(root, "detail-type");
            if (source is null || detailType is null)
            {
                return new IgnoreDecision("neither an EventBridge event (source, detail-type) nor {\"action\":\"evaluate\"}");
            }

            var eventAccount = Text(root, "account");
            var fromMember = acceptMemberAccounts && eventAccount != accountId && AccountIds.IsValid(eventAccount);
            if (eventAccount != accountId && !fromMember)
            {
                return new IgnoreDecision($"event is about account {Safe(eventAccount)}, this function evaluates {accountId}");
            }

            if (source == "aws.events" && detailType == "Scheduled Event" && !fromMember)
            {
                return new EvaluateDecision("Scheduled Event");
            }

            if (apiCalls.Matches(root))
            {
                return RouteApiCall(root.GetProperty("detail")) with { AccountId = eventAccount };
            }

            if (consoleSignIn.Matches(root))
            {
                return RouteSignIn(root.GetProperty("detail")) with { AccountId = eventAccount };
            }

            var name = root.TryGetProperty("detail", out var d) ? Text(d, "eventName") : null;
            return new IgnoreDecision($"{Safe(source)} '{Safe(detailType)}'{(name is null ? "" : $" {Safe(name)}")} does not match the root MFA rules");
        }
    }

    private static EvaluateDecision RouteApiCall(JsonElement detail)
    {
        var eventName = Text(detail, "eventName")!;
        var serial = detail.TryGetProperty("requestParameters", out var p) ? Text(p, "serialNumber") : null;
        var isVirtual = serial is not null && MfaDeviceKinds.Classify(serial) == MfaDeviceKind.Virtual;
        StateExpectation? expectation = eventName switch
        {
            "EnableMFADevice" when isVirtual => StateExpectation.VirtualDeviceOnRoot(serial!, assigned: true),
            "EnableMFADevice" => StateExpectation.MfaEnabled(true),
            "DeactivateMFADevice" when isVirtual => StateExpectation.VirtualDeviceOnRoot(serial!, assigned: false),
            "CreateLoginProfile" => StateExpectation.PasswordPresent(true),
            "DeleteLoginProfile" => StateExpectation.PasswordPresent(false),
            // Deactivating a hardware device may leave others; device creation/deletion/resync change no flag we read.
            _ => null,
        };
        return new EvaluateDecision(eventName, expectation);
    }

    private static EvaluateDecision RouteSignIn(JsonElement detail)
    {
        RootSignInEvidence? evidence = null;
        if (Text(detail, "eventTime") is { } time
            && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var extra = detail.TryGetProperty("additionalEventData", out var a) ? a : default;
            var mfaUsed = extra.ValueKind == JsonValueKind.Object && string.Equals(Text(extra, "MFAUsed"), "Yes", StringComparison.OrdinalIgnoreCase);
            var serial = extra.ValueKind == JsonValueKind.Object ? Text(extra, "MFAIdentifier") : null;
            evidence = new RootSignInEvidence(at, mfaUsed, string.IsNullOrWhiteSpace(serial) || serial.Length > 2048 ? null : serial);
        }

        return new EvaluateDecision("ConsoleLogin", SignIn: evidence);
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    // Values from events go into logs: keep them short and printable.
    private static string Safe(string? value) =>
        value is null ? "(none)" : new string(value.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private static EventPattern LoadEmbedded(string name)
    {
        using var stream = typeof(EventRouter).Assembly.GetManifestResourceStream($"event-patterns/{name}.json")
            ?? throw new InvalidOperationException($"Embedded event pattern {name}.json is missing from the build.");
        using var reader = new StreamReader(stream);
        return EventPattern.Parse(name, reader.ReadToEnd());
    }
}
