using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Tests.Checking;

public class RootMfaCheckServiceTests
{
    private const string Account = "111122223333";
    private static readonly DeploymentContext Context = new("eu-west-1", Account, "0.1.0");
    private static readonly string FindingId = ControlIdentity.FindingId(AwsPartition.Aws, Account);

    private readonly IRootMfaStateSource _state = Substitute.For<IRootMfaStateSource>();
    private readonly IFindingStore _findings = Substitute.For<IFindingStore>();
    private readonly IComplianceChangePublisher _changes = Substitute.For<IComplianceChangePublisher>();
    private readonly ICheckLog _log = Substitute.For<ICheckLog>();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero));

    private RootMfaCheckService Service(CheckOptions? options = null) =>
        new(_state, _findings, _changes, new RootMfaFindingBuilder(Context), Context, options ?? new CheckOptions(), _clock, _log);

    private RootMfaObservation Observation(int mfa, params VirtualMfaDevice[] devices) => new(
        Account, AwsPartition.Aws,
        AccountSummary.FromSummaryMap(new Dictionary<string, int>
        {
            ["AccountMFAEnabled"] = mfa, ["AccountPasswordPresent"] = 1, ["AccountAccessKeysPresent"] = 0,
            ["AccountSigningCertificatesPresent"] = 0,
        }),
        devices, _clock.GetUtcNow());

    private static VirtualMfaDevice RootPhone => new($"arn:aws:iam::{Account}:mfa/phone", $"arn:aws:iam::{Account}:root");

    [Fact]
    public async Task Run_FirstEvaluation_ImportsTheFindingThenPublishesTheNewStatusThenClearsTheOutbox()
    {
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(Observation(0));

        var result = await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);

        Assert.Equal((ComplianceStatus.Failed, ReasonCode.NoRootMfa, true, true), (result.Summary.Status, result.Summary.Reason, result.Summary.Imported, result.Summary.ChangePublished));
        Received.InOrder(() =>
        {
            _findings.ImportAsync(
                Arg.Is<AwsSecurityFinding>(f => f.Id == FindingId && f.Compliance!.Status == "FAILED"
                    && f.ProductFields!["SecHubRootMfa/PendingChanges"].StartsWith("NONE>FAILED:NO_ROOT_MFA@", StringComparison.Ordinal)),
                Arg.Any<CancellationToken>());
            _changes.PublishAsync(Arg.Any<ComplianceChange>(), Arg.Any<CancellationToken>());
            _findings.ImportAsync(
                Arg.Is<AwsSecurityFinding>(f => !f.ProductFields!.ContainsKey("SecHubRootMfa/PendingChanges") && f.UpdatedAt == "2026-11-28T04:00:00.001Z"),
                Arg.Any<CancellationToken>());
        });
        await _changes.Received(1).PublishAsync(
            Arg.Is<ComplianceChange>(c => c.OldStatus == null && c.NewStatus == ComplianceStatus.Failed && c.FindingId == FindingId),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Run_ImportFails_PublishesNoChangeForAVerdictSecurityHubDoesNotShow()
    {
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(Observation(0));
        _findings.ImportAsync(Arg.Any<AwsSecurityFinding>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AwsCallException(AwsFailureKind.Transient, "ThrottlingException"));

        // Still an AwsCallException (the function fails the invocation on it); the subtype only adds the verdict.
        await Assert.ThrowsAnyAsync<AwsCallException>(() => Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None));

        await _changes.DidNotReceiveWithAnyArgs().PublishAsync(default!, default);
    }

    [Fact]
    public async Task Run_ImportFails_TheErrorStillCarriesTheEvaluatedVerdict()
    {
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(Observation(1, RootPhone));
        _findings.ImportAsync(Arg.Any<AwsSecurityFinding>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AwsCallException(AwsFailureKind.Transient, "ThrottlingException"));

        var ex = await Assert.ThrowsAsync<FindingNotImportedException>(() => Service().RunAsync(new CheckRequest(Account, "CLI check"), CancellationToken.None));

        Assert.Equal((AwsFailureKind.Transient, "ThrottlingException"), (ex.Kind, ex.Message));
        Assert.Equal((ComplianceStatus.Failed, ReasonCode.VirtualMfaOnRoot, false), (ex.Result!.Summary.Status, ex.Result.Summary.Reason, ex.Result.Summary.Imported));
        Assert.Equal("FAILED", ex.Result.Finding.Compliance!.Status);
    }

    [Fact]
    public async Task Run_ExistingFindingSuppressed_ReportsItsWorkflowStatus()
    {
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(Observation(0));
        _findings.GetAsync(FindingId, Context.ProductArn, Arg.Any<CancellationToken>())
            .Returns(new ExistingFinding(FindingHistory.None, ComplianceStatus.Failed, null, "SUPPRESSED"));

        var result = await Service().RunAsync(new CheckRequest(Account, "CLI check"), CancellationToken.None);

        Assert.Equal("SUPPRESSED", result.Summary.PreviousWorkflowStatus);
    }

    [Fact]
    public async Task Run_ExistingFinding_KeepsItsCreatedAtAndPublishesNothingWhenStatusIsUnchanged()
    {
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _findings.GetAsync(FindingId, Context.ProductArn, Arg.Any<CancellationToken>())
            .Returns(new ExistingFinding(new FindingHistory(created, created), ComplianceStatus.Passed, null));
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(Observation(1));

        var result = await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);

        Assert.Equal("2026-01-01T00:00:00.000Z", result.Finding.CreatedAt);
        Assert.False(result.Summary.ChangePublished);
        await _changes.DidNotReceiveWithAnyArgs().PublishAsync(default!, default);
    }

    [Fact]
    public async Task Run_StatusChangedFromPassedToFailed_PublishesOldAndNewStatus()
    {
        _findings.GetAsync(FindingId, Context.ProductArn, Arg.Any<CancellationToken>())
            .Returns(new ExistingFinding(FindingHistory.None, ComplianceStatus.Passed, null));
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(Observation(1, RootPhone));

        var result = await Service().RunAsync(new CheckRequest(Account, "EnableMFADevice"), CancellationToken.None);

        Assert.Equal(ComplianceStatus.Passed, result.Summary.PreviousStatus);
        await _changes.Received(1).PublishAsync(
            Arg.Is<ComplianceChange>(c => c.OldStatus == ComplianceStatus.Passed && c.NewStatus == ComplianceStatus.Failed && c.Reason == ReasonCode.VirtualMfaOnRoot),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Run_AccessDeniedOnIam_ImportsANotAvailableFindingWithTheCause()
    {
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>())
            .ThrowsAsync(new AwsCallException(AwsFailureKind.Permanent, "AccessDenied: not authorized to perform iam:GetAccountSummary"));

        var result = await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);

        Assert.Equal((ComplianceStatus.NotAvailable, ReasonCode.EvaluationError), (result.Summary.Status, result.Summary.Reason));
        await _findings.Received().ImportAsync(
            Arg.Is<AwsSecurityFinding>(f => f.Compliance!.Status == "NOT_AVAILABLE" && f.Description!.Contains("iam:GetAccountSummary")),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Run_MalformedIamAnswer_ImportsANotAvailableFinding()
    {
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>())
            .ThrowsAsync(new MalformedIamDataException("GetAccountSummary returned AccountMFAEnabled=7; expected 0 or 1."));

        var result = await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);

        Assert.Equal(ComplianceStatus.NotAvailable, result.Summary.Status);
        Assert.Contains("AccountMFAEnabled=7", result.Evaluation.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TransientIamFailure_ThrowsSoTheInvocationCanBeRetriedAndImportsNothing()
    {
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>())
            .ThrowsAsync(new AwsCallException(AwsFailureKind.Transient, "Throttling: rate exceeded"));

        var ex = await Assert.ThrowsAsync<AwsCallException>(() => Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None));

        Assert.Equal(AwsFailureKind.Transient, ex.Kind);
        await _findings.DidNotReceiveWithAnyArgs().ImportAsync(default!, default);
    }

    [Fact]
    public async Task Run_SecurityHubNotEnabled_FailsWithoutImportingAnythingAndCancelsTheIamRead()
    {
        var getFindings = new TaskCompletionSource<ExistingFinding?>();
        _findings.GetAsync(FindingId, Context.ProductArn, Arg.Any<CancellationToken>()).Returns(getFindings.Task);
        var iamToken = CancellationToken.None;
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Do<CancellationToken>(t => iamToken = t))
            .Returns(call => Task.Delay(Timeout.Infinite, call.Arg<CancellationToken>()).ContinueWith<RootMfaObservation>(
                _ => throw new OperationCanceledException(), TaskScheduler.Default));

        var run = Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);
        Assert.False(run.IsCompleted);
        getFindings.SetException(new AwsCallException(AwsFailureKind.Permanent, "Security Hub is not enabled in eu-west-1 for account 111122223333"));
        var ex = await Assert.ThrowsAsync<AwsCallException>(() => run);

        Assert.Contains("not enabled in eu-west-1", ex.Message, StringComparison.Ordinal);
        Assert.True(iamToken.IsCancellationRequested);
        await _findings.DidNotReceiveWithAnyArgs().ImportAsync(default!, default);
        Assert.Empty(_changes.ReceivedCalls());
    }

    [Fact]
    public async Task Run_ReadsTheExistingFindingAndIamAtTheSameTime()
    {
        var getFindings = new TaskCompletionSource<ExistingFinding?>();
        _findings.GetAsync(FindingId, Context.ProductArn, Arg.Any<CancellationToken>()).Returns(getFindings.Task, Task.FromResult<ExistingFinding?>(null));
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(Observation(1));

        var run = Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);

        // IAM was asked while GetFindings is still unanswered: the two reads are one round trip, not two.
        await _state.Received(1).ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>());
        getFindings.SetResult(null);
        Assert.True((await run).Summary.Imported);
    }

    [Fact]
    public async Task Run_WithoutImport_NeverTouchesSecurityHubOrTheBus()
    {
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(Observation(1));

        var result = await Service().RunAsync(new CheckRequest(Account, "cli", Import: false), CancellationToken.None);

        Assert.False(result.Summary.Imported);
        Assert.Empty(_findings.ReceivedCalls());
        Assert.Empty(_changes.ReceivedCalls());
    }

    [Fact]
    public async Task Run_EventNotYetVisibleInIam_ReadsAgainWithBoundedBackoffUntilItIs()
    {
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>())
            .Returns(Observation(0), Observation(0), Observation(1));
        var run = Service().RunAsync(
            new CheckRequest(Account, "EnableMFADevice", Expectation: StateExpectation.MfaEnabled(true)), CancellationToken.None);

        await _clock.AdvanceUntilDoneAsync(run, TimeSpan.FromSeconds(1));
        var result = await run;

        Assert.Equal((3, ReasonCode.HardwareMfa), (result.Summary.Reads, result.Summary.Reason));
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], _clock.Waited);
        _log.Received(2).WaitingForConsistency(Account, "AccountMFAEnabled=1", Arg.Any<int>(), Arg.Any<TimeSpan>());
    }

    [Fact]
    public async Task Run_EventNeverVisible_GivesUpAfterTheRetryBoundAndEvaluatesWhatIamSays()
    {
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(Observation(0));
        var run = Service(new CheckOptions { ConsistencyRetries = 2 }).RunAsync(
            new CheckRequest(Account, "EnableMFADevice", Expectation: StateExpectation.MfaEnabled(true)), CancellationToken.None);

        await _clock.AdvanceUntilDoneAsync(run, TimeSpan.FromSeconds(1));
        var result = await run;

        Assert.Equal((3, ReasonCode.NoRootMfa), (result.Summary.Reads, result.Summary.Reason));
        _log.Received(1).ConsistencyGaveUp(Account, "AccountMFAEnabled=1", 3);
    }

    [Fact]
    public async Task Run_Level1Account_AcceptsVirtualMfa()
    {
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(Observation(1, RootPhone));
        var options = new CheckOptions { Level1Accounts = new HashSet<string> { Account } };

        var result = await Service(options).RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);

        Assert.Equal(ReasonCode.Level1VirtualMfaAccepted, result.Summary.Reason);
    }

    [Fact]
    public async Task Run_RootSignInRecordedEarlier_IsCarriedForwardUnlessTheEventIsNewer()
    {
        var earlier = new RootSignInEvidence(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), true, "GAHT12345678");
        _findings.GetAsync(FindingId, Context.ProductArn, Arg.Any<CancellationToken>())
            .Returns(new ExistingFinding(FindingHistory.None, ComplianceStatus.Passed, earlier));
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(Observation(1));

        var scheduled = await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);
        var newer = earlier with { At = earlier.At.AddDays(1), MfaSerial = "arn:aws:iam::111122223333:u2f/root/key" };
        var signIn = await Service().RunAsync(new CheckRequest(Account, "ConsoleLogin", RootSignIn: newer), CancellationToken.None);

        Assert.Equal("hardware-totp", scheduled.Finding.ProductFields!["SecHubRootMfa/LastRootSignInMfaType"]);
        Assert.Equal("fido", signIn.Finding.ProductFields!["SecHubRootMfa/LastRootSignInMfaType"]);
    }
}

/// <summary>A clock the test moves by hand; records every delay the code under test asked for.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _inner = new(start);

    public List<TimeSpan> Waited { get; } = [];

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Waited.Add(dueTime);
        }

        return _inner.CreateTimer(callback, state, dueTime, period);
    }

    public async Task AdvanceUntilDoneAsync(Task task, TimeSpan step)
    {
        for (var i = 0; i < 1000 && !task.IsCompleted; i++)
        {
            await Task.Yield();
            _inner.Advance(step);
        }
    }
}
