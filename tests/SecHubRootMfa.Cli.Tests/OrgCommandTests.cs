using NSubstitute;
using SecHubRootMfa.Cli.Commands;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Cli.Tests;

/// <summary><c>check --org</c>: table on stdout, progress on stderr (bar on a terminal, lines otherwise), exit codes.</summary>
public sealed class OrgCommandTests
{
    private const string Passing = "111111111111";
    private const string Failing = "222222222222";
    private const string Denied = "333333333333";
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();
    private OrgSettings? _received;

    private async Task<int> Run(bool terminal, params string[] args)
    {
        var factory = Substitute.For<IOrgBackendFactory>();
        factory.CreateAsync(Arg.Any<OrgSettings>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            _received = call.Arg<OrgSettings>();
            return new OrgCheckRunner(new Listed(), new Members(), new OrgRunOptions { HomeRegion = "eu-west-1", Concurrency = 2 },
                TimeProvider.System, Substitute.For<ICheckLog>());
        });
        return await new CliApp(Substitute.For<ICheckBackendFactory>(), _stdout, _stderr, factory, terminal).RunAsync(args, CancellationToken.None);
    }

    [Fact]
    public async Task CheckOrg_PrintsOneRowPerAccountAndTheTotals()
    {
        var exit = await Run(false, "check", "--org", "--import", "--external-id", "ext-0001");

        var lines = _stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ACCOUNT", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith(Passing, StringComparison.Ordinal) && l.Contains("PASSED", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(Failing, StringComparison.Ordinal) && l.Contains("NO_ROOT_MFA", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(Denied, StringComparison.Ordinal) && l.Contains("AccessDenied", StringComparison.Ordinal));
        Assert.Contains("4 accounts: 2 evaluated, 1 failed, 1 skipped", lines[^1], StringComparison.Ordinal);
        Assert.Equal(ExitCodes.CouldNotEvaluate, exit);
    }

    [Fact]
    public async Task CheckOrg_StderrNotATerminal_WritesPlainProgressLines()
    {
        await Run(false, "check", "--org");

        var progress = _stderr.ToString();
        Assert.DoesNotContain('\r', progress);
        Assert.Contains("evaluating 3 accounts", progress, StringComparison.Ordinal);
        Assert.Equal(3, progress.Split('\n').Count(l => l.StartsWith('[')));
        Assert.Contains("/3] 222222222222 evaluated FAILED", progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckOrg_StderrIsATerminal_RedrawsOneProgressBar()
    {
        await Run(true, "check", "--org");

        var progress = _stderr.ToString();
        Assert.Equal(3, progress.Count(c => c == '\r'));
        Assert.Contains("\r[##############################] 3/3", progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckOrg_OptionsReachTheRun()
    {
        await Run(false, "check", "--org", "--accounts", "111111111111, 222222222222", "--role-name", "Audit", "--concurrency", "4",
            "--root-inventory", "--mfa-policy", "at-least-one-hardware", "--region", "eu-west-1");

        Assert.NotNull(_received);
        Assert.Equal(["111111111111", "222222222222"], _received!.Accounts);
        Assert.Equal(("Audit", 4, true, MfaPolicyMode.AtLeastOneHardware, "eu-west-1"),
            (_received.RoleName, _received.Concurrency, _received.RootInventory, _received.Mode, _received.Region));
    }

    [Theory]
    [InlineData("--accounts", "12345")]
    [InlineData("--concurrency", "0")]
    [InlineData("--mfa-policy", "lenient")]
    public async Task CheckOrg_BadOption_IsAUsageError(string option, string value)
    {
        var exit = await Run(false, "check", "--org", option, value);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Null(_received);
    }

    [Theory]
    [InlineData("--external-id", "ext-0001")]
    [InlineData("--concurrency", "4")]
    [InlineData("--accounts", "111111111111")]
    public async Task Check_OrgOnlyOptionWithoutOrg_IsAUsageErrorNamingTheOption(string option, string value)
    {
        var exit = await Run(false, "check", option, value);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal($"error: {option} applies only with --org.", _stderr.ToString().Trim());
        Assert.Null(_received);
    }

    [Fact]
    public async Task Check_SeveralOrgOnlyOptionsWithoutOrg_NamesThemAll()
    {
        var exit = await Run(false, "check", "--root-inventory", "--role-name", "Audit");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--role-name, --root-inventory apply only with --org.", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckOrg_WithJsonOutput_IsAUsageError()
    {
        Assert.Equal(ExitCodes.Usage, await Run(false, "check", "--org", "--output", "json"));
    }

    private sealed class Listed : IAccountDirectory
    {
        public Task<AccountListing> ListAsync(CancellationToken cancellationToken) => Task.FromResult(new AccountListing(
            [new MemberAccount(Passing), new MemberAccount(Failing), new MemberAccount(Denied)],
            [new SkippedAccount("444444444444", "account state is SUSPENDED")]));
    }

    private sealed class Members : IMemberAccess
    {
        public Task<IMemberSession> OpenAsync(string accountId, CancellationToken cancellationToken) => accountId == Denied
            ? Task.FromException<IMemberSession>(new AwsCallException(AwsFailureKind.Permanent, $"Cannot enter account {accountId}: AccessDenied"))
            : Task.FromResult<IMemberSession>(new Session(accountId == Passing));
    }

    private sealed class Session(bool mfa) : IMemberSession, IRootMfaStateSource, IFindingStore
    {
        public IRootMfaStateSource State => this;

        public IFindingStore Findings => this;

        public Task<RootMfaObservation> ReadAsync(string accountId, AwsPartition partition, CancellationToken cancellationToken) =>
            Task.FromResult(new RootMfaObservation(accountId, partition, new AccountSummary(mfa, true, false, false), [], DateTimeOffset.UnixEpoch));

        public Task<ExistingFinding?> GetAsync(string findingId, string productArn, CancellationToken cancellationToken) => Task.FromResult<ExistingFinding?>(null);

        public Task ImportAsync(AwsSecurityFinding finding, CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
