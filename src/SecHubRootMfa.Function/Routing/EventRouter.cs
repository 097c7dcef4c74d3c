using System.Globalization;
using System.Text;
using System.Text.Json;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Checking;

using static SecHubRootMfa.Function.Routing.EventFields;

namespace SecHubRootMfa.Function.Routing;

/// <summary>What to do with one invocation payload.</summary>
public abstract record RouteDecision;

/// <summary>Re-evaluate the account.</summary>
/// <param name="Trigger">The event name, <c>Scheduled Event</c>, <c>ConsoleLogin</c> or <c>DirectInvocation</c>.</param>
/// <param name="Expectation">What the event implies IAM now shows, to wait out eventual consistency.</param>
/// <param name="SignIn">Root sign-in evidence from a ConsoleLogin event.</param>
/// <param name="AccountId">The account the event came from; null for schedules and direct invocations (the whole scope).</param>
/// <param name="EventTime">When the API call or sign-in happened (CloudTrail <c>eventTime</c>); null for schedules and direct invocations.</param>
/// <param name="RemovesDevice">The event deactivated or deleted a root MFA device (a verdict IAM cannot confirm yet is re-checked).</param>
/// <param name="Degraded">
/// Why only the event's identity could be read (bounded): it is evaluated, but nothing else is taken from it (no
/// expectation, no sign-in evidence, no event time). Null for a fully read event.
/// </param>
public sealed record EvaluateDecision(
    string Trigger, StateExpectation? Expectation = null, RootSignInEvidence? SignIn = null, string? AccountId = null,
    DateTimeOffset? EventTime = null, bool RemovesDevice = false, string? Degraded = null)
    : RouteDecision
{
    /// <summary>
    /// True for the schedule and <c>{"action":"evaluate"}</c>: these runs also check the event path. Event runs never do,
    /// so the check is never on their critical path.
    /// </summary>
    public bool ChecksEventPath => AccountId is null && Trigger is "Scheduled Event" or "DirectInvocation";
}

/// <summary>Do nothing, successfully, and say why (no retry storm on events we cannot use).</summary>
/// <param name="Reason">Why the payload was ignored.</param>
public sealed record IgnoreDecision(string Reason) : RouteDecision;

/// <summary>
/// Routes invocation payloads: EventBridge events that match the deployed rules' patterns, scheduled events, and
/// <c>{"action":"evaluate"}</c>. Payloads that are not events of our rules (other events, events about other accounts,
/// malformed input) are ignored with a reason, before any AWS call. An event of our rules whose identity (source,
/// detail-type, account, eventName, the root user) is readable is always evaluated; when another field it carries lacks
/// the type or form AWS documents, nothing else is taken from it and the decision says why (<see cref="EvaluateDecision.Degraded"/>).
/// </summary>
/// <param name="apiCalls">The pattern of the root MFA API-call rule.</param>
/// <param name="consoleSignIn">The pattern of the root console sign-in rule.</param>
/// <param name="clock">The clock that dates "now" for <see cref="MaxClockSkew"/>.</param>
public sealed class EventRouter(EventPattern apiCalls, EventPattern consoleSignIn, TimeProvider clock)
{
    /// <summary>The largest payload the router parses, in bytes (Lambda's asynchronous invocation limit is 1 MB).</summary>
    public const int MaxPayloadBytes = 1024 * 1024;

    /// <summary>The most characters of a value from the event quoted in an ignore reason.</summary>
    public const int MaxQuotedLength = 64;

    /// <summary>
    /// How far an event's time may lie ahead of the function's clock. CloudTrail dates an event when AWS received the
    /// call and EventBridge delivers it afterwards, so only clock skew can put it in the future; AWS hosts keep time to
    /// well under a second, and 5 minutes leaves room for that while a forged "latest" sign-in dated days ahead (which
    /// would otherwise stay the latest evidence forever) is refused.
    /// </summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>A router on the system clock.</summary>
    public EventRouter(EventPattern apiCalls, EventPattern consoleSignIn)
        : this(apiCalls, consoleSignIn, TimeProvider.System)
    {
    }

    /// <summary>A router over the patterns embedded from <c>infra-pulumi/event-patterns/</c>, on the system clock.</summary>
    public static EventRouter FromEmbeddedPatterns() => FromEmbeddedPatterns(TimeProvider.System);

    /// <summary>A router over the patterns embedded from <c>infra-pulumi/event-patterns/</c>, on <paramref name="clock"/>.</summary>
    public static EventRouter FromEmbeddedPatterns(TimeProvider clock) =>
        new(LoadEmbedded("root-mfa-api-calls"), LoadEmbedded("root-console-signin"), clock);

    /// <summary>
    /// Decides what to do with <paramref name="payload"/> for the function running in <paramref name="accountId"/>.
    /// With <paramref name="acceptMemberAccounts"/> (org mode) rule events from any account are routed with that
    /// account; the caller checks it belongs to the organization. Never throws for any payload.
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
            // EventBridge never sends a key twice; with two, which one a reader takes is a guess.
            doc = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            return new IgnoreDecision($"malformed JSON: {Safe(ex.Message, 200)}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new IgnoreDecision($"expected a JSON object, got {root.ValueKind}");
            }

            // JSON may escape half a UTF-16 surrogate pair ("\ud800"); such text cannot be read as a string. In a field
            // that tells what the event is, it is refused here, before the patterns or anything else reads a value;
            // anywhere else, the event is routed on its identity alone.
            string? unreadable = null;
            var unreadablePaths = new List<string>();
            UnreadableTexts(root, "$", unreadablePaths);
            foreach (var where in unreadablePaths)
            {
                if (IdentityPaths.Any(p => where == p || where.StartsWith(p + ".", StringComparison.Ordinal) || where.StartsWith(p + "[", StringComparison.Ordinal)))
                {
                    return new IgnoreDecision($"text at {where} is not valid UTF-16 (an unpaired surrogate escape)");
                }

                unreadable ??= $"text at {where} is not valid UTF-16 (an unpaired surrogate escape)";
            }

            return RouteObject(root, accountId, acceptMemberAccounts, unreadable);
        }
    }

    // The fields that say what an event is and whose root it concerns: the router's envelope reads and every field the
    // rule patterns read. Text that cannot be read there means the payload cannot be told to be an event of our rules.
    private static readonly string[] IdentityPaths =
    [
        "$.action", "$.source", "$.detail-type", "$.account", "$.detail.eventSource", "$.detail.eventName",
        "$.detail.userIdentity.type", "$.detail.errorCode", "$.detail.responseElements.ConsoleLogin",
    ];

    private RouteDecision RouteObject(JsonElement root, string accountId, bool acceptMemberAccounts, string? unreadable)
    {
        if (root.TryGetProperty("action", out var action))
        {
            return action.ValueKind == JsonValueKind.String && action.GetString() == "evaluate"
                ? new EvaluateDecision("DirectInvocation")
                : new IgnoreDecision("unknown action; the only direct invocation is {\"action\":\"evaluate\"}");
        }

        if (Text(root, "source", "source", out var source) is { } badSource)
        {
            return badSource;
        }

        if (Text(root, "detail-type", "detail-type", out var detailType) is { } badType)
        {
            return badType;
        }

        if (source is null || detailType is null)
        {
            return new IgnoreDecision("neither an EventBridge event (source, detail-type) nor {\"action\":\"evaluate\"}");
        }

        if (Text(root, "account", "account", out var eventAccount) is { } badAccount)
        {
            return badAccount;
        }

        var fromMember = acceptMemberAccounts && eventAccount != accountId && AccountIds.IsValid(eventAccount);
        if (eventAccount != accountId && !fromMember)
        {
            return new IgnoreDecision($"event is about account {Safe(eventAccount)}, this function evaluates {accountId}");
        }

        if (source == "aws.events" && detailType == "Scheduled Event" && !fromMember)
        {
            return new EvaluateDecision("Scheduled Event");
        }

        var isApiCall = apiCalls.Matches(root);
        if (isApiCall || consoleSignIn.Matches(root))
        {
            // The patterns matched, so detail is an object; the fields read below are checked one by one.
            var detail = root.GetProperty("detail");
            if (Text(detail, "eventName", "detail.eventName", out var eventName) is { } badName)
            {
                return badName;
            }

            if (eventName is null)
            {
                return new IgnoreDecision("detail.eventName is missing");
            }

            // Source, detail-type, account, eventName and the root identity are read: from here on the event is
            // evaluated whatever else it carries. A field that cannot be read makes it degraded: evaluated on its
            // identity alone, with nothing else taken from it.
            var removes = isApiCall && eventName is "DeactivateMFADevice" or "DeleteVirtualMFADevice";
            var identityOnly = new EvaluateDecision(eventName, AccountId: eventAccount, RemovesDevice: removes);
            if (unreadable is not null)
            {
                return identityOnly with { Degraded = unreadable };
            }

            if (EventTimeOf(root, detail, out var eventTime) is { } badTime)
            {
                return identityOnly with { Degraded = badTime.Reason };
            }

            var decision = isApiCall ? RouteApiCall(detail, eventName) : RouteSignIn(detail, eventName, eventTime);
            return decision is EvaluateDecision evaluate
                ? evaluate with { AccountId = eventAccount, EventTime = eventTime, RemovesDevice = removes }
                : identityOnly with { EventTime = eventTime, Degraded = ((IgnoreDecision)decision).Reason };
        }

        var name = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.Object
            && d.TryGetProperty("eventName", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        return new IgnoreDecision($"{Safe(source)} '{Safe(detailType)}'{(name is null ? "" : $" {Safe(name)}")} does not match the root MFA rules");
    }

    private static RouteDecision RouteApiCall(JsonElement detail, string eventName)
    {
        string? serial = null;
        if (detail.TryGetProperty("requestParameters", out var parameters) && parameters.ValueKind != JsonValueKind.Null)
        {
            if (parameters.ValueKind != JsonValueKind.Object)
            {
                return WrongType("detail.requestParameters", parameters, "an object");
            }

            if (Serial(parameters, "serialNumber", "detail.requestParameters.serialNumber", out serial) is { } badSerial)
            {
                return badSerial;
            }
        }

        var isVirtual = serial is not null && MfaDeviceKinds.Classify(serial) == MfaDeviceKind.Virtual;
        StateExpectation? expectation = eventName switch
        {
            "EnableMFADevice" when isVirtual => StateExpectation.VirtualDeviceOnRoot(serial!, assigned: true),
            "EnableMFADevice" => StateExpectation.MfaEnabled(true),
            "DeactivateMFADevice" or "DeleteVirtualMFADevice" when isVirtual => StateExpectation.VirtualDeviceOnRoot(serial!, assigned: false),
            "CreateLoginProfile" => StateExpectation.PasswordPresent(true),
            "DeleteLoginProfile" => StateExpectation.PasswordPresent(false),
            // Deactivating a hardware or FIDO device may leave others, and no IAM read without root's own device list
            // shows which is gone: such a removal is confirmed by a re-check after the settle time. Device creation and
            // resync change no flag we read.
            _ => null,
        };
        return new EvaluateDecision(eventName, expectation);
    }

    private static RouteDecision RouteSignIn(JsonElement detail, string eventName, DateTimeOffset at)
    {
        var mfaUsed = false;
        string? serial = null;
        if (detail.TryGetProperty("additionalEventData", out var extra) && extra.ValueKind != JsonValueKind.Null)
        {
            if (extra.ValueKind != JsonValueKind.Object)
            {
                return WrongType("detail.additionalEventData", extra, "an object");
            }

            if (Text(extra, "MFAUsed", "detail.additionalEventData.MFAUsed", out var used) is { } badUsed)
            {
                return badUsed;
            }

            if (Serial(extra, "MFAIdentifier", "detail.additionalEventData.MFAIdentifier", out serial) is { } badSerial)
            {
                return badSerial;
            }

            // AWS's own samples spell it "YES", "Yes" and "No"; anything else says nothing we can record.
            if (used is not null && !string.Equals(used, "Yes", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(used, "No", StringComparison.OrdinalIgnoreCase))
            {
                return new IgnoreDecision($"detail.additionalEventData.MFAUsed '{Safe(used)}' is neither Yes nor No");
            }

            mfaUsed = string.Equals(used, "Yes", StringComparison.OrdinalIgnoreCase);
        }

        return new EvaluateDecision(eventName, SignIn: new RootSignInEvidence(at, mfaUsed, serial));
    }

    // CloudTrail's eventTime (RFC 3339, UTC), else the envelope's time. Each one that is there must be readable and not
    // ahead of the clock by more than the skew; at least one must be there.
    private IgnoreDecision? EventTimeOf(JsonElement root, JsonElement detail, out DateTimeOffset at)
    {
        at = default;
        if (Time(detail, "eventTime", "detail.eventTime", clock.GetUtcNow(), MaxClockSkew, out var eventTime) is { } badEventTime)
        {
            return badEventTime;
        }

        if (Time(root, "time", "time", clock.GetUtcNow(), MaxClockSkew, out var envelopeTime) is { } badTime)
        {
            return badTime;
        }

        if ((eventTime ?? envelopeTime) is not { } known)
        {
            return new IgnoreDecision("the event has neither detail.eventTime nor time, so when it happened is unknown");
        }

        at = known;
        return null;
    }

    private static EventPattern LoadEmbedded(string name)
    {
        using var stream = typeof(EventRouter).Assembly.GetManifestResourceStream($"event-patterns/{name}.json")
            ?? throw new InvalidOperationException($"Embedded event pattern {name}.json is missing from the build.");
        using var reader = new StreamReader(stream);
        return EventPattern.Parse(name, reader.ReadToEnd());
    }
}
