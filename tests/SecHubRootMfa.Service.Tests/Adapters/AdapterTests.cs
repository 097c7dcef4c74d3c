using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SecHubRootMfa.Aws.EventBridge;
using SecHubRootMfa.Aws.EventBridge.Model;
using SecHubRootMfa.Aws.IdentityManagement;
using SecHubRootMfa.Aws.IdentityManagement.Model;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Aws.SecurityHub.Model;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Tests.Adapters;

public class IamRootMfaStateSourceTests
{
    private const string Account = "111122223333";
    private readonly IAmazonIdentityManagementService _iam = Substitute.For<IAmazonIdentityManagementService>();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero));

    private IamRootMfaStateSource Source => new(_iam, _clock);

    // Root MFA on, and one page of virtual devices as given.
    private void MfaOnWithDevicePage(ListVirtualMFADevicesResponse page)
    {
        _iam.GetAccountSummaryAsync(Arg.Any<GetAccountSummaryRequest>(), Arg.Any<CancellationToken>())
            .Returns(new GetAccountSummaryResponse { SummaryMap = new() { ["AccountMFAEnabled"] = 1 } });
        _iam.ListVirtualMFADevicesAsync(Arg.Any<ListVirtualMFADevicesRequest>(), Arg.Any<CancellationToken>()).Returns(page);
    }

    [Fact]
    public async Task Read_CombinesTheSummaryAndEveryPageOfVirtualDevices()
    {
        _iam.GetAccountSummaryAsync(Arg.Any<GetAccountSummaryRequest>(), Arg.Any<CancellationToken>())
            .Returns(new GetAccountSummaryResponse { SummaryMap = new() { ["AccountMFAEnabled"] = 1, ["AccountPasswordPresent"] = 1 } });
        _iam.ListVirtualMFADevicesAsync(Arg.Is<ListVirtualMFADevicesRequest>(r => r.Marker == null), Arg.Any<CancellationToken>())
            .Returns(new ListVirtualMFADevicesResponse
            {
                VirtualMFADevices = [new VirtualMFADevice { SerialNumber = $"arn:aws:iam::{Account}:mfa/alice", User = new User { Arn = $"arn:aws:iam::{Account}:user/alice" } }],
                IsTruncated = true,
                Marker = "page-2",
            });
        _iam.ListVirtualMFADevicesAsync(Arg.Is<ListVirtualMFADevicesRequest>(r => r.Marker == "page-2"), Arg.Any<CancellationToken>())
            .Returns(new ListVirtualMFADevicesResponse
            {
                VirtualMFADevices =
                [
                    new VirtualMFADevice { SerialNumber = $"arn:aws:iam::{Account}:mfa/root-phone", User = new User { Arn = $"arn:aws:iam::{Account}:root" }, EnableDate = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc) },
                    new VirtualMFADevice { SerialNumber = $"arn:aws:iam::{Account}:mfa/spare" },
                ],
                IsTruncated = false,
            });

        var observation = await Source.ReadAsync(Account, AwsPartition.Aws, CancellationToken.None);

        Assert.Equal(new AccountSummary(true, true, null, null), observation.Summary);
        Assert.Equal(3, observation.VirtualMfaDevices.Count);
        Assert.Equal($"arn:aws:iam::{Account}:root", observation.VirtualMfaDevices[1].AssignedUserArn);
        Assert.Null(observation.VirtualMfaDevices[2].AssignedUserArn);
        Assert.Equal(_clock.GetUtcNow(), observation.ObservedAt);
        Assert.Equal(ReasonCode.VirtualMfaOnRoot, RootMfaEvaluator.Evaluate(observation, PolicyProfile.Level2).Reason);
    }

    [Fact]
    public async Task Read_AccessDenied_IsPermanentAndNamesTheAction()
    {
        _iam.GetAccountSummaryAsync(Arg.Any<GetAccountSummaryRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new SecHubRootMfa.Aws.IdentityManagement.AccessDeniedException("User is not authorized to perform: iam:GetAccountSummary", null, ErrorType.Sender, "AccessDenied", "req-1", HttpStatusCode.Forbidden));

        var ex = await Assert.ThrowsAsync<AwsCallException>(() => Source.ReadAsync(Account, AwsPartition.Aws, CancellationToken.None));

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
        Assert.Contains("iam:GetAccountSummary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_AsksForTheSummaryAndTheDevicesWithoutWaitingForEither()
    {
        // The summary does not answer until the device list has been asked for: a sequential reader would give up
        // after the 10 s wait below and fail.
        var devicesAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _iam.GetAccountSummaryAsync(Arg.Any<GetAccountSummaryRequest>(), Arg.Any<CancellationToken>())
            .Returns(async _ =>
            {
                await devicesAsked.Task.WaitAsync(TimeSpan.FromSeconds(10));
                return new GetAccountSummaryResponse { SummaryMap = new() { ["AccountMFAEnabled"] = 1 } };
            });
        _iam.ListVirtualMFADevicesAsync(Arg.Any<ListVirtualMFADevicesRequest>(), Arg.Any<CancellationToken>())
            .Returns(_ =>
            {
                devicesAsked.TrySetResult();
                return new ListVirtualMFADevicesResponse { VirtualMFADevices = [], IsTruncated = false };
            });

        var observation = await Source.ReadAsync(Account, AwsPartition.Aws, CancellationToken.None);

        Assert.True(observation.Summary.AccountMfaEnabled);
        Assert.Empty(observation.VirtualMfaDevices);
    }

    [Fact]
    public async Task Read_BothReadsFail_ReportsTheSummaryFailure()
    {
        _iam.GetAccountSummaryAsync(Arg.Any<GetAccountSummaryRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new SecHubRootMfa.Aws.IdentityManagement.AccessDeniedException("User is not authorized to perform: iam:GetAccountSummary", null, ErrorType.Sender, "AccessDenied", "req-1", HttpStatusCode.Forbidden));
        _iam.ListVirtualMFADevicesAsync(Arg.Any<ListVirtualMFADevicesRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new SecHubRootMfa.Aws.IdentityManagement.AccessDeniedException("User is not authorized to perform: iam:ListVirtualMFADevices", null, ErrorType.Sender, "AccessDenied", "req-2", HttpStatusCode.Forbidden));

        var ex = await Assert.ThrowsAsync<AwsCallException>(() => Source.ReadAsync(Account, AwsPartition.Aws, CancellationToken.None));

        Assert.Contains("iam:GetAccountSummary", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("iam:ListVirtualMFADevices", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_SummaryFails_StopsTheDeviceReadInsteadOfWaitingForIt()
    {
        _iam.GetAccountSummaryAsync(Arg.Any<GetAccountSummaryRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new SecHubRootMfa.Aws.IdentityManagement.AccessDeniedException("User is not authorized to perform: iam:GetAccountSummary", null, ErrorType.Sender, "AccessDenied", "req-1", HttpStatusCode.Forbidden));
        // A device read that only ends when it is cancelled (a slow, retrying paging run).
        _iam.ListVirtualMFADevicesAsync(Arg.Any<ListVirtualMFADevicesRequest>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                await Task.Delay(Timeout.Infinite, call.Arg<CancellationToken>());
                return new ListVirtualMFADevicesResponse();
            });

        var ex = await Assert.ThrowsAsync<AwsCallException>(
            () => Source.ReadAsync(Account, AwsPartition.Aws, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
        Assert.Contains("iam:GetAccountSummary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_DeviceWithoutSerial_IsMalformedNotSilentlyDropped()
    {
        MfaOnWithDevicePage(new ListVirtualMFADevicesResponse { VirtualMFADevices = [new VirtualMFADevice { User = new User { Arn = $"arn:aws:iam::{Account}:root" } }], IsTruncated = false });

        await Assert.ThrowsAsync<MalformedIamDataException>(() => Source.ReadAsync(Account, AwsPartition.Aws, CancellationToken.None));
    }

    [Fact]
    public async Task Read_DeviceListWithoutIsTruncated_IsAPermanentFailureNotACompleteList()
    {
        MfaOnWithDevicePage(new ListVirtualMFADevicesResponse { VirtualMFADevices = [], Marker = "page-2" });

        var ex = await Assert.ThrowsAsync<AwsCallException>(() => Source.ReadAsync(Account, AwsPartition.Aws, CancellationToken.None));

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
        Assert.Contains("IsTruncated", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:root\u00a0")]
    [InlineData("arn:aws:iam::111122223333: root")]
    [InlineData("\u200barn:aws:iam::111122223333:root")]
    public async Task Read_RootArnWithCharactersIamNeverSends_IsMalformedNotAnotherUsersDevice(string arn)
    {
        // Trimmed XML whitespace aside, a near-root ARN must not quietly count as "not root's device" (a PASSED).
        MfaOnWithDevicePage(new ListVirtualMFADevicesResponse
        {
            VirtualMFADevices = [new VirtualMFADevice { SerialNumber = $"arn:aws:iam::{Account}:mfa/root-phone", User = new User { Arn = arn } }],
            IsTruncated = false,
        });

        var ex = await Assert.ThrowsAsync<MalformedIamDataException>(() => Source.ReadAsync(Account, AwsPartition.Aws, CancellationToken.None));

        Assert.Contains("User.Arn", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u00a0', ex.Message);
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:mfa/root phone")]
    [InlineData("short")]
    public async Task Read_SerialNumberIamNeverIssues_IsMalformed(string serial)
    {
        MfaOnWithDevicePage(new ListVirtualMFADevicesResponse
        {
            VirtualMFADevices = [new VirtualMFADevice { SerialNumber = serial, User = new User { Arn = $"arn:aws:iam::{Account}:root" } }],
            IsTruncated = false,
        });

        await Assert.ThrowsAsync<MalformedIamDataException>(() => Source.ReadAsync(Account, AwsPartition.Aws, CancellationToken.None));
    }

    [Fact]
    public async Task Read_AnotherUsersDeviceWithAPathNoSerialParameterAccepts_DoesNotMakeTheAccountUnreadable()
    {
        // IAM device paths allow U+0021 to U+007E, so an IAM user can create a device whose ARN no EnableMFADevice call
        // accepts: it can never be root's and must not turn the account NOT_AVAILABLE.
        MfaOnWithDevicePage(new ListVirtualMFADevicesResponse
        {
            VirtualMFADevices =
            [
                new VirtualMFADevice { SerialNumber = $"arn:aws:iam::{Account}:mfa/odd!path~/phone" },
                new VirtualMFADevice { SerialNumber = $"arn:aws:iam::{Account}:mfa/root-phone", User = new User { Arn = $"arn:aws:iam::{Account}:root" } },
            ],
            IsTruncated = false,
        });

        var observation = await Source.ReadAsync(Account, AwsPartition.Aws, CancellationToken.None);

        Assert.Equal([$"arn:aws:iam::{Account}:mfa/root-phone"], observation.VirtualMfaDevices.Select(d => d.SerialNumber));
    }

    [Fact]
    public async Task Read_PagingThatNeverEnds_IsAPermanentFailure()
    {
        MfaOnWithDevicePage(new ListVirtualMFADevicesResponse { IsTruncated = true, Marker = "same" });

        var ex = await Assert.ThrowsAsync<AwsCallException>(() => Source.ReadAsync(Account, AwsPartition.Aws, CancellationToken.None));

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
    }
}

public class SecurityHubFindingStoreTests
{
    private const string Account = "111122223333";
    private static readonly DeploymentContext Context = new("eu-west-1", Account, "0.1.0");
    private static readonly string FindingId = ControlIdentity.FindingId(AwsPartition.Aws, Account);
    private readonly IAmazonSecurityHub _hub = Substitute.For<IAmazonSecurityHub>();
    private readonly ISecurityHubFindingImporter _importer = Substitute.For<ISecurityHubFindingImporter>();

    private SecurityHubFindingStore Store => new(_hub, _importer, "eu-west-1", Account);

    private static AwsSecurityFinding Finding(string status) => new RootMfaFindingBuilder(Context).Build(
        RootMfaEvaluator.Evaluate(new RootMfaObservation(Account, AwsPartition.Aws, new AccountSummary(status == "PASSED", true, false, false), [],
            new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)), PolicyProfile.Level2),
        new FindingHistory(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero)),
        "ConsoleLogin", new RootSignInEvidence(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), true, "GAHT12345678"));

    [Fact]
    public async Task Get_FiltersByIdAndProductAndReadsHistoryStatusAndSignIn()
    {
        _hub.GetFindingsAsync(Arg.Any<GetFindingsRequest>(), Arg.Any<CancellationToken>())
            .Returns(new GetFindingsResponse { Findings = [Finding("PASSED")] });

        var existing = await Store.GetAsync(FindingId, Context.ProductArn, CancellationToken.None);

        await _hub.Received(1).GetFindingsAsync(Arg.Is<GetFindingsRequest>(r =>
            r.Filters!.Id![0].Value == FindingId && r.Filters.Id[0].Comparison == StringFilterComparison.EQUALS
            && r.Filters.ProductArn![0].Value == Context.ProductArn), Arg.Any<CancellationToken>());
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), existing!.History.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), existing.History.FirstObservedAt);
        Assert.Equal(ComplianceStatus.Passed, existing.Status);
        Assert.Equal(("GAHT12345678", true), (existing.LastRootSignIn!.MfaSerial, existing.LastRootSignIn.MfaUsed));
    }

    [Theory]
    [InlineData("SUPPRESSED", "SUPPRESSED")]
    [InlineData("RESOLVED", "RESOLVED")]
    [InlineData("<script>", null)]
    public async Task Get_ReadsTheWorkflowStatusAnalystsSetAndNothingElse(string onTheWire, string? expected)
    {
        _hub.GetFindingsAsync(Arg.Any<GetFindingsRequest>(), Arg.Any<CancellationToken>())
            .Returns(new GetFindingsResponse { Findings = [Finding("FAILED") with { Workflow = new Workflow { Status = onTheWire } }] });

        var existing = await Store.GetAsync(FindingId, Context.ProductArn, CancellationToken.None);

        Assert.Equal(expected, existing!.WorkflowStatus);
    }

    [Fact]
    public async Task Get_NoFinding_IsNull()
    {
        _hub.GetFindingsAsync(Arg.Any<GetFindingsRequest>(), Arg.Any<CancellationToken>()).Returns(new GetFindingsResponse());

        Assert.Null(await Store.GetAsync(FindingId, Context.ProductArn, CancellationToken.None));
    }

    [Fact]
    public async Task Get_SecurityHubNotEnabled_SaysSoForTheRegionAndAccount()
    {
        _hub.GetFindingsAsync(Arg.Any<GetFindingsRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AmazonServiceException("Account is not subscribed to AWS Security Hub", null, ErrorType.Sender, "InvalidAccessException", "r", HttpStatusCode.BadRequest));

        var ex = await Assert.ThrowsAsync<AwsCallException>(() => Store.GetAsync(FindingId, Context.ProductArn, CancellationToken.None));

        Assert.StartsWith("Security Hub is not enabled in eu-west-1 for account 111122223333", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ThrottlingException", AwsFailureKind.Transient)]
    [InlineData("InvalidInputException", AwsFailureKind.Permanent)]
    public async Task Import_RejectedFinding_IsReportedWithItsIdAndCode(string code, AwsFailureKind kind)
    {
        _importer.ImportAsync(Arg.Any<IReadOnlyList<AwsSecurityFinding>>(), Arg.Any<CancellationToken>())
            .Returns(new FindingImportResult([new FindingImportOutcome(FindingId, false, code, "nope", 4)]));

        var ex = await Assert.ThrowsAsync<AwsCallException>(() => Store.ImportAsync(Finding("FAILED"), CancellationToken.None));

        Assert.Equal(kind, ex.Kind);
        Assert.Contains(FindingId, ex.Message, StringComparison.Ordinal);
        Assert.Contains(code, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_Accepted_SendsExactlyTheFinding()
    {
        var finding = Finding("FAILED");
        _importer.ImportAsync(Arg.Any<IReadOnlyList<AwsSecurityFinding>>(), Arg.Any<CancellationToken>())
            .Returns(new FindingImportResult([new FindingImportOutcome(FindingId, true, null, null, 1)]));

        await Store.ImportAsync(finding, CancellationToken.None);

        await _importer.Received(1).ImportAsync(Arg.Is<IReadOnlyList<AwsSecurityFinding>>(l => l.Count == 1 && ReferenceEquals(l[0], finding)), Arg.Any<CancellationToken>());
    }
}

public class EventBridgeChangePublisherTests
{
    private readonly IEventPublisher _publisher = Substitute.For<IEventPublisher>();

    private static ComplianceChange Change => new("111122223333", ComplianceStatus.Passed, ComplianceStatus.Failed, ReasonCode.VirtualMfaOnRoot,
        "sechubrootmfa/aws/111122223333/root-user-hardware-mfa", new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero), AwsPartition.Aws,
        "0123456789abcdef0123456789abcdef");

    [Fact]
    public async Task Publish_SendsOneEventWithOldAndNewStatusOnTheChosenBus()
    {
        IReadOnlyList<PutEventsRequestEntry>? sent = null;
        _publisher.PublishAsync(Arg.Do<IReadOnlyList<PutEventsRequestEntry>>(e => sent = e), Arg.Any<CancellationToken>())
            .Returns(call => [new EventPublishOutcome(call.Arg<IReadOnlyList<PutEventsRequestEntry>>()[0], "evt-1", null, null, 1)]);

        await new EventBridgeChangePublisher(_publisher, "security-events").PublishAsync(Change, CancellationToken.None);

        var entry = Assert.Single(sent!);
        Assert.Equal(("sechubrootmfa", "Root MFA Compliance Changed", "security-events"), (entry.Source, entry.DetailType, entry.EventBusName));
        Assert.Equal(["arn:aws:iam::111122223333:root"], entry.Resources);
        using var detail = JsonDocument.Parse(entry.Detail!);
        Assert.Equal("PASSED", detail.RootElement.GetProperty("oldStatus").GetString());
        Assert.Equal("FAILED", detail.RootElement.GetProperty("newStatus").GetString());
        Assert.Equal("VIRTUAL_MFA_ON_ROOT", detail.RootElement.GetProperty("reason").GetString());
        Assert.Equal("0123456789abcdef0123456789abcdef", detail.RootElement.GetProperty("changeId").GetString());
        Assert.Equal("2026-11-28T04:00:00.000Z", detail.RootElement.GetProperty("observedAt").GetString());
    }

    [Fact]
    public async Task Publish_Escalation_DetailCarriesOldAndNewSeverityAndReason()
    {
        IReadOnlyList<PutEventsRequestEntry>? sent = null;
        _publisher.PublishAsync(Arg.Do<IReadOnlyList<PutEventsRequestEntry>>(e => sent = e), Arg.Any<CancellationToken>())
            .Returns(call => [new EventPublishOutcome(call.Arg<IReadOnlyList<PutEventsRequestEntry>>()[0], "evt-1", null, null, 1)]);
        var escalation = Change with { OldStatus = ComplianceStatus.Failed, Reason = ReasonCode.NoRootMfa, OldReason = ReasonCode.VirtualMfaOnRoot };

        await new EventBridgeChangePublisher(_publisher, "default").PublishAsync(escalation, CancellationToken.None);

        using var detail = JsonDocument.Parse(Assert.Single(sent!).Detail!);
        var d = detail.RootElement;
        Assert.Equal(("FAILED", "FAILED"), (d.GetProperty("oldStatus").GetString(), d.GetProperty("newStatus").GetString()));
        Assert.Equal(("VIRTUAL_MFA_ON_ROOT", "NO_ROOT_MFA", "NO_ROOT_MFA"),
            (d.GetProperty("oldReason").GetString(), d.GetProperty("newReason").GetString(), d.GetProperty("reason").GetString()));
        Assert.Equal(("HIGH", "CRITICAL"), (d.GetProperty("oldSeverity").GetString(), d.GetProperty("newSeverity").GetString()));
    }

    [Fact]
    public async Task Publish_ChangeWithoutTheReasonBefore_SaysSoWithNulls()
    {
        IReadOnlyList<PutEventsRequestEntry>? sent = null;
        _publisher.PublishAsync(Arg.Do<IReadOnlyList<PutEventsRequestEntry>>(e => sent = e), Arg.Any<CancellationToken>())
            .Returns(call => [new EventPublishOutcome(call.Arg<IReadOnlyList<PutEventsRequestEntry>>()[0], "evt-1", null, null, 1)]);

        await new EventBridgeChangePublisher(_publisher, "default").PublishAsync(Change, CancellationToken.None);

        using var detail = JsonDocument.Parse(Assert.Single(sent!).Detail!);
        Assert.Equal(JsonValueKind.Null, detail.RootElement.GetProperty("oldReason").ValueKind);
        Assert.Equal(JsonValueKind.Null, detail.RootElement.GetProperty("oldSeverity").ValueKind);
        Assert.Equal("HIGH", detail.RootElement.GetProperty("newSeverity").GetString());
    }

    [Fact]
    public async Task Publish_EntryRefused_FailsWithTheBusAndCode()
    {
        _publisher.PublishAsync(Arg.Any<IReadOnlyList<PutEventsRequestEntry>>(), Arg.Any<CancellationToken>())
            .Returns(call => [new EventPublishOutcome(call.Arg<IReadOnlyList<PutEventsRequestEntry>>()[0], null, "AccessDeniedException", "not allowed", 1)]);

        var ex = await Assert.ThrowsAsync<AwsCallException>(() =>
            new EventBridgeChangePublisher(_publisher, "default").PublishAsync(Change, CancellationToken.None));

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
        Assert.Contains("bus 'default'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AccessDeniedException", ex.Message, StringComparison.Ordinal);
    }
}
