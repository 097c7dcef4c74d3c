using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;
using SecHubRootMfa.Service.WorkQueue;

namespace SecHubRootMfa.Service.Tests.Checking;

/// <summary>
/// Escalations within a status are announced, and a device removal IAM does not show yet never leaves an unverified
/// verdict: it is imported marked provisional and re-checked once the settle time has passed.
/// </summary>
public sealed class EscalationAndRecheckTests
{
    private const string Account = "111122223333";
    private static readonly DeploymentContext Context = new("eu-west-1", Account, "0.1.0");
    private static readonly VirtualMfaDevice RootPhone = new($"arn:aws:iam::{Account}:mfa/phone", $"arn:aws:iam::{Account}:root");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemorySecurityHub _hub = new();
    private readonly RecordingBus _bus = new();
    private readonly RecordingQueue _queue = new();
    private readonly MutableIam _iam;

    public EscalationAndRecheckTests() => _iam = new MutableIam(Account, _clock);

    private bool _level1;

    private RootMfaCheckService Service(IRecheckScheduler? queue = null, bool withQueue = true) =>
        new(_iam, _hub, _bus, new RootMfaFindingBuilder(Context), Context,
            new CheckOptions { ConsistencyRetries = 0, Level1Accounts = _level1 ? new HashSet<string> { Account } : new HashSet<string>() },
            _clock, Substitute.For<ICheckLog>(), recheck: withQueue ? queue ?? _queue : null);

    private string? Field(string key) =>
        _hub.Stored!.ProductFields!.TryGetValue(RootMfaFindingBuilder.FieldPrefix + key, out var v) ? v : null;

    private async Task SeedAsync()
    {
        await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);
        _bus.Delivered.Clear();
        _clock.Advance(TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task Run_FailedHighToFailedCritical_AnnouncesTheEscalationWithOldAndNewReasonAndSeverity()
    {
        _iam.Devices.Add(RootPhone);
        await SeedAsync();
        Assert.Equal("VIRTUAL_MFA_ON_ROOT", Field("ReasonCode"));

        // Root's only (virtual) device is removed: MFA is off entirely.
        _iam.Devices.Clear();
        _iam.Mfa = 0;
        var result = await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);

        Assert.True(result.Summary.ChangePublished);
        var change = Assert.Single(_bus.Delivered);
        Assert.Equal((ComplianceStatus.Failed, ComplianceStatus.Failed), (change.OldStatus!.Value, change.NewStatus));
        Assert.Equal((ReasonCode.VirtualMfaOnRoot, ReasonCode.NoRootMfa), (change.OldReason!.Value, change.Reason));
        Assert.Null(Field("PendingChanges"));
    }

    [Fact]
    public async Task Run_SameStatusAndReason_AnnouncesNothing()
    {
        _iam.Devices.Add(RootPhone);
        await SeedAsync();

        await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);

        Assert.Empty(_bus.Delivered);
    }

    [Fact]
    public async Task Run_EscalationIdsAreStablePerTransitionAndDifferFromTheStatusChangeBefore()
    {
        _iam.Devices.Add(RootPhone);
        await SeedAsync();
        _iam.Devices.Clear();
        _iam.Mfa = 0;
        _bus.Refusing = true;
        await Assert.ThrowsAsync<AwsCallException>(() => Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None));
        var queued = Field("PendingChanges");
        Assert.StartsWith("FAILED/VIRTUAL_MFA_ON_ROOT>FAILED:NO_ROOT_MFA@", queued, StringComparison.Ordinal);

        _bus.Refusing = false;
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);

        var change = Assert.Single(_bus.Delivered);
        Assert.Equal(ChangeOutbox.Parse(queued, out _)[0].ChangeId(ControlIdentity.FindingId(AwsPartition.Aws, Account)), change.ChangeId);
    }

    [Fact]
    public async Task Run_OutboxStoredByAnOlderVersion_IsStillDeliveredUnderItsOldId()
    {
        // A finding written before reasons were recorded: PASSED, with an undelivered change in the old entry format.
        var findingId = ControlIdentity.FindingId(AwsPartition.Aws, Account);
        var stored = new RootMfaFindingBuilder(Context).Build(
            RootMfaEvaluator.Evaluate(new RootMfaObservation(Account, AwsPartition.Aws, Summary(1), [], _clock.GetUtcNow()), PolicyProfile.Level2),
            FindingHistory.None, "Scheduled Event", bookkeeping: new FindingBookkeeping("old-run", []));
        const string OldEntry = "FAILED>PASSED:HARDWARE_MFA@2026-11-30T10:00:00.000Z~2026-11-30T09:00:00.000Z";
        stored.ProductFields!["SecHubRootMfa/PendingChanges"] = OldEntry;
        _hub.Seed(stored);
        _clock.Advance(TimeSpan.FromMinutes(5));

        await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);

        var change = Assert.Single(_bus.Delivered);
        Assert.Equal((ComplianceStatus.Failed, ComplianceStatus.Passed, ReasonCode.HardwareMfa), (change.OldStatus!.Value, change.NewStatus, change.Reason));
        Assert.Null(change.OldReason);
        // The id an older version derived for this entry: finding, old and new status, the stored finding it departed from.
        var oldId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{findingId}\nFAILED\nPASSED\n2026-11-30T09:00:00.000Z")).AsSpan(0, 16));
        Assert.Equal(oldId, change.ChangeId);
    }

    // ---- Item 3: a removal of any device kind never leaves an unverified PASSED -------------------------------------

    public static TheoryData<string, string> Removals => new()
    {
        // The event and the removed device's serial. IAM lags: it still shows the state before the removal.
        { "DeactivateMFADevice", $"arn:aws:iam::{Account}:mfa/phone" },
        { "DeactivateMFADevice", "GAHT12345678" },
        { "DeactivateMFADevice", $"arn:aws:iam::{Account}:u2f/root/YubiKey-EXAMPLE" },
        { "DeleteVirtualMFADevice", $"arn:aws:iam::{Account}:mfa/phone" },
    };

    [Theory]
    [MemberData(nameof(Removals))]
    public async Task Run_RemovalIamDoesNotShowYet_ImportsAProvisionalVerdictAndQueuesARecheckAfterTheSettleTime(string trigger, string serial)
    {
        if (MfaDeviceKinds.Classify(serial) == MfaDeviceKind.Virtual)
        {
            // A virtual device only passes at Level 1; IAM still lists it on root after the event.
            _level1 = true;
            _iam.Devices.Add(RootPhone);
        }

        await SeedAsync();
        var eventTime = _clock.GetUtcNow().AddSeconds(-20);

        var result = await Service().RunAsync(Removal(trigger, serial, eventTime), CancellationToken.None);

        // IAM still says MFA on (it lags): the PASSED is imported, but says it is provisional, and a re-check is queued.
        var queued = Assert.Single(_queue.Items);
        Assert.Equal((Account, trigger, eventTime), (queued.Item.AccountId, queued.Item.Trigger, queued.Item.EventTime));
        Assert.Equal(new CheckOptions().EventSettleTime, queued.Delay);
        var recheckAt = RootMfaFindingBuilder.Timestamp(_clock.GetUtcNow() + new CheckOptions().EventSettleTime);
        Assert.Equal(("PASSED", recheckAt), (_hub.Stored!.Compliance!.Status, Field("RecheckAt")));
        Assert.Contains($"Provisional: IAM may not yet show the {trigger} event", _hub.Stored.Description, StringComparison.Ordinal);
        Assert.Equal(recheckAt, RootMfaFindingBuilder.Timestamp(result.Summary.RecheckAt!.Value));

        // The settle time passes; the re-check evaluates what IAM now says and its write clears the provisional mark.
        _clock.Advance(new CheckOptions().EventSettleTime);
        _iam.Mfa = 0;
        _iam.Devices.Clear();
        var recheck = await Service().RunAsync(new CheckRequest(Account, queued.Item.CheckTrigger, EventTime: queued.Item.EventTime), CancellationToken.None);

        Assert.Equal(("FAILED", "NO_ROOT_MFA"), (_hub.Stored!.Compliance!.Status, Field("ReasonCode")));
        Assert.Null(Field("RecheckAt"));
        Assert.DoesNotContain("Provisional", _hub.Stored.Description, StringComparison.Ordinal);
        Assert.Null(recheck.Summary.RecheckAt);
        Assert.Single(_queue.Items);
    }

    [Fact]
    public async Task Run_RootHadTwoHardwareDevicesAndRemovedOne_TheRecheckConfirmsPassedAndNothingFails()
    {
        await SeedAsync();

        await Service().RunAsync(Removal("DeactivateMFADevice", "GAHT12345678", _clock.GetUtcNow()), CancellationToken.None);
        _clock.Advance(new CheckOptions().EventSettleTime);
        var queued = Assert.Single(_queue.Items).Item;
        var recheck = await Service().RunAsync(new CheckRequest(Account, queued.CheckTrigger, EventTime: queued.EventTime), CancellationToken.None);

        Assert.Equal((ComplianceStatus.Passed, ReasonCode.HardwareMfa), (recheck.Summary.Status, recheck.Summary.Reason));
        Assert.Null(Field("RecheckAt"));
        Assert.Empty(_bus.Delivered);
    }

    [Fact]
    public async Task Run_VirtualRemovalIamAlreadyShows_WithNoMfaLeft_IsConfirmedWithoutARecheck()
    {
        _iam.Devices.Add(RootPhone);
        await SeedAsync();
        _iam.Devices.Clear();
        _iam.Mfa = 0;

        var result = await Service().RunAsync(Removal("DeactivateMFADevice", RootPhone.SerialNumber, _clock.GetUtcNow()), CancellationToken.None);

        Assert.Equal((ComplianceStatus.Failed, ReasonCode.NoRootMfa), (result.Summary.Status, result.Summary.Reason));
        Assert.Empty(_queue.Items);
        Assert.Null(Field("RecheckAt"));
    }

    [Fact]
    public async Task Run_VirtualRemovalTheListShowsButTheSummaryStillSaysMfa_ImportsAProvisionalPassedAndQueuesARecheck()
    {
        // IAM's two reads disagree for a moment: the device list shows the virtual device gone while AccountMFAEnabled is
        // still 1. Read as "a hardware device is left", that was a confirmed PASSED HARDWARE_MFA for a root with no MFA.
        _iam.Devices.Add(RootPhone);
        await SeedAsync();
        _iam.Devices.Clear();

        var result = await Service().RunAsync(Removal("DeactivateMFADevice", RootPhone.SerialNumber, _clock.GetUtcNow()), CancellationToken.None);

        Assert.Equal(ComplianceStatus.Passed, result.Summary.Status);
        Assert.NotNull(Field("RecheckAt"));
        Assert.Contains("Provisional", _hub.Stored!.Description, StringComparison.Ordinal);
        var queued = Assert.Single(_queue.Items);
        Assert.Equal(new CheckOptions().EventSettleTime, queued.Delay);

        // Once IAM has caught up, the re-check says what is true.
        _clock.Advance(new CheckOptions().EventSettleTime);
        _iam.Mfa = 0;
        await Service().RunAsync(new CheckRequest(Account, queued.Item.CheckTrigger, EventTime: queued.Item.EventTime), CancellationToken.None);
        Assert.Equal(("FAILED", "NO_ROOT_MFA"), (_hub.Stored!.Compliance!.Status, Field("ReasonCode")));
    }

    [Fact]
    public async Task Run_ScheduledRunDuringIamsLagOverwritesTheProvisionalMark_TheQueuedRecheckStillCorrectsTheVerdict()
    {
        // Two invocations around one removal: the event's run queues a re-check; a scheduled run a minute later reads the
        // same lagging IAM (no event to weigh it against) and writes its PASSED without the provisional mark.
        _iam.Devices.Add(RootPhone);
        await SeedAsync();
        _iam.Devices.Clear();
        await Service().RunAsync(Removal("DeactivateMFADevice", RootPhone.SerialNumber, _clock.GetUtcNow()), CancellationToken.None);
        var queued = Assert.Single(_queue.Items);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Service().RunAsync(new CheckRequest(Account, "Scheduled Event"), CancellationToken.None);
        Assert.Equal("PASSED", _hub.Stored!.Compliance!.Status);

        // IAM catches up; the re-check the event queued is not lost with the mark and says what is true.
        _clock.Advance(new CheckOptions().EventSettleTime);
        _iam.Mfa = 0;
        await Service().RunAsync(new CheckRequest(Account, queued.Item.CheckTrigger, EventTime: queued.Item.EventTime), CancellationToken.None);

        Assert.Equal(("FAILED", "NO_ROOT_MFA"), (_hub.Stored!.Compliance!.Status, Field("ReasonCode")));
        Assert.Null(Field("RecheckAt"));
    }

    [Fact]
    public async Task Run_RemovalOlderThanTheSettleTime_TrustsIamWithoutARecheck()
    {
        await SeedAsync();

        await Service().RunAsync(Removal("DeactivateMFADevice", "GAHT12345678", _clock.GetUtcNow() - new CheckOptions().EventSettleTime), CancellationToken.None);

        Assert.Empty(_queue.Items);
        Assert.Null(Field("RecheckAt"));
    }

    [Fact]
    public async Task Run_RecheckCannotBeQueued_FailsAsTransientAndImportsNothing()
    {
        await SeedAsync();
        var before = _hub.Received.Count;
        _queue.Refusing = true;

        var error = await Assert.ThrowsAsync<VerdictDeferredException>(() =>
            Service().RunAsync(Removal("DeactivateMFADevice", "GAHT12345678", _clock.GetUtcNow()), CancellationToken.None));

        Assert.Equal(AwsFailureKind.Transient, error.Kind);
        Assert.Contains("re-check after the settle time could not be queued", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _hub.Received.Count);
    }

    [Fact]
    public async Task Run_RemovalWithoutAWorkQueue_RefusesTheFreshPassedAsBefore()
    {
        await SeedAsync();

        var error = await Assert.ThrowsAsync<VerdictDeferredException>(() =>
            Service(withQueue: false).RunAsync(Removal("DeactivateMFADevice", "GAHT12345678", _clock.GetUtcNow()), CancellationToken.None));

        Assert.Equal(AwsFailureKind.Transient, error.Kind);
        Assert.Contains("so PASSED was not imported", error.Message, StringComparison.Ordinal);
    }

    private static CheckRequest Removal(string trigger, string serial, DateTimeOffset eventTime) =>
        new(Account, trigger,
            Expectation: MfaDeviceKinds.Classify(serial) == MfaDeviceKind.Virtual ? StateExpectation.VirtualDeviceOnRoot(serial, assigned: false) : null,
            EventTime: eventTime, RemovesDevice: true);

    private static AccountSummary Summary(int mfa) => AccountSummary.FromSummaryMap(new Dictionary<string, int>
    {
        ["AccountMFAEnabled"] = mfa, ["AccountPasswordPresent"] = 1, ["AccountAccessKeysPresent"] = 0, ["AccountSigningCertificatesPresent"] = 0,
    });
}

/// <summary>A work queue that records what was queued, or refuses while <see cref="Refusing"/>.</summary>
internal sealed class RecordingQueue : IRecheckScheduler
{
    public bool Refusing { get; set; }

    public List<(RecheckWorkItem Item, TimeSpan Delay)> Items { get; } = [];

    public Task ScheduleAsync(RecheckWorkItem item, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (Refusing)
        {
            return Task.FromException(new AwsCallException(AwsFailureKind.Transient, "sqs:SendMessage: could not reach AWS (connection refused)."));
        }

        Items.Add((item, delay));
        return Task.CompletedTask;
    }
}
