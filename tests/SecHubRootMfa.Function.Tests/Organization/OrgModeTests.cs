using System.Text;
using System.Text.Json;
using NSubstitute;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Function.Configuration;
using SecHubRootMfa.Function.Handling;
using SecHubRootMfa.Function.Routing;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Function.Tests.Organization;

/// <summary>Org mode: configuration, routing of member events, and the handler over a two-member organization.</summary>
public sealed class OrgModeTests
{
    private const string Admin = "999988887777";
    private const string Member = "111122223333";
    private const string Other = "444455556666";
    private const string FunctionArn = $"arn:aws:lambda:eu-west-1:{Admin}:function:sechubrootmfa";
    private readonly IMemberAccess _access = Substitute.For<IMemberAccess>();
    private readonly List<AwsSecurityFinding> _imported = [];

    private static string Sample(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Events", file));

    // Member events carry the member's account (forwarded from its us-east-1 default bus to the central bus).
    private static string FromAccount(string file, string account) => Sample(file).Replace("111122223333", account, StringComparison.Ordinal);

    [Fact]
    public void FromEnvironment_OrgMode_ParsesEverySetting()
    {
        var env = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "eu-west-1", ["SECHUBROOTMFA_MODE"] = "org", ["SECHUBROOTMFA_AUDIT_EXTERNAL_ID"] = "ext-0001",
            ["SECHUBROOTMFA_ORG_ACCOUNTS"] = "111122223333,444455556666", ["SECHUBROOTMFA_ORG_CONCURRENCY"] = "32",
            ["SECHUBROOTMFA_ROOT_INVENTORY"] = "true", ["SECHUBROOTMFA_MFA_POLICY"] = "at-least-one-hardware",
        };

        var options = FunctionOptions.FromEnvironment(n => env.GetValueOrDefault(n));

        Assert.Equal(MfaPolicyMode.AtLeastOneHardware, options.MfaPolicy);
        var org = Assert.IsType<OrgModeOptions>(options.Org);
        Assert.Equal(["111122223333", "444455556666"], org.Accounts);
        Assert.Equal(("SecHubRootMfaAudit", "/sechubrootmfa/", "ext-0001", 32, true),
            (org.AuditRoleName, org.AuditRolePath, org.ExternalId, org.Concurrency, org.RootInventory));
    }

    [Fact]
    public void FromEnvironment_OrgModeWithoutExternalIdAndBadConcurrency_NamesBothProblems()
    {
        var env = new Dictionary<string, string> { ["AWS_REGION"] = "eu-west-1", ["SECHUBROOTMFA_MODE"] = "org", ["SECHUBROOTMFA_ORG_CONCURRENCY"] = "0" };

        var error = Assert.Throws<FunctionConfigurationException>(() => FunctionOptions.FromEnvironment(n => env.GetValueOrDefault(n)));

        Assert.Contains("SECHUBROOTMFA_AUDIT_EXTERNAL_ID is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("SECHUBROOTMFA_ORG_CONCURRENCY='0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_MemberEventInOrgMode_IsEvaluatedForTheMember()
    {
        var decision = EventRouter.FromEmbeddedPatterns().Route(
            Encoding.UTF8.GetBytes(FromAccount("cloudtrail-EnableMFADevice-root.json", Member)), Admin, acceptMemberAccounts: true);

        Assert.Equal(Member, Assert.IsType<EvaluateDecision>(decision).AccountId);
    }

    [Fact]
    public void Route_MemberEventInAccountMode_IsStillIgnored()
    {
        var decision = EventRouter.FromEmbeddedPatterns().Route(
            Encoding.UTF8.GetBytes(FromAccount("cloudtrail-EnableMFADevice-root.json", Member)), Admin);

        Assert.IsType<IgnoreDecision>(decision);
    }

    [Fact]
    public async Task Handle_EventFromAMember_EvaluatesOnlyThatMember()
    {
        var response = await Handle(FromAccount("cloudtrail-EnableMFADevice-root.json", Member));

        Assert.Equal("evaluated", response.GetProperty("status").GetString());
        Assert.Equal(Member, response.GetProperty("evaluation").GetProperty("accountId").GetString());
        await _access.Received(1).OpenAsync(Member, Arg.Any<CancellationToken>());
        await _access.DidNotReceive().OpenAsync(Other, Arg.Any<CancellationToken>());
        Assert.Equal([Member], _imported.Select(f => f.AwsAccountId));
    }

    [Fact]
    public async Task Handle_EventFromAnAccountOutsideTheOrganization_IsIgnored()
    {
        var response = await Handle(FromAccount("cloudtrail-EnableMFADevice-root.json", "123456789012"));

        Assert.Equal("ignored", response.GetProperty("status").GetString());
        Assert.Contains("not an active account", response.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await _access.DidNotReceive().OpenAsync(Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_Schedule_EvaluatesEveryMemberAndReportsTheFailedOne()
    {
        _access.OpenAsync(Other, Arg.Any<CancellationToken>())
            .Returns(Task.FromException<IMemberSession>(new AwsCallException(AwsFailureKind.Permanent, "Cannot enter account 444455556666: AccessDenied")));

        var response = await Handle(Sample("scheduled-event.json").Replace("111122223333", Admin, StringComparison.Ordinal));

        var org = response.GetProperty("organization");
        Assert.Equal((1, 1, 0), (org.GetProperty("evaluated").GetInt32(), org.GetProperty("failed").GetInt32(), org.GetProperty("skipped").GetInt32()));
        Assert.Equal(Other, org.GetProperty("failures")[0].GetProperty("accountId").GetString());
    }

    [Fact]
    public async Task Handle_MemberEventHitsATransientFailure_FailsTheInvocationSoLambdaRetries()
    {
        _session = new FakeSession(Member, _imported) { Throttled = true };

        var error = await Assert.ThrowsAsync<LambdaFunctionException>(() => Handle(FromAccount("cloudtrail-EnableMFADevice-root.json", Member)));

        Assert.Equal("Function.MemberEvaluationFailed", error.ErrorType);
        Assert.Contains("Throttling", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_MemberEvent_PassesTheEventsExpectationSoTheCheckWaitsForIam()
    {
        // IAM shows the enabled virtual device only on the second read: a handler that dropped the expectation reads once.
        _session = new FakeSession(Member, _imported) { DeviceVisibleFromRead = 2 };

        await Handle(FromAccount("cloudtrail-EnableMFADevice-root.json", Member), consistencyRetries: 3);

        Assert.Equal(2, _session.Reads);
        Assert.Equal("FAILED", Assert.Single(_imported).Compliance!.Status);
    }

    [Fact]
    public async Task Handle_ScheduleWithAMemberWhoseRoleIsRefused_WritesItUnreachableInTheAdministratorsSecurityHub()
    {
        var administrator = RecordingAdministrator();
        _access.OpenAsync(Other, Arg.Any<CancellationToken>())
            .Returns(Task.FromException<IMemberSession>(new AwsCallException(AwsFailureKind.Permanent, "Cannot enter account 444455556666: AccessDenied")));

        var response = await Handle(Sample("scheduled-event.json").Replace("111122223333", Admin, StringComparison.Ordinal));

        var failure = response.GetProperty("organization").GetProperty("failures")[0];
        Assert.Equal($"sechubrootmfa/aws/{Admin}/member-reachability/{Other}", failure.GetProperty("reachabilityFindingId").GetString());
        var written = Assert.Single(administrator.Imported);
        Assert.Equal((Admin, "FAILED", $"AWS::::Account:{Other}"), (written.AwsAccountId, written.Compliance!.Status, written.Resources![0].Id));
        Assert.Contains("AccessDenied", written.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_MemberEventWhoseRoleIsRefused_RecordsItUnreachableAndStillFailsTheInvocation()
    {
        var administrator = RecordingAdministrator();
        _access.OpenAsync(Member, Arg.Any<CancellationToken>())
            .Returns(Task.FromException<IMemberSession>(new AwsCallException(AwsFailureKind.Permanent, "Cannot enter account 111122223333: AccessDenied")));

        var error = await Assert.ThrowsAsync<LambdaFunctionException>(() => Handle(FromAccount("cloudtrail-EnableMFADevice-root.json", Member), answerMember: false));

        Assert.Equal("Function.MemberEvaluationFailed", error.ErrorType);
        Assert.Equal("FAILED", Assert.Single(administrator.Imported).Compliance!.Status);
        await _access.Received(1).OpenAsync(Member, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_ScheduleWhenTheAdministratorsSecurityHubRefuses_CountsAFailureForTheAlarm()
    {
        var administrator = RecordingAdministrator();
        administrator.Refuse = new AwsCallException(AwsFailureKind.Permanent, "Access denied for securityhub:GetFindings in eu-west-1 for account 999988887777");
        _access.OpenAsync(Other, Arg.Any<CancellationToken>())
            .Returns(Task.FromException<IMemberSession>(new AwsCallException(AwsFailureKind.Permanent, "Cannot enter account 444455556666: AccessDenied")));

        await Handle(Sample("scheduled-event.json").Replace("111122223333", Admin, StringComparison.Ordinal));

        // One for the member that failed, one for each member whose reachability finding could not be written.
        var failures = _metrics.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("\"Failures\":1", StringComparison.Ordinal));
        Assert.Equal(3, failures);
    }

    private RecordingAdministratorFindings RecordingAdministrator()
    {
        var administrator = new RecordingAdministratorFindings();
        _administrator = administrator;
        return administrator;
    }

    /// <summary>The administrator's Security Hub: records imports, or refuses everything.</summary>
    private sealed class RecordingAdministratorFindings : IAdministratorFindings
    {
        public List<AwsSecurityFinding> Imported { get; } = [];

        public AwsCallException? Refuse { get; set; }

        public Task<string> AccountIdAsync(CancellationToken cancellationToken) => Task.FromResult(Admin);

        public Task<IReadOnlyList<AwsSecurityFinding>> FindAsync(string productArn, string generatorId, string? findingId, CancellationToken cancellationToken) =>
            Refuse is { } refused ? Task.FromException<IReadOnlyList<AwsSecurityFinding>>(refused) : Task.FromResult<IReadOnlyList<AwsSecurityFinding>>([]);

        public Task<IReadOnlyDictionary<string, string>> ImportAsync(IReadOnlyList<AwsSecurityFinding> findings, CancellationToken cancellationToken)
        {
            lock (Imported)
            {
                Imported.AddRange(findings);
            }

            return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
        }
    }

    [Fact]
    public void FromEnvironment_AtLeastOneHardwareWithoutTheRootInventory_IsAConfigurationErrorNamingWhatIsMissing()
    {
        var env = new Dictionary<string, string> { ["AWS_REGION"] = "eu-west-1", ["SECHUBROOTMFA_MFA_POLICY"] = "at-least-one-hardware" };

        var error = Assert.Throws<FunctionConfigurationException>(() => FunctionOptions.FromEnvironment(n => env.GetValueOrDefault(n)));

        Assert.Contains("SECHUBROOTMFA_MFA_POLICY=at-least-one-hardware needs root's device inventory", error.Message, StringComparison.Ordinal);
        Assert.Contains("SECHUBROOTMFA_ROOT_INVENTORY=true", error.Message, StringComparison.Ordinal);
    }

    private FakeSession? _session;

    // The administrator's own Security Hub, when a test wants member reachability recorded; the EMF lines the handler wrote.
    private IAdministratorFindings? _administrator;
    private readonly StringWriter _metrics = new();

    // answerMember: the member's session answers (otherwise whatever the test arranged for its OpenAsync stands).
    private async Task<JsonElement> Handle(string payload, int consistencyRetries = 0, bool answerMember = true)
    {
        var session = _session ?? new FakeSession(Member, _imported);
        if (answerMember)
        {
            _access.OpenAsync(Member, Arg.Any<CancellationToken>()).Returns(_ => Task.FromResult<IMemberSession>(session));
        }

        var options = new OrgRunOptions
        {
            HomeRegion = "eu-west-1",
            Check = new CheckOptions { ConsistencyRetries = consistencyRetries, ConsistencyDelay = TimeSpan.Zero },
        };
        using var runner = new OrgCheckRunner(
            new ListedAccounts(Member, Other), _access, options, TimeProvider.System, Substitute.For<ICheckLog>(),
            reachability: _administrator is null ? null : new MemberReachabilityRecorder(_administrator, options, TimeProvider.System, Substitute.For<ICheckLog>()));
        var handler = new OrgFunctionHandler(EventRouter.FromEmbeddedPatterns(), runner, AwsPartition.Aws,
            new JsonLineLogSink(new StringWriter(), new StringWriter(), TimeProvider.System), new MetricsWriter(_metrics, TimeProvider.System),
            TimeProvider.System);
        var bytes = await handler.HandleAsync(new LambdaInvocation
        {
            RequestId = "8f507cfc-EXAMPLE",
            Deadline = DateTimeOffset.UtcNow.AddMinutes(1),
            InvokedFunctionArn = FunctionArn,
            Payload = Encoding.UTF8.GetBytes(payload),
        }, CancellationToken.None);
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    private sealed class ListedAccounts(params string[] ids) : IAccountDirectory
    {
        public Task<AccountListing> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new AccountListing([.. ids.Select(id => new MemberAccount(id))], []));
    }

    private sealed class FakeSession(string account, List<AwsSecurityFinding> imported) : IMemberSession, IRootMfaStateSource, IFindingStore
    {
        public IRootMfaStateSource State => this;

        public IFindingStore Findings => this;

        public bool Throttled { get; init; }

        // By default IAM already shows the virtual device that the sample EnableMFADevice event enabled.
        public int DeviceVisibleFromRead { get; init; } = 1;

        public int Reads { get; private set; }

        public Task<RootMfaObservation> ReadAsync(string accountId, AwsPartition partition, CancellationToken cancellationToken)
        {
            if (Throttled)
            {
                throw new AwsCallException(AwsFailureKind.Transient, "iam:GetAccountSummary failed: Throttling: Rate exceeded");
            }

            VirtualMfaDevice[] devices = ++Reads >= DeviceVisibleFromRead
                ? [new VirtualMfaDevice($"arn:aws:iam::{account}:mfa/root-account-mfa-device", $"arn:aws:iam::{account}:root")]
                : [];
            return Task.FromResult(new RootMfaObservation(account, partition, new AccountSummary(true, true, false, false), devices, DateTimeOffset.UtcNow));
        }

        public Task<ExistingFinding?> GetAsync(string findingId, string productArn, CancellationToken cancellationToken) =>
            Task.FromResult<ExistingFinding?>(null);

        public Task ImportAsync(AwsSecurityFinding finding, CancellationToken cancellationToken)
        {
            lock (imported)
            {
                imported.Add(finding);
            }

            return Task.CompletedTask;
        }

        public void Dispose()
        {
        }
    }
}
