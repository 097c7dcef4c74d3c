using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Function.Routing;

namespace SecHubRootMfa.Function.Tests.Routing;

/// <summary>
/// A payload the router cannot tell to be an event of our rules is ignored with a reason that names what is wrong,
/// before any AWS call; an event of our rules whose identity is readable is evaluated, degraded (nothing else taken from
/// it) when another field is not as AWS documents it: the malformed samples in Events/Malformed/ and a fuzz of every
/// field the router or its patterns read.
/// </summary>
public class EventRouterStrictnessTests
{
    private const string Account = "111122223333";

    // A day after the newest sample event.
    private static readonly DateTimeOffset Now = new(2026, 10, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);

    private EventRouter Router => EventRouter.FromEmbeddedPatterns(_clock);

    private static string EventsDir => Path.Combine(AppContext.BaseDirectory, "Events");

    private static string Sample(string name) => File.ReadAllText(Path.Combine(EventsDir, name));

    private RouteDecision Route(string json) => Router.Route(Encoding.UTF8.GetBytes(json), Account);

    private string Ignored(string json) => Assert.IsType<IgnoreDecision>(Route(json)).Reason;

    // Evaluated on its identity alone: nothing else is taken from the event, and the reason is bounded.
    private EvaluateDecision Degraded(string json)
    {
        var decision = Assert.IsType<EvaluateDecision>(Route(json));
        Assert.NotNull(decision.Degraded);
        Assert.Null(decision.Expectation);
        Assert.Null(decision.SignIn);
        Assert.True(decision.Degraded!.Length < 400 && !decision.Degraded.Any(char.IsControl), decision.Degraded);
        return decision;
    }

    [Fact]
    public void Route_MalformedSampleWhoseEventNameCannotBeRead_IsIgnoredWithAReasonNamingTheField()
    {
        Assert.StartsWith("detail.eventName is an array, expected a string",
            Ignored(Sample(Path.Combine("Malformed", "EnableMFADevice-root-eventName-array.json"))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EnableMFADevice-root-serialNumber-blank.json", "detail.requestParameters.serialNumber '   ' (3 characters) is not an IAM serial number")]
    [InlineData("EnableMFADevice-root-serialNumber-lone-surrogate.json", "text at $.detail.requestParameters.serialNumber is not valid UTF-16")]
    [InlineData("EnableMFADevice-root-eventTime-unparseable.json", "detail.eventTime '13/10/2026 21:19' is not an RFC 3339 time")]
    [InlineData("signin-root-mfa-fido-future.json", "detail.eventTime 2099-10-26T09:12:03.0000000+00:00 is later than now")]
    public void Route_MalformedSampleWithAReadableIdentity_IsEvaluatedOnItsIdentityAloneWithAReasonNamingTheField(string file, string reason)
    {
        var decision = Degraded(Sample(Path.Combine("Malformed", file)));

        Assert.StartsWith(reason, decision.Degraded, StringComparison.Ordinal);
        Assert.Equal("111122223333", decision.AccountId);
    }

    [Fact]
    public void Route_SerialNumberLongerThanIamAllows_IsEvaluatedDegradedAndTheReasonQuotesOnlyItsStart()
    {
        var serial = "arn:aws:iam::111122223333:mfa/" + new string('a', 900 * 1024);

        var reason = Degraded(With(Sample("cloudtrail-EnableMFADevice-root.json"), "detail.requestParameters.serialNumber", Quote(serial))).Degraded!;

        Assert.Contains($"({serial.Length} characters) is not an IAM serial number", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:mfa/root device")]
    [InlineData("GAHT1234")]
    [InlineData("arn:aws:iam::111122223333:mfa/röot")]
    [InlineData("arn:aws:iam::111122223333:mfa/root\t")]
    public void Route_SerialNumberOutsideIamsPattern_IsEvaluatedWithoutADeviceExpectation(string serial)
    {
        Assert.Contains("is not an IAM serial number",
            Degraded(With(Sample("cloudtrail-EnableMFADevice-root.json"), "detail.requestParameters.serialNumber", Quote(serial))).Degraded,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cloudtrail-DeactivateMFADevice-root.json")]
    [InlineData("cloudtrail-DeleteVirtualMFADevice-root.json")]
    [InlineData("cloudtrail-DeactivateMFADevice-root-assumeroot.json")]
    public void Route_DeviceRemovalWhoseSerialCannotBeRead_IsStillEvaluatedAsARemoval(string file)
    {
        var decision = Degraded(With(Sample(file), "detail.requestParameters.serialNumber", Quote("not a serial")));

        Assert.True(decision.RemovesDevice);
    }

    [Theory]
    [InlineData("GAHT12345")]
    [InlineData("arn:aws-us-gov:iam::111122223333:u2f/root/key_1+=,.@-")]
    public void Route_SerialNumbersAtIamsLimits_AreEvaluated(string serial)
    {
        Assert.IsType<EvaluateDecision>(Route(With(Sample("cloudtrail-EnableMFADevice-root.json"), "detail.requestParameters.serialNumber", Quote(serial))));
    }

    [Fact]
    public void Route_RootApiCall_CarriesCloudTrailsEventTime()
    {
        var decision = Assert.IsType<EvaluateDecision>(Route(Sample("cloudtrail-EnableMFADevice-root.json")));

        Assert.Equal(new DateTimeOffset(2026, 10, 13, 21, 19, 9, TimeSpan.Zero), decision.EventTime);
    }

    [Fact]
    public void Route_RootSignIn_CarriesItsTimeAsEventTimeAndEvidence()
    {
        var decision = Assert.IsType<EvaluateDecision>(Route(Sample("signin-root-mfa-fido.json")));

        Assert.Equal(new DateTimeOffset(2026, 10, 26, 9, 12, 3, TimeSpan.Zero), decision.EventTime);
        Assert.Equal(decision.EventTime, decision.SignIn!.At);
    }

    [Fact]
    public void Route_ScheduleAndDirectInvocation_HaveNoEventTime()
    {
        Assert.Null(Assert.IsType<EvaluateDecision>(Route(Sample("scheduled-event.json"))).EventTime);
        Assert.Null(Assert.IsType<EvaluateDecision>(Route("""{"action":"evaluate"}""")).EventTime);
    }

    [Fact]
    public void Route_EventWithoutEventTime_FallsBackToTheEnvelopesTime()
    {
        var json = Without(Sample("cloudtrail-EnableMFADevice-root.json"), "detail.eventTime");
        json = With(json, "time", "\"2026-10-13T21:19:10Z\"");

        Assert.Equal(new DateTimeOffset(2026, 10, 13, 21, 19, 10, TimeSpan.Zero), Assert.IsType<EvaluateDecision>(Route(json)).EventTime);
    }

    [Fact]
    public void Route_EventWithNeitherTime_IsEvaluatedWithoutAnEventTime()
    {
        var json = Without(Without(Sample("cloudtrail-EnableMFADevice-root.json"), "detail.eventTime"), "time");

        var decision = Degraded(json);
        Assert.StartsWith("the event has neither detail.eventTime nor time", decision.Degraded, StringComparison.Ordinal);
        Assert.Null(decision.EventTime);
    }

    [Theory]
    [InlineData("2026-10-13T23:19:09+02:00", "2026-10-13T21:19:09Z")]
    [InlineData("2026-10-13T21:19:09.123Z", "2026-10-13T21:19:09.123Z")]
    public void Route_Rfc3339EventTimes_AreReadInUtc(string eventTime, string expected)
    {
        var decision = Assert.IsType<EvaluateDecision>(Route(With(Sample("cloudtrail-EnableMFADevice-root.json"), "detail.eventTime", Quote(eventTime))));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), decision.EventTime);
        Assert.Equal(TimeSpan.Zero, decision.EventTime!.Value.Offset);
    }

    [Theory]
    [InlineData("2026-10-13 21:19:09Z")]
    [InlineData("2026-10-13T21:19:09")]
    [InlineData("1760390349")]
    [InlineData("")]
    public void Route_EventTimeThatIsNotRfc3339_IsEvaluatedWithoutAnEventTime(string eventTime)
    {
        var decision = Degraded(With(Sample("cloudtrail-EnableMFADevice-root.json"), "detail.eventTime", Quote(eventTime)));

        Assert.Contains("is not an RFC 3339 time", decision.Degraded, StringComparison.Ordinal);
        Assert.Null(decision.EventTime);
    }

    [Fact]
    public void Route_SignInWithinTheClockSkew_IsKeptButBeyondItIsEvaluatedWithoutTheSignInEvidence()
    {
        var signIn = Sample("signin-root-mfa-fido.json");
        string At(TimeSpan ahead) => With(With(signIn, "detail.eventTime", Quote($"{Now + ahead:yyyy-MM-dd'T'HH:mm:ss'Z'}")), "time", Quote($"{Now:yyyy-MM-dd'T'HH:mm:ss'Z'}"));

        Assert.NotNull(Assert.IsType<EvaluateDecision>(Route(At(EventRouter.MaxClockSkew - TimeSpan.FromSeconds(1)))).SignIn);
        Assert.Contains("plus 5 minutes of clock skew", Degraded(At(EventRouter.MaxClockSkew + TimeSpan.FromSeconds(1))).Degraded, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_ApiCallAheadOfTheInjectedClock_IsDegradedUntilTheClockCatchesUp()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 13, 21, 0, 0, TimeSpan.Zero));
        var router = EventRouter.FromEmbeddedPatterns(clock);
        var json = Encoding.UTF8.GetBytes(Sample("cloudtrail-EnableMFADevice-root.json"));

        Assert.Contains("is later than now", Assert.IsType<EvaluateDecision>(router.Route(json, Account)).Degraded, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(15));

        Assert.Null(Assert.IsType<EvaluateDecision>(router.Route(json, Account)).Degraded);
    }

    [Theory]
    [InlineData("Maybe")]
    [InlineData("")]
    public void Route_SignInWithMfaUsedNeitherYesNorNo_IsEvaluatedWithoutTheSignInEvidence(string used)
    {
        Assert.Contains("MFAUsed",
            Degraded(With(Sample("signin-root-mfa-fido.json"), "detail.additionalEventData.MFAUsed", Quote(used))).Degraded, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_DuplicateKey_IsIgnoredAsMalformed()
    {
        // With two "account" keys, which one a reader takes is a guess; EventBridge never sends that.
        var json = Sample("cloudtrail-EnableMFADevice-root.json").Replace("\"account\": \"111122223333\",",
            "\"account\": \"444455556666\", \"account\": \"111122223333\",", StringComparison.Ordinal);

        Assert.StartsWith("malformed JSON", Ignored(json), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("detail.requestParameters")]
    [InlineData("detail.requestParameters.serialNumber")]
    public void Route_OptionalApiFieldsThatAreNull_StillEvaluateWithoutADeviceExpectation(string path)
    {
        var decision = Assert.IsType<EvaluateDecision>(Route(With(Sample("cloudtrail-EnableMFADevice-root.json"), path, "null")));

        Assert.Equal("AccountMFAEnabled=1", decision.Expectation!.Description);
    }

    // Fields the router reads, per kind of sample; the rule patterns read the others listed below.
    private static readonly string[] EnvelopeFields = ["source", "detail-type", "account"];
    private static readonly string[] EventFields = ["time", "detail", "detail.eventName", "detail.eventTime"];
    private static readonly string[] ApiFields = ["detail.requestParameters", "detail.requestParameters.serialNumber"];
    private static readonly string[] SignInFields = ["detail.additionalEventData", "detail.additionalEventData.MFAUsed", "detail.additionalEventData.MFAIdentifier"];
    // (errorCode's "exists": false is left out: its semantics are another change's.)
    private static readonly string[] PatternFields = ["detail.eventSource", "detail.userIdentity", "detail.userIdentity.type"];
    private static readonly string[] SignInPatternFields = ["detail.responseElements", "detail.responseElements.ConsoleLogin"];

    // Values no field the router reads may hold: wrong JSON types, text that is not UTF-16, blank and huge text, and
    // nesting deeper than the parser allows.
    private static readonly string[] NotAString =
    [
        "42", "-1e400", "true", "{}", "[]", """["EnableMFADevice"]""", """[1,{"a":[null]}]""",
        new string('[', 40) + new string(']', 40),
    ];

    private static readonly string[] BadText =
    [
        "\"\\ud800\"", "\"\\udc00x\"", "\"x\\ud83d\"", "\"\"", "\"   \"", "\"\\u0000\\n\"", Quote(new string('A', 200_000)),
    ];

    private static readonly string[] NotAnObject = ["42", "true", "\"detail\"", "[]", "[{}]", "\"\\ud800\"", new string('[', 40) + new string(']', 40)];

    private static readonly string[] KnownReasons =
    [
        "malformed JSON", "does not match the root MFA rules", "event is about account", "neither an EventBridge event",
        "is not valid UTF-16", "the event has neither detail.eventTime nor time",
    ];

    // What says what an event is and whose root it concerns; every other field only adds facts.
    private static readonly HashSet<string> IdentityFields =
    [
        .. EnvelopeFields, "detail", "detail.eventName", .. PatternFields, .. SignInPatternFields,
    ];

    [Fact]
    public void Route_FuzzedFieldsOfEveryRootSample_IdentityIgnoredOtherwiseEvaluatedDegraded_ReasonsSpecificAndBounded()
    {
        var failures = new List<string>();
        var cases = 0;
        foreach (var file in Directory.GetFiles(EventsDir, "*.json").Select(Path.GetFileName).Where(f => !f!.StartsWith("nearmiss-", StringComparison.Ordinal)))
        {
            var sample = Sample(file!);
            var kind = file!.StartsWith("signin-", StringComparison.Ordinal) ? SignInFields
                : file.StartsWith("cloudtrail-", StringComparison.Ordinal) ? ApiFields : null;
            var read = kind is null ? EnvelopeFields : [.. EnvelopeFields, .. EventFields, .. kind];
            var patternRead = kind is null ? [] : kind == SignInFields ? [.. PatternFields, .. SignInPatternFields] : PatternFields;
            foreach (var path in read.Concat(patternRead))
            {
                var objectField = path is "detail" or "detail.requestParameters" or "detail.additionalEventData" or "detail.userIdentity"
                    or "detail.responseElements";
                foreach (var value in objectField ? NotAnObject : [.. NotAString, .. BadText])
                {
                    cases++;
                    var json = With(sample, path, value);
                    RouteDecision decision;
                    try
                    {
                        decision = Route(json);
                    }
                    catch (Exception ex)
                    {
                        failures.Add($"{file} {path}={Shorten(value)}: threw {ex.GetType().Name}: {ex.Message}");
                        continue;
                    }

                    string? reason;
                    if (IdentityFields.Contains(path))
                    {
                        // The payload cannot be told to be an event of our rules: ignored, with a reason.
                        if (decision is not IgnoreDecision ignored)
                        {
                            failures.Add($"{file} {path}={Shorten(value)}: {decision}");
                            continue;
                        }

                        reason = ignored.Reason;
                    }
                    else if (decision is IgnoreDecision { Reason: var unparsed } && unparsed.StartsWith("malformed JSON", StringComparison.Ordinal))
                    {
                        // Nesting deeper than the parser allows: the document as a whole cannot be read, identity included.
                        reason = unparsed;
                    }
                    else if (decision is not EvaluateDecision evaluated)
                    {
                        // An event of our rules whose identity reads: never dropped.
                        failures.Add($"{file} {path}={Shorten(value)}: {decision}");
                        continue;
                    }
                    else if (evaluated.Degraded is null)
                    {
                        continue; // the value happened to be one AWS documents (an empty object, say)
                    }
                    else if (evaluated.Expectation is not null || evaluated.SignIn is not null)
                    {
                        failures.Add($"{file} {path}={Shorten(value)}: degraded but took facts from the event: {evaluated}");
                        continue;
                    }
                    else
                    {
                        reason = evaluated.Degraded;
                    }

                    if (!(reason.Contains(path, StringComparison.Ordinal) || KnownReasons.Any(k => reason.Contains(k, StringComparison.Ordinal)))
                        || reason.Length > 400 || reason.Any(char.IsControl))
                    {
                        failures.Add($"{file} {path}={Shorten(value)}: unspecific or unbounded reason '{Shorten(reason)}'");
                    }
                }
            }
        }

        Assert.True(cases > 1000, $"only {cases} cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases:\n{string.Join('\n', failures.Take(30))}");
    }

    [Fact]
    public void Route_EveryTruncationAndRandomByteDamageOfTheSamples_NeverThrows()
    {
        var random = new Random(13);
        var routed = 0;
        foreach (var file in Directory.GetFiles(EventsDir, "*.json"))
        {
            var bytes = File.ReadAllBytes(file);
            for (var cut = 0; cut < bytes.Length; cut += 7)
            {
                Assert.NotNull(Router.Route(bytes.AsMemory(0, cut), Account));
                routed++;
            }

            for (var round = 0; round < 200; round++)
            {
                var damaged = (byte[])bytes.Clone();
                for (var i = random.Next(1, 8); i > 0; i--)
                {
                    damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                }

                Assert.NotNull(Router.Route(damaged, Account));
                Assert.NotNull(Router.Route(damaged, Account, acceptMemberAccounts: true));
                routed++;
            }
        }

        Assert.True(routed > 5000, $"only {routed} payloads");
    }

    [Fact]
    public void Route_ActionOfAnyOtherShape_IsIgnored()
    {
        foreach (var value in NotAString.Concat(BadText))
        {
            var reason = Ignored($$"""{"action":{{value}}}""");
            Assert.True(reason.StartsWith("unknown action", StringComparison.Ordinal) || reason.StartsWith("malformed JSON", StringComparison.Ordinal)
                || reason.Contains("not valid UTF-16", StringComparison.Ordinal), reason);
        }
    }

    // The sample with the field at a dotted path replaced by raw JSON (created if missing under an existing parent).
    internal static string With(string json, string path, string rawValue)
    {
        const string Marker = "__replaced_by_the_test__";
        var (root, parent, name) = Locate(json, path);
        parent[name] = Marker;
        return root.ToJsonString().Replace($"\"{Marker}\"", rawValue, StringComparison.Ordinal);
    }

    private static string Without(string json, string path)
    {
        var (root, parent, name) = Locate(json, path);
        parent.Remove(name);
        return root.ToJsonString();
    }

    private static (JsonObject Root, JsonObject Parent, string Name) Locate(string json, string path)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var names = path.Split('.');
        var parent = root;
        foreach (var name in names[..^1])
        {
            parent = parent[name]!.AsObject();
        }

        return (root, parent, names[^1]);
    }

    internal static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + $"…({text.Length})" : text;
}
