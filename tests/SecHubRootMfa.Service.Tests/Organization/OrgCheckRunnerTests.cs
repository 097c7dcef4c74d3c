using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Tests.Organization;

public sealed partial class OrgCheckRunnerTests
{
    private static readonly string[] Members = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"];
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero));
    private readonly FakeOrg _org = new();

    private readonly RecordingPublisher _changes = new();

    private OrgCheckRunner Runner(int concurrency = 3, IAccountDirectory? directory = null, IComplianceChangePublisher? changes = null) => new(
        directory ?? new FakeDirectory(new AccountListing([.. Members.Select(m => new MemberAccount(m))], [new SkippedAccount("999999999999", "account state is SUSPENDED")])),
        _org,
        new OrgRunOptions { HomeRegion = "eu-west-1", Concurrency = concurrency, Check = new CheckOptions { ConsistencyRetries = 0 } },
        _clock,
        Substitute.For<ICheckLog>(),
        changes);

    [Fact]
    public async Task RunAll_ScheduledWithEventPathCheck_RecordsEachMembersOwnEventPathInItsFindingAndReport()
    {
        var at = _clock.GetUtcNow();
        foreach (var m in Members)
        {
            _org.EventPaths[m] = Core.EventPath.EventPathHealth.Of(Core.EventPath.EventPathStatus.Live, "trail org-trail (organization trail) is logging", at);
        }

        _org.EventPaths["222222222222"] = Core.EventPath.EventPathHealth.Of(Core.EventPath.EventPathStatus.Blind,
            "rule sechubrootmfa-root-mfa-api-calls-forward (us-east-1) is DISABLED", at);
        using var runner = Runner();

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None, checkEventPath: true);

        Assert.Equal("blind", _org.Imported["222222222222"][0].ProductFields!["SecHubRootMfa/EventPath"]);
        Assert.Equal("live", _org.Imported["111111111111"][0].ProductFields!["SecHubRootMfa/EventPath"]);
        Assert.Equal(Core.EventPath.EventPathStatus.Blind, report.Accounts.Single(a => a.AccountId == "222222222222").EventPath!.Status);
        Assert.Equal(Members.Length, _org.Probed.Count);
    }

    [Fact]
    public async Task MemberEvent_NeverChecksTheMembersEventPath()
    {
        _org.EventPaths["111111111111"] = Core.EventPath.EventPathHealth.Of(Core.EventPath.EventPathStatus.Live, "live", _clock.GetUtcNow());
        using var runner = Runner();

        var outcome = await runner.RunOneAsync(new CheckRequest("111111111111", "EnableMFADevice"), CancellationToken.None);

        Assert.True(outcome.FindingImported);
        Assert.Empty(_org.Probed);
        Assert.Null(outcome.EventPath);
    }

    [Fact]
    public async Task RunAll_WithAPublisher_PublishesEachMembersChangeNamingThatMember()
    {
        _org.Existing["222222222222"] = new ExistingFinding(FindingHistory.None, ComplianceStatus.Passed, null);
        _org.Existing["333333333333"] = new ExistingFinding(FindingHistory.None, ComplianceStatus.Failed, null);
        using var runner = Runner(changes: _changes);

        await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        // 222… was already PASSED: no change. The others are new (no finding) or FAILED before: one change each.
        var changes = _changes.Published.OrderBy(c => c.AccountId, StringComparer.Ordinal).ToList();
        Assert.Equal(["111111111111", "333333333333", "444444444444", "555555555555"], changes.Select(c => c.AccountId));
        Assert.All(changes, c => Assert.Equal(ComplianceStatus.Passed, c.NewStatus));
        Assert.Equal(ComplianceStatus.Failed, changes.Single(c => c.AccountId == "333333333333").OldStatus);
        Assert.Equal("sechubrootmfa/aws/333333333333/root-user-hardware-mfa", changes.Single(c => c.AccountId == "333333333333").FindingId);
    }


    [Fact]
    public async Task RunAll_EveryActiveAccount_IsEvaluatedAndImportedIntoItsOwnSecurityHub()
    {
        using var runner = Runner();

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        Assert.Equal(5, report.Evaluated);
        Assert.Equal(1, report.Skipped);
        Assert.Equal(0, report.Failed);
        foreach (var member in Members)
        {
            var finding = Assert.Single(_org.Imported[member]);
            Assert.Equal(member, finding.AwsAccountId);
            Assert.Equal($"arn:aws:securityhub:eu-west-1:{member}:product/{member}/default", finding.ProductArn);
        }
    }

    [Fact]
    public async Task RunAll_AccountNamedInOrganizations_NameIsInTheReportAndTheImportedFinding()
    {
        using var runner = Runner(directory: new FakeDirectory(new AccountListing(
            [new MemberAccount("111111111111", "payments-prod"), new MemberAccount("222222222222")], [])));

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        var named = report.Accounts.Single(a => a.AccountId == "111111111111");
        Assert.Equal("payments-prod", named.AccountName);
        Assert.Equal("payments-prod", Assert.Single(_org.Imported["111111111111"]).AwsAccountName);
        Assert.Same(_org.Imported["111111111111"][0], named.Finding);
        Assert.Null(Assert.Single(_org.Imported["222222222222"]).AwsAccountName);
    }

    [Fact]
    public async Task RunAll_SuspendedAccount_IsReportedAsSkippedWithItsStateAndNeverEntered()
    {
        using var runner = Runner();

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        var skipped = Assert.Single(report.Accounts, a => a.State == AccountRunState.Skipped);
        Assert.Equal(("999999999999", "account state is SUSPENDED"), (skipped.AccountId, skipped.Cause));
        Assert.DoesNotContain("999999999999", _org.Opened);
    }

    [Fact]
    public async Task RunAll_RoleMissingInOneAccount_FailsThatAccountOnlyWithTheCause()
    {
        _org.DenyRole.Add("333333333333");
        using var runner = Runner();

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        var failed = Assert.Single(report.Accounts, a => a.State == AccountRunState.Failed);
        Assert.Equal("333333333333", failed.AccountId);
        Assert.False(failed.FindingImported);
        Assert.Contains("AccessDenied", failed.Cause, StringComparison.Ordinal);
        Assert.Equal(4, report.Evaluated);
    }

    [Fact]
    public async Task RunAll_IamThrottledInOneAccount_ImportsANotAvailableFindingWithTheCauseThere()
    {
        _org.ThrottleIam.Add("222222222222");
        using var runner = Runner();

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        var failed = Assert.Single(report.Accounts, a => a.State == AccountRunState.Failed);
        Assert.True(failed.FindingImported);
        var finding = Assert.Single(_org.Imported["222222222222"]);
        Assert.Equal("NOT_AVAILABLE", finding.Compliance!.Status);
        Assert.Contains("Throttling", finding.ProductFields!["SecHubRootMfa/ErrorCause"], StringComparison.Ordinal);
        Assert.Equal(4, report.Evaluated);
    }

    [Fact]
    public async Task RunAll_TransientFailureForAMemberWithAFinding_KeepsItsFindingAndReportsItNotEvaluated()
    {
        _org.Existing["222222222222"] = new ExistingFinding(FindingHistory.None, ComplianceStatus.Failed, null);
        _org.ThrottleIam.Add("222222222222");
        using var runner = Runner();

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        var failed = Assert.Single(report.Accounts, a => a.State == AccountRunState.Failed);
        Assert.Equal(("222222222222", false, true, null), (failed.AccountId, failed.FindingImported, failed.Retryable, failed.Status));
        Assert.Contains("existing finding was kept", failed.Cause, StringComparison.Ordinal);
        Assert.False(_org.Imported.ContainsKey("222222222222"));
        Assert.Equal(4, report.Evaluated);
    }

    [Fact]
    public async Task RunAll_SecurityHubRefusesOurOwnImport_KeepsTheMembersExistingFinding()
    {
        _org.Existing["222222222222"] = new ExistingFinding(FindingHistory.None, ComplianceStatus.Failed, null);
        _org.RefuseImport.Add("222222222222");
        using var runner = Runner();

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        var failed = Assert.Single(report.Accounts, a => a.State == AccountRunState.Failed);
        Assert.Equal(("222222222222", false), (failed.AccountId, failed.FindingImported));
        Assert.Contains("existing finding was kept", failed.Cause, StringComparison.Ordinal);
        Assert.False(_org.Imported.ContainsKey("222222222222"));
    }

    [Fact]
    public async Task RunAll_UnexpectedExceptionInOneMember_StaysWithThatMember()
    {
        _org.Explode.Add("333333333333");
        using var runner = Runner();

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        var failed = Assert.Single(report.Accounts, a => a.State == AccountRunState.Failed);
        Assert.Equal("333333333333", failed.AccountId);
        Assert.Contains("InvalidOperationException", failed.Cause, StringComparison.Ordinal);
        Assert.True(failed.Retryable);
        Assert.Equal(4, report.Evaluated);
    }

    [Fact]
    public async Task RunAll_SecurityHubUnreachableInOneAccount_ReportsBothCausesAndImportsNothingThere()
    {
        _org.HubNotEnabled.Add("444444444444");
        using var runner = Runner();

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        var failed = Assert.Single(report.Accounts, a => a.State == AccountRunState.Failed);
        Assert.Equal("444444444444", failed.AccountId);
        Assert.False(failed.FindingImported);
        Assert.Contains("not imported either", failed.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAll_NeverEvaluatesMoreAccountsAtOnceThanTheConcurrency()
    {
        using var runner = Runner(concurrency: 2);

        await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        Assert.Equal(2, _org.MaxOpenAtOnce);
        Assert.Equal(5, _org.Opened.Count);
    }

    [Fact]
    public async Task RunAll_ReportsProgressOncePerEvaluatedAccount()
    {
        var progress = new RecordingProgress();
        using var runner = Runner();

        await runner.RunAllAsync("Scheduled Event", import: true, progress, CancellationToken.None);

        Assert.Equal(5, progress.Total);
        Assert.Equal([1, 2, 3, 4, 5], progress.Done.Order());
    }

    [Fact]
    public async Task IsMember_UsesTheListUntilTheCacheTimeRunsOut()
    {
        var directory = new FakeDirectory(new AccountListing([new MemberAccount("111111111111")], []));
        using var runner = Runner(directory: directory);

        Assert.True(await runner.IsMemberAsync("111111111111", CancellationToken.None));
        Assert.False(await runner.IsMemberAsync("222222222222", CancellationToken.None));
        Assert.Equal(1, directory.Calls);

        _clock.Advance(TimeSpan.FromMinutes(16));
        await runner.IsMemberAsync("111111111111", CancellationToken.None);
        Assert.Equal(2, directory.Calls);
    }

    [Fact]
    public async Task RunAll_ListStillLoading_EvaluatesTheFirstPagesAccountsMeanwhile()
    {
        var secondPage = new TaskCompletionSource();
        using var runner = Runner(directory: new PagedDirectory(secondPage.Task, ["111111111111", "222222222222"], ["333333333333"]));

        var run = runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        // A run that waited for the whole list would never import the first page's account while page 2 is held back.
        await _org.WhenImported("111111111111").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(run.IsCompleted);
        secondPage.SetResult();
        var report = await run;
        Assert.Equal((3, 0), (report.Evaluated, report.Failed));
    }

    [Fact]
    public async Task RunAll_AccountsFinishWhileTheListLoads_ProgressStartsWithTheTotalThenCountsInOrder()
    {
        var secondPage = new TaskCompletionSource();
        var progress = new RecordingProgress();
        using var runner = Runner(directory: new PagedDirectory(secondPage.Task, ["111111111111", "222222222222"], ["333333333333"]));

        var run = runner.RunAllAsync("Scheduled Event", import: true, progress, CancellationToken.None);
        await _org.WhenImported("111111111111").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, progress.Total);
        secondPage.SetResult();
        await run;

        Assert.Equal(3, progress.Total);
        Assert.Equal([1, 2, 3], progress.Done);
        Assert.All(progress.Totals, t => Assert.Equal(3, t));
    }

    [Fact]
    public async Task RunAll_AccountListedOnTwoPages_IsEvaluatedOnce()
    {
        using var runner = Runner(directory: new PagedDirectory(Task.CompletedTask, ["111111111111"], ["111111111111", "222222222222"]));

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        Assert.Equal(["111111111111", "222222222222"], report.Accounts.Select(a => a.AccountId));
        Assert.Single(_org.Imported["111111111111"]);
    }

    [Fact]
    public async Task RunAll_ALaterPageCannotBeRead_FailsWithTheListingErrorOnceNoAccountIsInFlight()
    {
        var directory = new PagedDirectory(Task.CompletedTask, ["111111111111", "222222222222"], ["333333333333"])
        {
            SecondPageError = new AwsCallException(AwsFailureKind.Transient, "organizations:ListAccounts failed: TooManyRequestsException: Rate exceeded"),
        };
        using var runner = Runner(directory: directory);

        var error = await Assert.ThrowsAsync<AwsCallException>(() => runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None));

        Assert.Equal("organizations:ListAccounts failed: TooManyRequestsException: Rate exceeded", error.Message);
        Assert.Equal(0, _org.OpenNow);
        Assert.DoesNotContain("333333333333", _org.Opened);
    }

    [Fact]
    public async Task RunOne_MemberEventWhileAScheduledRunIsInProgress_CompletesWithoutWaitingForTheRun()
    {
        // The scheduled run is stuck twice over: its list's second page and one member's AssumeRole are held back.
        var secondPage = new TaskCompletionSource();
        var held = new TaskCompletionSource();
        _org.Hold["111111111111"] = held.Task;
        using var runner = Runner(directory: new PagedDirectory(secondPage.Task, ["111111111111", "222222222222"], ["333333333333"]));
        var run = runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);
        await _org.WhenImported("222222222222").WaitAsync(TimeSpan.FromSeconds(10));

        // A member's CloudTrail event on the same runner: membership check, then its evaluation, both while the run waits.
        Assert.True(await runner.IsMemberAsync("333333333333", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        var outcome = await runner.RunOneAsync(new CheckRequest("333333333333", "AWS API Call via CloudTrail"), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((AccountRunState.Evaluated, ComplianceStatus.Passed, true), (outcome.State, outcome.Status, outcome.FindingImported));
        Assert.False(run.IsCompleted);
        secondPage.SetResult();
        held.SetResult();
        Assert.Equal(3, (await run).Evaluated);
    }

    [Fact]
    public async Task RunAll_KeepFindingsOff_ReportsStatusesWithoutFindingsAndStillImportsEveryFinding()
    {
        using var runner = new OrgCheckRunner(
            new FakeDirectory(new AccountListing([.. Members.Select(m => new MemberAccount(m))], [])), _org,
            new OrgRunOptions { HomeRegion = "eu-west-1", KeepFindings = false, Check = new CheckOptions { ConsistencyRetries = 0 } },
            _clock, Substitute.For<ICheckLog>());

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        Assert.All(report.Accounts, a => Assert.Equal((AccountRunState.Evaluated, ComplianceStatus.Passed, null), (a.State, a.Status, a.Finding)));
        Assert.All(Members, m => Assert.Single(_org.Imported[m]));
    }

    /// <summary>Two pages of active accounts; the second waits for <paramref name="secondPage"/> (or fails).</summary>
    private sealed class PagedDirectory(Task secondPage, string[] first, string[] second) : IAccountDirectory
    {
        public AwsCallException? SecondPageError { get; init; }

        public Task<AccountListing> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new AccountListing([.. first.Concat(second).Distinct().Select(a => new MemberAccount(a))], []));

        public async IAsyncEnumerable<AccountListing> ListPagesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return new AccountListing([.. first.Select(a => new MemberAccount(a))], []);
            await secondPage.WaitAsync(cancellationToken);
            yield return SecondPageError is { } error ? throw error : new AccountListing([.. second.Select(a => new MemberAccount(a))], []);
        }
    }

    private sealed class FakeDirectory(AccountListing listing) : IAccountDirectory
    {
        public int Calls { get; private set; }

        public Task<AccountListing> ListAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(listing);
        }
    }

    private sealed class RecordingProgress : IOrgRunProgress
    {
        public int Total { get; private set; }

        public List<int> Done { get; } = [];

        public List<int> Totals { get; } = [];

        public void Started(int total) => Total = total;

        public void AccountFinished(AccountOutcome outcome, int done, int total)
        {
            lock (Done)
            {
                Done.Add(done);
                Totals.Add(total);
            }
        }
    }


    [Fact]
    public async Task RunAll_BusRefusesTheChange_StillImportsTheRealFindingAndLogsTheLostEvent()
    {
        var refusing = Substitute.For<IComplianceChangePublisher>();
        refusing.PublishAsync(Arg.Any<ComplianceChange>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromException(new AwsCallException(AwsFailureKind.Permanent, "events:PutEvents failed: AccessDeniedException")));
        var log = Substitute.For<ICheckLog>();
        using var runner = new OrgCheckRunner(
            new FakeDirectory(new AccountListing([new MemberAccount("111111111111")], [])), _org,
            new OrgRunOptions { HomeRegion = "eu-west-1", Check = new CheckOptions { ConsistencyRetries = 0 } }, _clock, log, refusing);

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        Assert.Equal((1, 0), (report.Evaluated, report.Failed));
        var finding = Assert.Single(_org.Imported["111111111111"]);
        Assert.Equal("PASSED", finding.Compliance!.Status);
        Assert.StartsWith("NONE>PASSED:HARDWARE_MFA@", finding.ProductFields!["SecHubRootMfa/PendingChanges"], StringComparison.Ordinal);
        log.Received(1).ChangeNotPublished("111111111111", Arg.Is<string>(m => m.Contains("events:PutEvents failed: AccessDeniedException")));
    }

    private sealed class RecordingPublisher : IComplianceChangePublisher
    {
        public System.Collections.Concurrent.ConcurrentBag<ComplianceChange> Published { get; } = [];

        public Task PublishAsync(ComplianceChange change, CancellationToken cancellationToken)
        {
            Published.Add(change);
            return Task.CompletedTask;
        }
    }

    /// <summary>An organization in memory: per-account IAM state and Security Hub, with injectable failures.</summary>
    private sealed class FakeOrg : IMemberAccess
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, ExistingFinding> Existing { get; } = new();

        private int _open;
        private int _maxOpen;

        public HashSet<string> DenyRole { get; } = [];

        public HashSet<string> ThrottleIam { get; } = [];

        public HashSet<string> HubNotEnabled { get; } = [];

        public HashSet<string> Explode { get; } = [];

        public HashSet<string> RefuseImport { get; } = [];

        /// <summary>What each member's event-path check answers (through its audit role); absent members have no probe.</summary>
        public System.Collections.Concurrent.ConcurrentDictionary<string, Core.EventPath.EventPathHealth> EventPaths { get; } = new();

        public System.Collections.Concurrent.ConcurrentBag<string> Probed { get; } = [];

        public System.Collections.Concurrent.ConcurrentDictionary<string, List<AwsSecurityFinding>> Imported { get; } = new();

        public System.Collections.Concurrent.ConcurrentBag<string> Opened { get; } = [];

        public int MaxOpenAtOnce => _maxOpen;

        public int OpenNow => Volatile.Read(ref _open);

        /// <summary>Accounts whose AssumeRole waits for the task (a slow or stuck member).</summary>
        public System.Collections.Concurrent.ConcurrentDictionary<string, Task> Hold { get; } = new();

        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _imports = new();

        public Task WhenImported(string accountId) => ImportSignal(accountId).Task;

        private TaskCompletionSource ImportSignal(string accountId) =>
            _imports.GetOrAdd(accountId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        public async Task<IMemberSession> OpenAsync(string accountId, CancellationToken cancellationToken)
        {
            if (DenyRole.Contains(accountId))
            {
                throw new AwsCallException(AwsFailureKind.Permanent, $"Cannot enter account {accountId}: AccessDenied");
            }

            if (Hold.TryGetValue(accountId, out var hold))
            {
                await hold.WaitAsync(cancellationToken);
            }

            Opened.Add(accountId);
            var now = Interlocked.Increment(ref _open);
            InterlockedMax(ref _maxOpen, now);
            await Task.Yield();
            return new Session(this, accountId);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }

        private sealed class Session(FakeOrg org, string accountId) : IMemberSession, IRootMfaStateSource, IFindingStore, IEventPathProbe
        {
            public IRootMfaStateSource State => this;

            public IFindingStore Findings => this;

            public IEventPathProbe? EventPath => org.EventPaths.ContainsKey(accountId) ? this : null;

            public Task<Core.EventPath.EventPathHealth> CheckAsync(CancellationToken cancellationToken)
            {
                org.Probed.Add(accountId);
                return Task.FromResult(org.EventPaths[accountId]);
            }

            public async Task<RootMfaObservation> ReadAsync(string account, AwsPartition partition, CancellationToken cancellationToken)
            {
                // Yield so that sessions overlap and the concurrency bound is what limits them.
                await Task.Delay(1, cancellationToken);
                if (org.Explode.Contains(account))
                {
                    throw new InvalidOperationException("a fault of ours, not an AWS answer");
                }

                return org.ThrottleIam.Contains(account)
                    ? throw new AwsCallException(AwsFailureKind.Transient, "iam:GetAccountSummary failed: Throttling: Rate exceeded")
                    : new RootMfaObservation(account, partition, AccountSummary.FromSummaryMap(new Dictionary<string, int> { ["AccountMFAEnabled"] = 1 }), [], DateTimeOffset.UnixEpoch);
            }

            public Task<ExistingFinding?> GetAsync(string findingId, string productArn, CancellationToken cancellationToken) =>
                org.HubNotEnabled.Contains(accountId)
                    ? throw new AwsCallException(AwsFailureKind.Permanent, $"Security Hub is not enabled in eu-west-1 for account {accountId}")
                    : Task.FromResult(org.Existing.GetValueOrDefault(accountId));

            public Task ImportAsync(AwsSecurityFinding finding, CancellationToken cancellationToken)
            {
                if (org.RefuseImport.Contains(accountId))
                {
                    return Task.FromException(new AwsCallException(AwsFailureKind.Permanent, "Security Hub rejected finding: InvalidInput: Invalid finding"));
                }

                org.Imported.AddOrUpdate(accountId, _ => [finding], (_, list) => [.. list, finding]);
                org.ImportSignal(accountId).TrySetResult();
                return Task.CompletedTask;
            }

            public void Dispose() => Interlocked.Decrement(ref org._open);
        }
    }
}
