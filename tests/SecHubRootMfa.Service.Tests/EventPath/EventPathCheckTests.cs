using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.EventPath;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;
using SecHubRootMfa.Service.Tests.Checking;

namespace SecHubRootMfa.Service.Tests.EventPath;

/// <summary>When the check service runs the event-path probe, and what the finding carries when it does not.</summary>
public sealed class EventPathCheckTests
{
    private const string Account = "111122223333";
    private static readonly DeploymentContext Context = new("eu-west-1", Account, "0.1.0");
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    private readonly IRootMfaStateSource _state = Substitute.For<IRootMfaStateSource>();
    private readonly InMemorySecurityHub _hub = new();
    private readonly IEventPathProbe _probe = Substitute.For<IEventPathProbe>();
    private readonly ManualClock _clock = new(Now);

    public EventPathCheckTests() =>
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(new RootMfaObservation(
            Account, AwsPartition.Aws,
            AccountSummary.FromSummaryMap(new Dictionary<string, int>
            {
                ["AccountMFAEnabled"] = 1, ["AccountPasswordPresent"] = 1, ["AccountAccessKeysPresent"] = 0, ["AccountSigningCertificatesPresent"] = 0,
            }),
            [], Now));

    private RootMfaCheckService Service() =>
        new(_state, _hub, null, new RootMfaFindingBuilder(Context), Context, new CheckOptions(), _clock, Substitute.For<ICheckLog>(), _probe);

    private static EventPathHealth Blind => EventPathHealth.Of(EventPathStatus.Blind, "trail main is not logging (stopped)", Now);

    [Fact]
    public async Task ScheduledRun_RecordsTheProbesVerdictInTheFinding()
    {
        _probe.CheckAsync(Arg.Any<CancellationToken>()).Returns(Blind);

        var result = await Service().RunAsync(new CheckRequest(Account, "Scheduled Event", CheckEventPath: true), CancellationToken.None);

        Assert.Equal(("blind", "PASSED"), (result.Finding.ProductFields!["SecHubRootMfa/EventPath"], result.Finding.Compliance!.Status));
        Assert.True(result.Summary.EventPathChecked);
        Assert.Equal("blind", _hub.Stored!.ProductFields!["SecHubRootMfa/EventPath"]);
    }

    private static EventPathHealth Live => EventPathHealth.Of(EventPathStatus.Live, "trail main is logging; 2 EventBridge rule(s) enabled", Now);

    private static EventPathHealth RulesUnknown(DateTimeOffset at) =>
        EventPathHealth.Of(EventPathStatus.Unknown, "EventBridge rules not checked: the CLI does not know the deployment's rules", at);

    // The CLI without --event-rules cannot check the rules, so it can only find unknown or blind: its unknown must not
    // erase the function's full "live" check from the finding analysts read.
    [Fact]
    public async Task IncompleteCheck_FindingUnknown_KeepsTheStoredFullCheckInTheFinding_AndStillReportsItsOwn()
    {
        _probe.CheckAsync(Arg.Any<CancellationToken>()).Returns(Live);
        await Service().RunAsync(new CheckRequest(Account, "Scheduled Event", CheckEventPath: true), CancellationToken.None);
        var later = await _state.ReadAsync(Account, AwsPartition.Aws, default) with { ObservedAt = Now.AddMinutes(1) };
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(later);
        _probe.CheckAsync(Arg.Any<CancellationToken>()).Returns(RulesUnknown(Now.AddMinutes(1)));

        var result = await Service().RunAsync(
            new CheckRequest(Account, "CLI check", CheckEventPath: true, EventPathIncomplete: true), CancellationToken.None);

        Assert.True(result.Summary.Imported);
        Assert.Equal(("live", "2026-11-28T04:00:00.000Z"),
            (_hub.Stored!.ProductFields!["SecHubRootMfa/EventPath"], _hub.Stored.ProductFields["SecHubRootMfa/EventPathCheckedAt"]));
        Assert.Equal(EventPathStatus.Unknown, result.Summary.EventPath!.Status);
    }

    [Fact]
    public async Task IncompleteCheck_FindingBlind_RecordsBlind()
    {
        _probe.CheckAsync(Arg.Any<CancellationToken>()).Returns(Live);
        await Service().RunAsync(new CheckRequest(Account, "Scheduled Event", CheckEventPath: true), CancellationToken.None);
        var later = await _state.ReadAsync(Account, AwsPartition.Aws, default) with { ObservedAt = Now.AddMinutes(1) };
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(later);
        _probe.CheckAsync(Arg.Any<CancellationToken>()).Returns(Blind);

        var result = await Service().RunAsync(new CheckRequest(Account, "CLI check", CheckEventPath: true, EventPathIncomplete: true), CancellationToken.None);

        Assert.True(result.Summary.Imported, $"{result.Summary}");
        Assert.Equal("blind", _hub.Stored!.ProductFields!["SecHubRootMfa/EventPath"]);
    }

    [Fact]
    public async Task IncompleteCheck_WithNothingStored_RecordsItsUnknown()
    {
        _probe.CheckAsync(Arg.Any<CancellationToken>()).Returns(RulesUnknown(Now));

        await Service().RunAsync(new CheckRequest(Account, "CLI check", CheckEventPath: true, EventPathIncomplete: true), CancellationToken.None);

        Assert.Equal("unknown", _hub.Stored!.ProductFields!["SecHubRootMfa/EventPath"]);
    }

    [Fact]
    public async Task EventEvaluation_DoesNotCallTheProbe_AndCarriesTheStoredCheckForwardWithItsTime()
    {
        _probe.CheckAsync(Arg.Any<CancellationToken>()).Returns(Blind);
        await Service().RunAsync(new CheckRequest(Account, "Scheduled Event", CheckEventPath: true), CancellationToken.None);
        _probe.ClearReceivedCalls();
        var later = await _state.ReadAsync(Account, AwsPartition.Aws, default) with { ObservedAt = Now.AddMinutes(1) };
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(later);

        var result = await Service().RunAsync(
            new CheckRequest(Account, "EnableMFADevice", EventTime: Now.AddMinutes(1)), CancellationToken.None);

        await _probe.DidNotReceiveWithAnyArgs().CheckAsync(default);
        Assert.True(result.Summary.Imported);
        Assert.False(result.Summary.EventPathChecked);
        Assert.Equal(("blind", "2026-11-28T04:00:00.000Z"),
            (result.Finding.ProductFields!["SecHubRootMfa/EventPath"], result.Finding.ProductFields["SecHubRootMfa/EventPathCheckedAt"]));
    }

    [Fact]
    public async Task ScheduledRun_WithAFailingProbe_StillImportsTheVerdictAndSaysUnknownWithTheCause()
    {
        _probe.CheckAsync(Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("<html><body><h1>502 Bad Gateway</h1></body></html>"));

        var result = await Service().RunAsync(new CheckRequest(Account, "Scheduled Event", CheckEventPath: true), CancellationToken.None);

        Assert.True(result.Summary.Imported);
        Assert.Equal("PASSED", _hub.Stored!.Compliance!.Status);
        Assert.Equal("unknown", _hub.Stored.ProductFields!["SecHubRootMfa/EventPath"]);
        var reason = _hub.Stored.ProductFields["SecHubRootMfa/EventPathReason"];
        Assert.Contains("502 Bad Gateway", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("<", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduledRun_WithAHangingProbe_ImportsAfterTheGraceWithUnknown()
    {
        var hang = new TaskCompletionSource<EventPathHealth>();
        _probe.CheckAsync(Arg.Any<CancellationToken>()).Returns(hang.Task);

        var run = Service().RunAsync(new CheckRequest(Account, "Scheduled Event", CheckEventPath: true), CancellationToken.None);
        await _clock.AdvanceUntilDoneAsync(run, TimeSpan.FromSeconds(1));
        var result = await run;

        Assert.Contains(new CheckOptions().EventPathGrace, _clock.Waited);
        Assert.True(result.Summary.Imported);
        Assert.Equal("unknown", result.Finding.ProductFields!["SecHubRootMfa/EventPath"]);
        Assert.Contains("did not finish within 5 s", result.Finding.ProductFields["SecHubRootMfa/EventPathReason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_RunsBesideTheIamRead_NotAfterIt()
    {
        var iamStarted = new TaskCompletionSource();
        var probeStarted = new TaskCompletionSource();
        var observation = await _state.ReadAsync(Account, AwsPartition.Aws, default);
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(async _ =>
        {
            iamStarted.TrySetResult();
            await probeStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return observation;
        });
        _probe.CheckAsync(Arg.Any<CancellationToken>()).Returns(async _ =>
        {
            probeStarted.TrySetResult();
            await iamStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return Blind;
        });

        // Each waits for the other to have started: only overlapping calls finish.
        var result = await Service().RunAsync(new CheckRequest(Account, "Scheduled Event", CheckEventPath: true), CancellationToken.None);

        Assert.Equal("blind", result.Finding.ProductFields!["SecHubRootMfa/EventPath"]);
    }
}
