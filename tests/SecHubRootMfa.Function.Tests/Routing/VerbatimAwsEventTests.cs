using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Function.Routing;

namespace SecHubRootMfa.Function.Tests.Routing;

/// <summary>
/// CloudTrail records copied verbatim from the CloudTrail User Guide and the EventBridge User Guide's scheduled event
/// (Events/*-awsdocs.json; sources in Events/README.md), through the production router.
/// </summary>
public class VerbatimAwsEventTests
{
    private static readonly EventRouter Router = EventRouter.FromEmbeddedPatterns();
    private static readonly DateTimeOffset DocumentedTime = new(2022, 11, 10, 16, 24, 34, TimeSpan.Zero);

    private static RouteDecision Route(string name) =>
        Router.Route(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Events", name)), "111122223333");

    [Fact]
    public void RootSignInWithoutMfa_FromTheCloudTrailGuide_IsEvaluatedAndRecordedAsWithoutMfa()
    {
        var decision = Assert.IsType<EvaluateDecision>(Route("signin-root-nomfa-awsdocs.json"));

        Assert.Equal("ConsoleLogin", decision.Trigger);
        Assert.False(decision.SignIn!.MfaUsed);
        Assert.Equal(DocumentedTime, decision.SignIn.At);
    }

    [Fact]
    public void RootSignInWithMfa_FromTheCloudTrailGuide_ReadsUppercaseYesAndTheVirtualDevice()
    {
        var decision = Assert.IsType<EvaluateDecision>(Route("signin-root-mfa-awsdocs.json"));

        Assert.Equal("ConsoleLogin", decision.Trigger);
        Assert.True(decision.SignIn!.MfaUsed);
        Assert.Equal(MfaDeviceKind.Virtual, decision.SignIn.MfaKind);
        Assert.Equal(DocumentedTime, decision.SignIn.At);
    }

    [Fact]
    public void RootEnableMfaDevice_FromTheCloudTrailGuide_WaitsUntilIamShowsTheDeviceOnRoot()
    {
        var decision = Assert.IsType<EvaluateDecision>(Route("cloudtrail-EnableMFADevice-root-awsdocs.json"));

        Assert.Equal("EnableMFADevice", decision.Trigger);
        Assert.Equal("arn:aws:iam::111122223333:mfa/root-account-mfa-device assigned to root", decision.Expectation!.Description);
    }

    [Fact]
    public void ScheduledEvent_FromTheEventBridgeGuide_IsEvaluated()
    {
        var decision = Assert.IsType<EvaluateDecision>(Route("scheduled-event-awsdocs.json"));

        Assert.Equal("Scheduled Event", decision.Trigger);
    }

    [Theory]
    [InlineData("nearmiss-signin-root-failed-awsdocs.json")]
    [InlineData("nearmiss-signin-root-PasswordUpdated-awsdocs.json")]
    [InlineData("nearmiss-signin-iamuser-mfa-awsdocs.json")]
    [InlineData("nearmiss-signin-iamuser-failed-awsdocs.json")]
    [InlineData("nearmiss-signin-iamuser-CheckMfa-awsdocs.json")]
    public void FailedRootSignInsPasswordChangesAndIamUserSignIns_FromTheCloudTrailGuide_AreIgnoredWithAReason(string file)
    {
        var ignored = Assert.IsType<IgnoreDecision>(Route(file));

        Assert.False(string.IsNullOrWhiteSpace(ignored.Reason));
    }
}
