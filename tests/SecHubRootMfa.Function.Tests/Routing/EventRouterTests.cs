using System.Text;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Function.Routing;

namespace SecHubRootMfa.Function.Tests.Routing;

/// <summary>Routing of the real-format sample events in Events/ (the same files the Pulumi rule tests use).</summary>
public class EventRouterTests
{
    private const string Account = "111122223333";
    private static readonly EventRouter Router = EventRouter.FromEmbeddedPatterns();

    private static string EventsDir => Path.Combine(AppContext.BaseDirectory, "Events");

    private static RouteDecision RouteFile(string name, string account = Account) =>
        Router.Route(File.ReadAllBytes(Path.Combine(EventsDir, name)), account);

    private static RouteDecision RouteText(string json) => Router.Route(Encoding.UTF8.GetBytes(json), Account);

    public static TheoryData<string> RootSamples => [.. Directory.GetFiles(EventsDir, "*.json")
        .Select(f => Path.GetFileName(f)).Where(n => !n.StartsWith("nearmiss-", StringComparison.Ordinal))];

    public static TheoryData<string> NearMisses => [.. Directory.GetFiles(EventsDir, "nearmiss-*.json").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(RootSamples))]
    public void Route_EveryRootMfaSignInAndScheduledSample_IsEvaluated(string file)
    {
        Assert.IsType<EvaluateDecision>(RouteFile(file));
    }

    [Theory]
    [MemberData(nameof(NearMisses))]
    public void Route_NearMisses_AreIgnoredWithAReason(string file)
    {
        var ignored = Assert.IsType<IgnoreDecision>(RouteFile(file));
        Assert.False(string.IsNullOrWhiteSpace(ignored.Reason));
    }

    [Fact]
    public void Route_SamplesCoverEveryRootEventTheIssueNames()
    {
        var triggers = ((IEnumerable<object[]>)RootSamples).Select(r => ((EvaluateDecision)RouteFile((string)r[0])).Trigger).ToHashSet();

        Assert.Superset(new HashSet<string>
        {
            "EnableMFADevice", "DeactivateMFADevice", "CreateVirtualMFADevice", "DeleteVirtualMFADevice", "ResyncMFADevice",
            "CreateLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile", "ConsoleLogin", "Scheduled Event",
        }, triggers);
    }

    [Fact]
    public void Route_EnableVirtualMfaOnRoot_WaitsUntilIamShowsTheDeviceOnRoot()
    {
        var decision = Assert.IsType<EvaluateDecision>(RouteFile("cloudtrail-EnableMFADevice-root.json"));

        Assert.Equal("EnableMFADevice", decision.Trigger);
        Assert.Equal("arn:aws:iam::111122223333:mfa/root-account-mfa-device assigned to root", decision.Expectation!.Description);
    }

    [Fact]
    public void Route_DeleteLoginProfileOnRoot_WaitsUntilThePasswordIsGone()
    {
        var decision = Assert.IsType<EvaluateDecision>(RouteFile("cloudtrail-DeleteLoginProfile-root-assumeroot.json"));

        Assert.Equal("AccountPasswordPresent=0", decision.Expectation!.Description);
    }

    [Fact]
    public void Route_RootSignInWithFido_RecordsWhenAndWhichDevice()
    {
        var decision = Assert.IsType<EvaluateDecision>(RouteFile("signin-root-mfa-fido.json"));

        Assert.Equal("ConsoleLogin", decision.Trigger);
        Assert.True(decision.SignIn!.MfaUsed);
        Assert.Equal(MfaDeviceKind.Fido, decision.SignIn.MfaKind);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 9, 12, 3, TimeSpan.Zero), decision.SignIn.At);
    }

    [Fact]
    public void Route_RootSignInWithVirtualDevice_TellsTheDeviceIsVirtual()
    {
        var decision = Assert.IsType<EvaluateDecision>(RouteFile("signin-root-mfa-virtual.json"));

        Assert.Equal(MfaDeviceKind.Virtual, decision.SignIn!.MfaKind);
    }

    [Fact]
    public void Route_RootSignInWithoutMfa_RecordsNoMfa()
    {
        var decision = Assert.IsType<EvaluateDecision>(RouteFile("signin-root-nomfa.json"));

        Assert.False(decision.SignIn!.MfaUsed);
        Assert.Null(decision.SignIn.MfaKind);
    }

    [Fact]
    public void Route_EventAboutAnotherAccount_IsIgnored()
    {
        var ignored = Assert.IsType<IgnoreDecision>(RouteFile("cloudtrail-EnableMFADevice-root.json", account: "444455556666"));

        Assert.Contains("111122223333", ignored.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_DirectInvocation_IsEvaluated()
    {
        Assert.Equal("DirectInvocation", Assert.IsType<EvaluateDecision>(RouteText("""{"action":"evaluate"}""")).Trigger);
    }

    [Theory]
    [InlineData("""{"action":"delete-everything"}""", "unknown action")]
    [InlineData("{not json", "malformed JSON")]
    [InlineData("[1,2,3]", "expected a JSON object")]
    [InlineData("\"evaluate\"", "expected a JSON object")]
    [InlineData("""{"hello":"world"}""", "neither an EventBridge event")]
    [InlineData("""{"source":"aws.iam","detail-type":"AWS API Call via CloudTrail","account":"111122223333","detail":"x"}""", "does not match")]
    public void Route_MalformedOrUnknownInput_IsIgnoredWithAPreciseReason(string json, string reason)
    {
        Assert.Contains(reason, Assert.IsType<IgnoreDecision>(RouteText(json)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_DeeplyNestedJson_IsIgnoredNotACrash()
    {
        var json = new string('[', 500) + new string(']', 500);

        Assert.IsType<IgnoreDecision>(RouteText(json));
    }

    [Fact]
    public void Route_OversizePayload_IsIgnored()
    {
        Assert.Contains("exceeds", Assert.IsType<IgnoreDecision>(Router.Route(new byte[EventRouter.MaxPayloadBytes + 1], Account)).Reason, StringComparison.Ordinal);
    }
}
