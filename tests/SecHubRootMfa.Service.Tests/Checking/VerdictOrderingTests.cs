using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Tests.Checking;

/// <summary>Overlapping runs, a broken bus and IAM lag never leave a wrong or stale PASSED in Security Hub.</summary>
public sealed class VerdictOrderingTests
{
    private const string Account = "111122223333";
    private static readonly DeploymentContext Context = new("eu-west-1", Account, "0.1.0");
    private static readonly VirtualMfaDevice RootPhone = new($"arn:aws:iam::{Account}:mfa/phone", $"arn:aws:iam::{Account}:root");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemorySecurityHub _hub = new();
    private readonly RecordingBus _bus = new();
    private readonly MutableIam _iam;

    public VerdictOrderingTests() => _iam = new MutableIam(Account, _clock);

    private RootMfaCheckService Service(CheckOptions? options = null, IComplianceChangePublisher? bus = null) =>
        new(_iam, _hub, bus ?? _bus, new RootMfaFindingBuilder(Context), Context, options ?? new CheckOptions { ConsistencyRetries = 0 },
            _clock, Substitute.For<ICheckLog>());

    private string Status => _hub.Stored!.Compliance!.Status!;

    private static string? Field(AwsSecurityFinding finding, string key) =>
        finding.ProductFields!.TryGetValue(RootMfaFindingBuilder.FieldPrefix + key, out var v) ? v : null;

    // A PASSED finding whose change was delivered long ago.
    private async Task SeedPassedAsync()
    {
        await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);
        _bus.Delivered.Clear();
        _clock.Advance(TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task Run_TwoOverlappingEvaluations_TheNewerStatusAndBothPiecesOfEvidenceEndInSecurityHub()
    {
        await SeedPassedAsync();
        var signIn = new RootSignInEvidence(_clock.GetUtcNow().AddMinutes(-1), true, "GAHT12345678");
        var release = new TaskCompletionSource();
        _hub.HoldNextImport = () => release.Task;

        // A: a root sign-in; IAM shows hardware only; its import is slow.
        var a = Service().RunAsync(new CheckRequest(Account, "ConsoleLogin", RootSignIn: signIn), CancellationToken.None);

        // B: root added a virtual device a second later; B reads IAM after A, imports FAILED and finishes first.
        _clock.Advance(TimeSpan.FromSeconds(1));
        _iam.Devices.Add(RootPhone);
        var b = await Service().RunAsync(new CheckRequest(Account, "EnableMFADevice"), CancellationToken.None);
        Assert.Equal("FAILED", Status);

        // A's older import now lands.
        _clock.Advance(TimeSpan.FromSeconds(1));
        release.SetResult();
        var aResult = await a;

        Assert.Equal("FAILED", Status);
        Assert.Equal("VIRTUAL_MFA_ON_ROOT", Field(_hub.Stored!, "ReasonCode"));
        Assert.Equal(RootPhone.SerialNumber, Field(_hub.Stored!, "RootVirtualMfaSerials"));
        Assert.Equal(RootMfaFindingBuilder.Timestamp(signIn.At), Field(_hub.Stored!, "LastRootSignInAt"));
        Assert.True(b.Summary.ChangePublished);
        Assert.Equal(ComplianceStatus.Failed, aResult.Summary.Status);
        var change = Assert.Single(_bus.Delivered);
        Assert.Equal((ComplianceStatus.Passed, ComplianceStatus.Failed), (change.OldStatus!.Value, change.NewStatus));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_ConcurrentFirstEverImports_PublishOneChangeNotTwo(bool olderImportIsSlow)
    {
        _iam.Mfa = 0;
        var release = new TaskCompletionSource();
        _hub.HoldNextImport = () => release.Task;
        var first = Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);
        if (!olderImportIsSlow)
        {
            release.SetResult();
            await first;
        }

        _clock.Advance(TimeSpan.FromMilliseconds(5));
        await Service().RunAsync(new CheckRequest(Account, "DirectInvocation"), CancellationToken.None);
        release.TrySetResult();
        await first;

        var change = Assert.Single(_bus.Delivered);
        Assert.Equal((null, ComplianceStatus.Failed), (change.OldStatus, change.NewStatus));
        Assert.Equal("FAILED", Status);
        Assert.Null(Field(_hub.Stored!, "PendingChanges"));
    }

    [Fact]
    public async Task Run_BusRefusesForThreeRunsWhileTheStatusFlips_SecurityHubIsRightAfterEveryRunAndEachTransitionIsDeliveredOnce()
    {
        await SeedPassedAsync();
        _bus.Refusing = true;
        var statuses = new List<string>();
        foreach (var virtualOnRoot in new[] { true, false, false })
        {
            _clock.Advance(TimeSpan.FromMinutes(5));
            _iam.Devices.Clear();
            if (virtualOnRoot)
            {
                _iam.Devices.Add(RootPhone);
            }

            var failure = await Assert.ThrowsAsync<AwsCallException>(() =>
                Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None));
            Assert.Contains("was imported", failure.Message, StringComparison.Ordinal);
            statuses.Add(Status);
        }

        _bus.Refusing = false;
        _clock.Advance(TimeSpan.FromMinutes(5));
        var delivering = await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);

        Assert.Equal(["FAILED", "PASSED", "PASSED"], statuses);
        Assert.True(delivering.Summary.ChangePublished);
        Assert.Equal(
            [(ComplianceStatus.Passed, ComplianceStatus.Failed), (ComplianceStatus.Failed, ComplianceStatus.Passed)],
            _bus.Delivered.Select(c => (c.OldStatus!.Value, c.NewStatus)));
        Assert.Equal(2, _bus.Delivered.Select(c => c.ChangeId).Distinct().Count());
        Assert.Null(Field(_hub.Stored!, "PendingChanges"));
    }

    [Fact]
    public async Task Run_BusRefuses_TheTransitionKeepsOneIdOnEveryAttempt()
    {
        await SeedPassedAsync();
        _iam.Devices.Add(RootPhone);
        var ids = new List<string>();
        var recording = Substitute.For<IComplianceChangePublisher>();
        recording.PublishAsync(Arg.Do<ComplianceChange>(c => ids.Add(c.ChangeId)), Arg.Any<CancellationToken>())
            .Returns(Task.FromException(new AwsCallException(AwsFailureKind.Transient, "events:PutEvents: InternalFailure")));

        for (var run = 0; run < 3; run++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            await Assert.ThrowsAsync<AwsCallException>(() =>
                Service(bus: recording).RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None));
        }

        Assert.Equal(3, ids.Count);
        Assert.Single(ids.Distinct());
        Assert.Matches("^[0-9a-f]{32}$", ids[0]);
    }

    [Fact]
    public async Task Run_BestEffortDelivery_LeavesTheChangeInTheOutboxAndSucceeds()
    {
        await SeedPassedAsync();
        _iam.Devices.Add(RootPhone);
        _bus.Refusing = true;

        var result = await Service(new CheckOptions { ConsistencyRetries = 0, ChangeDelivery = ChangeDelivery.BestEffort })
            .RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);

        Assert.Equal((1, false, "FAILED"), (result.Summary.ChangesPending, result.Summary.ChangePublished, Status));
        Assert.StartsWith("PASSED/HARDWARE_MFA>FAILED:VIRTUAL_MFA_ON_ROOT@", Field(_hub.Stored!, "PendingChanges"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutAPublisher_RecordsTheChangeForTheFunctionToDeliver()
    {
        await SeedPassedAsync();
        _iam.Devices.Add(RootPhone);

        await new RootMfaCheckService(_iam, _hub, null, new RootMfaFindingBuilder(Context), Context, new CheckOptions(), _clock,
            Substitute.For<ICheckLog>()).RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);

        var change = Assert.Single(_bus.Delivered);
        Assert.Equal((ComplianceStatus.Passed, ComplianceStatus.Failed), (change.OldStatus!.Value, change.NewStatus));
    }

    [Fact]
    public async Task Run_FreshEventThatIamDoesNotShowAfterTheReReads_ImportsNoPassedAndFailsAsTransient()
    {
        await SeedPassedAsync();
        _bus.Refusing = false;
        var importsBefore = _hub.Received.Count;
        var enabledAt = _clock.GetUtcNow().AddSeconds(-20);
        var request = new CheckRequest(Account, "EnableMFADevice",
            Expectation: StateExpectation.VirtualDeviceOnRoot(RootPhone.SerialNumber, assigned: true), EventTime: enabledAt);

        var run = Service(new CheckOptions()).RunAsync(request, CancellationToken.None);
        for (var i = 0; i < 100 && !run.IsCompleted; i++)
        {
            await Task.Yield();
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var failure = await Assert.ThrowsAsync<VerdictDeferredException>(() => run);
        Assert.Equal(AwsFailureKind.Transient, failure.Kind);
        Assert.Contains("PASSED was not imported", failure.Message, StringComparison.Ordinal);
        Assert.Equal(4, _iam.Reads - 1);
        Assert.Equal(importsBefore, _hub.Received.Count);
    }

    [Fact]
    public async Task Run_SameEventReplayedTwentyMinutesLater_WithIamStillShowingHardwareOnly_ImportsPassed()
    {
        await SeedPassedAsync();
        var enabledAt = _clock.GetUtcNow().AddMinutes(-20);
        var request = new CheckRequest(Account, "EnableMFADevice",
            Expectation: StateExpectation.VirtualDeviceOnRoot(RootPhone.SerialNumber, assigned: true), EventTime: enabledAt);

        var result = await Service().RunAsync(request, CancellationToken.None);

        Assert.Equal((ComplianceStatus.Passed, true), (result.Summary.Status, result.Summary.Imported));
        Assert.Equal("PASSED", Status);
    }

    [Fact]
    public async Task Run_FreshEventWhoseVerdictIsWorseThanPassed_IsImportedAsIamShowsIt()
    {
        await SeedPassedAsync();
        _iam.Mfa = 0;
        var request = new CheckRequest(Account, "EnableMFADevice", Expectation: StateExpectation.MfaEnabled(true), EventTime: _clock.GetUtcNow());

        var result = await Service().RunAsync(request, CancellationToken.None);

        Assert.Equal(("FAILED", true), (Status, result.Summary.Imported));
    }

    [Fact]
    public async Task Run_StoredFindingStampedInTheFuture_FailsLoudlyInsteadOfLeavingAFrozenPassed()
    {
        // A CLI on a laptop whose clock runs 10 minutes fast imports PASSED; then root enables a virtual device.
        var fastClock = new FakeTimeProvider(_clock.GetUtcNow().AddMinutes(10));
        await new RootMfaCheckService(new MutableIam(Account, fastClock), _hub, null, new RootMfaFindingBuilder(Context), Context,
            new CheckOptions(), fastClock, Substitute.For<ICheckLog>()).RunAsync(new CheckRequest(Account, "cli"), CancellationToken.None);
        _iam.Devices.Add(RootPhone);

        var failure = await Assert.ThrowsAsync<AwsCallException>(() =>
            Service().RunAsync(new CheckRequest(Account, "EnableMFADevice"), CancellationToken.None));

        Assert.Equal(AwsFailureKind.Transient, failure.Kind);
        Assert.Contains("ahead of this run's clock", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OutboxEntriesThisVersionCannotRead_AreCountedInTheFindingAndLogged()
    {
        await SeedPassedAsync();
        var stored = _hub.Stored!;
        stored.ProductFields![FindingFields.PendingChangesKey] = "PASSED>FAILED:A_REASON_FROM_A_NEWER_VERSION@2026-11-30T09:00:00.000Z";
        _clock.Advance(TimeSpan.FromMinutes(1));
        var log = Substitute.For<ICheckLog>();

        await new RootMfaCheckService(_iam, _hub, _bus, new RootMfaFindingBuilder(Context), Context, new CheckOptions(), _clock, log)
            .RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);

        log.Received(1).ChangesDropped(Account, 1);
        Assert.Equal("1", Field(_hub.Received[^1], "ChangesDropped"));
    }
}
