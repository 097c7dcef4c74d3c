using NSubstitute;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Tests.Organization;

/// <summary>An unreachable member is seen in the administrator's own Security Hub, and so is its return.</summary>
public sealed partial class OrgCheckRunnerTests
{
    private const string Administrator = "999988887777";
    private readonly InMemoryAdministratorFindings _admin = new(Administrator);
    private readonly ICheckLog _reachabilityLog = Substitute.For<ICheckLog>();

    private OrgCheckRunner ReachabilityRunner(IAccountDirectory? directory = null, OrgRunOptions? options = null)
    {
        options ??= new OrgRunOptions { HomeRegion = "eu-west-1", Concurrency = 3, Check = new CheckOptions { ConsistencyRetries = 0 } };
        return new OrgCheckRunner(
            directory ?? new FakeDirectory(new AccountListing([.. Members.Select(m => new MemberAccount(m, m == "333333333333" ? "payments-prod" : null))], [])),
            _org, options, _clock, _reachabilityLog, reachability: new MemberReachabilityRecorder(_admin, options, _clock, _reachabilityLog));
    }

    private static Task<OrgRunReport> ScheduledRun(OrgCheckRunner runner) => runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

    [Fact]
    public async Task RunAll_RoleRefused_AdministratorFindingNamesTheMemberResourceTheCauseAndTheSteps()
    {
        _org.DenyRole.Add("333333333333");
        using var runner = ReachabilityRunner();

        var report = await ScheduledRun(runner);

        var f = _admin.For("333333333333")!;
        Assert.Equal(("sechubrootmfa/aws/999988887777/member-reachability/333333333333", Administrator), (f.Id, f.AwsAccountId));
        Assert.Equal("AWS::::Account:333333333333", Assert.Single(f.Resources!).Id);
        Assert.Equal(("FAILED", "HIGH", "MEMBER_ROLE_NOT_ASSUMABLE"), (f.Compliance!.Status, f.Severity!.Label, f.Compliance.StatusReasons![0].ReasonCode));
        Assert.StartsWith("Member account 333333333333 (payments-prod) is UNREACHABLE since 2026-11-28T04:00:00.000Z", f.Description, StringComparison.Ordinal);
        Assert.Contains("Cannot enter account 333333333333: AccessDenied", f.Description, StringComparison.Ordinal);
        Assert.Contains("external id", f.Remediation!.Recommendation!.Text, StringComparison.Ordinal);
        var outcome = report.Accounts.Single(a => a.AccountId == "333333333333");
        Assert.Equal((AccountRunState.Failed, MemberFailureStage.EnterAccount), (outcome.State, outcome.FailedStage));
        Assert.Equal((f.Id, MemberReachState.Unreachable, true, null), (outcome.Reachability!.FindingId, outcome.Reachability.State, outcome.Reachability.Written, outcome.Reachability.Error));
        Assert.Equal(1, _admin.Count);
    }

    [Fact]
    public async Task RunAll_MemberSecurityHubNotEnabled_AdministratorFindingSaysItsSecurityHubCannotBeRead()
    {
        _org.HubNotEnabled.Add("444444444444");
        using var runner = ReachabilityRunner();

        await ScheduledRun(runner);

        var f = _admin.For("444444444444")!;
        Assert.Equal(("FAILED", "HIGH", "MEMBER_SECURITY_HUB_UNREADABLE"), (f.Compliance!.Status, f.Severity!.Label, f.Compliance.StatusReasons![0].ReasonCode));
        Assert.Contains("Security Hub is not enabled in eu-west-1 for account 444444444444", f.Description, StringComparison.Ordinal);
        Assert.Contains("enable-security-hub", f.Remediation!.Recommendation!.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAll_MemberRefusesOurImport_AdministratorFindingSaysTheImportWasRefused(bool memberHasAFinding)
    {
        if (memberHasAFinding)
        {
            _org.Existing["222222222222"] = new ExistingFinding(FindingHistory.None, ComplianceStatus.Passed, null);
        }

        _org.RefuseImport.Add("222222222222");
        using var runner = ReachabilityRunner();

        await ScheduledRun(runner);

        var f = _admin.For("222222222222")!;
        Assert.Equal(("FAILED", "MEMBER_IMPORT_REFUSED"), (f.Compliance!.Status, f.Compliance.StatusReasons![0].ReasonCode));
        Assert.Contains("Invalid finding", f.Description, StringComparison.Ordinal);
        Assert.False(_org.Imported.ContainsKey("222222222222"));
    }

    [Fact]
    public async Task RunAll_MemberReachableOnTheNextRun_SameFindingUpdatedToReachableSayingSinceWhen()
    {
        _org.DenyRole.Add("333333333333");
        using var runner = ReachabilityRunner();
        await ScheduledRun(runner);
        var unreachable = _admin.For("333333333333")!;

        _org.DenyRole.Clear();
        _clock.Advance(TimeSpan.FromHours(12));
        var report = await ScheduledRun(runner);

        var f = _admin.For("333333333333")!;
        Assert.Equal(unreachable.Id, f.Id);
        Assert.Equal(("PASSED", "INFORMATIONAL", "ACTIVE"), (f.Compliance!.Status, f.Severity!.Label, f.RecordState));
        Assert.StartsWith("Member account 333333333333 (payments-prod) is reachable since 2026-11-28T16:00:00.000Z", f.Description, StringComparison.Ordinal);
        Assert.Contains("It was unreachable from 2026-11-28T04:00:00.000Z until then", f.Description, StringComparison.Ordinal);
        Assert.Equal((unreachable.CreatedAt, "2026-11-28T16:00:00.000Z"), (f.CreatedAt, f.UpdatedAt));
        Assert.Equal(MemberReachState.Reachable, report.Accounts.Single(a => a.AccountId == "333333333333").Reachability!.State);
    }

    [Fact]
    public async Task RunAll_TransientFailure_KeepsTheMembersOwnFindingAndDoesNotReportTheMemberUnreachable()
    {
        _org.DenyRole.Add("222222222222");
        using var runner = ReachabilityRunner();
        await ScheduledRun(runner);
        _org.DenyRole.Clear();
        _clock.Advance(TimeSpan.FromHours(12));
        await ScheduledRun(runner);
        _org.Existing["222222222222"] = new ExistingFinding(FindingHistory.None, ComplianceStatus.Failed, null);
        _org.Imported.Clear();

        _org.ThrottleIam.Add("222222222222");
        _clock.Advance(TimeSpan.FromHours(12));
        var report = await ScheduledRun(runner);

        // Today's semantics for the member's own finding: a transient failure keeps it as it was.
        var outcome = report.Accounts.Single(a => a.AccountId == "222222222222");
        Assert.Equal((AccountRunState.Failed, false, true), (outcome.State, outcome.FindingImported, outcome.Retryable));
        Assert.False(_org.Imported.ContainsKey("222222222222"));
        // The administrator's finding stays reachable and says when the member would count as unreachable.
        var f = _admin.For("222222222222")!;
        Assert.Equal(("PASSED", "INFORMATIONAL"), (f.Compliance!.Status, f.Severity!.Label));
        Assert.Equal("2026-11-29T05:00:00.000Z", f.ProductFields!["SecHubRootMfa/UnreachableFrom"]);
        Assert.Contains("failed with a transient error", f.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAll_TransientFailuresOnTwoScheduledRuns_MakeTheMemberUnreachableSinceTheFirst()
    {
        // The member has a finding, so a transient failure keeps it and nothing reaches its Security Hub.
        _org.Existing["222222222222"] = new ExistingFinding(FindingHistory.None, ComplianceStatus.Failed, null);
        _org.ThrottleIam.Add("222222222222");
        using var runner = ReachabilityRunner();
        await ScheduledRun(runner);
        Assert.Equal(("NOT_AVAILABLE", "LOW"), (_admin.For("222222222222")!.Compliance!.Status, _admin.For("222222222222")!.Severity!.Label));

        _clock.Advance(TimeSpan.FromHours(12));
        await ScheduledRun(runner);

        var f = _admin.For("222222222222")!;
        Assert.Equal(("FAILED", "MEMBER_CHECK_INCOMPLETE"), (f.Compliance!.Status, f.Compliance.StatusReasons![0].ReasonCode));
        Assert.Contains("UNREACHABLE since 2026-11-28T04:00:00.000Z", f.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAll_MembersThatWereAlwaysReachable_GetNoAdministratorFinding()
    {
        using var runner = ReachabilityRunner();

        var report = await ScheduledRun(runner);

        Assert.Equal((0, 0), (_admin.Count, _admin.ImportCalls));
        Assert.Equal(1, _admin.FindCalls);
        Assert.All(report.Accounts, a => Assert.Equal((MemberReachState.Reachable, false, null), (a.Reachability!.State, a.Reachability.Written, a.Reachability.Error)));
    }

    [Fact]
    public async Task RunAll_ManyUnreachableMembers_AreWrittenInBatchesNotOneCallEach()
    {
        var members = Enumerable.Range(0, 60).Select(i => $"5000000000{i:D2}").ToArray();
        foreach (var m in members)
        {
            _org.DenyRole.Add(m);
        }

        var options = new OrgRunOptions { HomeRegion = "eu-west-1", Concurrency = 16, Check = new CheckOptions { ConsistencyRetries = 0 } };
        using var runner = ReachabilityRunner(new FakeDirectory(new AccountListing([.. members.Select(m => new MemberAccount(m))], [])), options);

        await ScheduledRun(runner);

        Assert.Equal(60, _admin.Count);
        Assert.True(_admin.ImportCalls < 60 / 2, $"{_admin.ImportCalls} BatchImportFindings calls for 60 members");
        Assert.True(_admin.LargestBatch > 1);
    }

    [Fact]
    public async Task RunAll_AdministratorSecurityHubUnreadable_EvaluatesEveryMemberAndEachOutcomeCarriesTheCause()
    {
        _admin.Refuse = new AwsCallException(AwsFailureKind.Permanent, "Security Hub is not enabled in eu-west-1 for account 999988887777");
        _org.DenyRole.Add("333333333333");
        using var runner = ReachabilityRunner();

        var report = await ScheduledRun(runner);

        Assert.Equal(4, report.Evaluated);
        Assert.All(report.Accounts, a => Assert.Contains("Security Hub is not enabled in eu-west-1 for account 999988887777", a.Reachability!.Error, StringComparison.Ordinal));
        _reachabilityLog.Received(1).ReachabilityNotRecorded(Arg.Is<string?>(a => a == null), Arg.Is<string>(m => m.Contains("999988887777", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunOne_MemberEventWhoseRoleIsRefused_RecordsTheMemberUnreachableAndStillReportsTheFailure()
    {
        _org.DenyRole.Add("111111111111");
        using var runner = ReachabilityRunner();

        var outcome = await runner.RunOneAsync(new CheckRequest("111111111111", "EnableMFADevice"), CancellationToken.None);

        Assert.Equal((AccountRunState.Failed, false), (outcome.State, outcome.FindingImported));
        Assert.Equal("FAILED", _admin.For("111111111111")!.Compliance!.Status);
        Assert.Equal("EnableMFADevice", _admin.For("111111111111")!.ProductFields!["SecHubRootMfa/Trigger"]);
    }

    // IAM lagging behind a fresh event is the product waiting, not a member it cannot reach: no reachability finding.
    [Fact]
    public async Task RunOne_MemberEventIamDoesNotShowYet_IsRetriedWithoutRecordingTheMemberUnreachable()
    {
        using var runner = ReachabilityRunner();

        var outcome = await runner.RunOneAsync(
            new CheckRequest("111111111111", "DeactivateMFADevice", Expectation: StateExpectation.MfaEnabled(false), EventTime: _clock.GetUtcNow()),
            CancellationToken.None);

        Assert.Equal((AccountRunState.Failed, true, true), (outcome.State, outcome.Retryable, outcome.VerdictDeferred));
        Assert.Contains("IAM does not show what the DeactivateMFADevice event implies", outcome.Cause, StringComparison.Ordinal);
        Assert.Null(outcome.Reachability);
        Assert.Equal((0, 0), (_admin.Count, _admin.ImportCalls));
    }

    [Fact]
    public async Task RunAll_WithoutImport_LeavesTheAdministratorsSecurityHubAlone()
    {
        _org.DenyRole.Add("333333333333");
        using var runner = ReachabilityRunner();

        var report = await runner.RunAllAsync("CLI check --org", import: false, null, CancellationToken.None);

        Assert.Equal((0, 0, 0), (_admin.Count, _admin.FindCalls, _admin.ImportCalls));
        Assert.All(report.Accounts, a => Assert.Null(a.Reachability));
    }

    [Fact]
    public async Task RunOne_StoredFindingFromALaterAttempt_IsNotOverwrittenByAnEarlierOne()
    {
        _org.DenyRole.Add("111111111111");
        using var runner = ReachabilityRunner();
        await runner.RunOneAsync(new CheckRequest("111111111111", "EnableMFADevice"), CancellationToken.None);
        // A concurrent attempt that started later (a member event during the run) already wrote its verdict.
        var later = _admin.For("111111111111")! with { UpdatedAt = "2026-11-28T04:02:00.000Z" };
        _admin.Seed(later);

        _clock.Advance(TimeSpan.FromMinutes(1));
        _org.DenyRole.Clear();
        var outcome = await runner.RunOneAsync(new CheckRequest("111111111111", "Scheduled Event"), CancellationToken.None);

        Assert.Same(later, _admin.For("111111111111"));
        Assert.Equal((MemberReachState.Unreachable, false), (outcome.Reachability!.State, outcome.Reachability.Written));
    }
}
