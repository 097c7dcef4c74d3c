using System.Text.Json;
using System.Text.Json.Nodes;
using NSubstitute;
using SecHubRootMfa.Cli.Commands;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Tests.Support;
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
    private IAccountDirectory _directory = new Listed();
    private string _deniedCause = $"Cannot enter account {Denied}: AccessDenied";
    private AdministratorHub? _administrator;

    [Theory]
    [InlineData("json")]
    [InlineData("text")]
    [InlineData("csv")]
    public async Task CheckOrgImport_MemberRoleRefused_StillReportedFailedWithItsCauseAndRecordedUnreachableForTheAdministrator(string output)
    {
        _administrator = new AdministratorHub();

        var exit = await Run(false, "check", "--org", "--import", "--output", output);

        Assert.Equal(ExitCodes.CouldNotEvaluate, exit);
        var written = Assert.Single(_administrator.Imported);
        Assert.Equal(($"sechubrootmfa/aws/999988887777/member-reachability/{Denied}", "FAILED"), (written.Id, written.Compliance!.Status));
        var stdout = _stdout.ToString();
        switch (output)
        {
            case "json":
                var denied = JsonDocument.Parse(stdout).RootElement.GetProperty("accounts").EnumerateArray()
                    .Single(a => a.GetProperty("accountId").GetString() == Denied);
                Assert.Equal("NOT_AVAILABLE", denied.GetProperty("status").GetString());
                Assert.Contains("AccessDenied", denied.GetProperty("cause").GetString(), StringComparison.Ordinal);
                var reachability = denied.GetProperty("reachability");
                Assert.Equal((written.Id, "unreachable", true), (reachability.GetProperty("findingId").GetString(),
                    reachability.GetProperty("state").GetString(), reachability.GetProperty("written").GetBoolean()));
                break;
            case "text":
                Assert.Contains(stdout.Split('\n'), l => l.StartsWith(Denied, StringComparison.Ordinal) && l.Contains("AccessDenied", StringComparison.Ordinal));
                Assert.Contains("1 member(s) recorded as unreachable in this account's Security Hub (GeneratorId sechubrootmfa/member-reachability)",
                    stdout, StringComparison.Ordinal);
                break;
            default:
                Assert.Contains(stdout.Split("\r\n"), r => r.StartsWith(Denied + ",", StringComparison.Ordinal) && r.EndsWith("AccessDenied", StringComparison.Ordinal));
                break;
        }
    }

    [Fact]
    public async Task CheckOrgWithoutImport_WritesNothingIntoTheAdministratorsSecurityHub()
    {
        _administrator = new AdministratorHub();

        await Run(false, "check", "--org", "--output", "json");

        Assert.Empty(_administrator.Imported);
        Assert.All(JsonDocument.Parse(_stdout.ToString()).RootElement.GetProperty("accounts").EnumerateArray(),
            a => Assert.Equal(JsonValueKind.Null, a.GetProperty("reachability").ValueKind));
    }

    /// <summary>The caller's (administrator's) own Security Hub: records imports.</summary>
    private sealed class AdministratorHub : IAdministratorFindings
    {
        public List<AwsSecurityFinding> Imported { get; } = [];

        public Task<string> AccountIdAsync(CancellationToken cancellationToken) => Task.FromResult("999988887777");

        public Task<IReadOnlyList<AwsSecurityFinding>> FindAsync(string productArn, string generatorId, string? findingId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AwsSecurityFinding>>([]);

        public Task<IReadOnlyDictionary<string, string>> ImportAsync(IReadOnlyList<AwsSecurityFinding> findings, CancellationToken cancellationToken)
        {
            lock (Imported)
            {
                Imported.AddRange(findings);
            }

            return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
        }
    }

    private async Task<int> Run(bool terminal, params string[] args)
    {
        var factory = Substitute.For<IOrgBackendFactory>();
        factory.CreateAsync(Arg.Any<OrgSettings>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            _received = call.Arg<OrgSettings>();
            var options = new OrgRunOptions { HomeRegion = "eu-west-1", Concurrency = 2 };
            return new OrgCheckRunner(_directory, new Members(_deniedCause), options, TimeProvider.System, Substitute.For<ICheckLog>(),
                reachability: _administrator is null || !_received.Import ? null : new MemberReachabilityRecorder(_administrator, options, TimeProvider.System, Substitute.For<ICheckLog>()));
        });
        return await new CliApp(Substitute.For<ICheckBackendFactory>(), _stdout, _stderr, factory, terminal).RunAsync(args, CancellationToken.None);
    }

    [Fact]
    public async Task CheckOrg_PrintsOneRowPerAccountAndTheTotals()
    {
        var exit = await Run(false, "check", "--org", "--import", "--external-id", "ext-0001");

        var lines = _stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ACCOUNT       NAME", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith(Passing + "  payments-prod", StringComparison.Ordinal) && l.Contains("PASSED", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(Failing, StringComparison.Ordinal) && l.Contains("NO_ROOT_MFA", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(Denied, StringComparison.Ordinal) && l.Contains("AccessDenied", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("444444444444", StringComparison.Ordinal) && l.Contains("SKIPPED", StringComparison.Ordinal));
        Assert.StartsWith("4 accounts: 1 not compliant, 1 compliant, 1 could not be evaluated, 1 skipped", lines[^1], StringComparison.Ordinal);
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
        Assert.StartsWith($"{option} applies only with --org.", _stderr.ToString(), StringComparison.Ordinal);
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
    public async Task CheckOrg_LongCauseWithLineBreaksAndAnHtmlBody_IsPrintedWholeOnOneLine()
    {
        var roleArn = "arn:aws:iam::333333333333:role/sechubrootmfa/a-very-long-path/that-goes-on/SecHubRootMfaAuditRoleWithALongName";
        _deniedCause = $"Cannot enter account {Denied} through {roleArn}: Access denied for sts:AssumeRole for account {Denied}: grant it to the evaluating role. " +
            "AccessDenied: User is not authorized to perform: sts:AssumeRole\r\n<html><body><h1>403 Forbidden</h1></body></html> Check its external id.";

        await Run(false, "check", "--org");

        var row = Assert.Single(_stdout.ToString().Split('\n'), l => l.StartsWith(Denied, StringComparison.Ordinal));
        Assert.EndsWith("AccessDenied: User is not authorized to perform: sts:AssumeRole 403 Forbidden Check its external id.", row, StringComparison.Ordinal);
        Assert.Contains(roleArn, row, StringComparison.Ordinal);
        Assert.DoesNotContain("…", row, StringComparison.Ordinal);
        Assert.DoesNotContain('<', row);
        Assert.DoesNotContain('\r', row);
    }

    [Fact]
    public async Task CheckOrg_StatusFilter_ListsOnlyThoseAccountsButCountsThemAll()
    {
        var exit = await Run(false, "check", "--org", "--status", "FAILED,not_available");

        var lines = _stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([Failing, Denied], lines.Skip(1).Take(2).Select(l => l[..12]).Order());
        Assert.DoesNotContain(lines, l => l.StartsWith(Passing, StringComparison.Ordinal));
        Assert.Equal("listed 2 of 4 accounts (--status FAILED,NOT_AVAILABLE)", lines[^2]);
        Assert.StartsWith("4 accounts: 1 not compliant, 1 compliant, 1 could not be evaluated, 1 skipped", lines[^1], StringComparison.Ordinal);
        Assert.Equal(ExitCodes.CouldNotEvaluate, exit);
    }

    [Fact]
    public async Task CheckOrgJson_IsOneDocumentWithASummaryAndEveryAccountsFinding()
    {
        await Run(false, "check", "--org", "--output", "json");

        using var doc = JsonDocument.Parse(_stdout.ToString());
        var summary = doc.RootElement.GetProperty("summary");
        Assert.Equal((4, 1, 1, 1, 1), (summary.GetProperty("accounts").GetInt32(), summary.GetProperty("notCompliant").GetInt32(),
            summary.GetProperty("compliant").GetInt32(), summary.GetProperty("couldNotBeEvaluated").GetInt32(), summary.GetProperty("skipped").GetInt32()));
        var accounts = doc.RootElement.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Equal(4, accounts.Count);
        var passing = accounts.Single(a => a.GetProperty("accountId").GetString() == Passing);
        Assert.Equal(("payments-prod", "PASSED"), (passing.GetProperty("accountName").GetString(), passing.GetProperty("status").GetString()));
        var finding = FindingJson.Deserialize(passing.GetProperty("finding").GetRawText());
        Assert.Equal((Passing, "payments-prod", "PASSED"), (finding.AwsAccountId, finding.AwsAccountName, finding.Compliance!.Status));
        var denied = accounts.Single(a => a.GetProperty("accountId").GetString() == Denied);
        Assert.Equal(JsonValueKind.Null, denied.GetProperty("finding").ValueKind);
        Assert.Contains("AccessDenied", denied.GetProperty("cause").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckOrgOcsf_IsOneArrayWithAnEventPerAccountWithAFinding_AndNamesTheOthersOnStderr()
    {
        var exit = await Run(false, "check", "--org", "--output", "ocsf");

        var events = JsonNode.Parse(_stdout.ToString())!.AsArray();
        Assert.Equal([Passing, Failing], events.Select(e => e!["cloud"]!["account"]!["uid"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(events, e => Assert.True(OcsfSchemaValidator.Validate(e!) is (true, _), OcsfSchemaValidator.Validate(e!).Errors));
        var passing = events.Single(e => e!["cloud"]!["account"]!["uid"]!.GetValue<string>() == Passing)!;
        Assert.Equal((1, "payments-prod"), (passing["compliance"]!["status_id"]!.GetValue<int>(), passing["cloud"]!["account"]!["name"]!.GetValue<string>()));
        var note = _stderr.ToString().Split('\n').Single(l => l.StartsWith("ocsf:", StringComparison.Ordinal));
        Assert.Contains($"{Denied} (failed: Cannot enter account {Denied}: AccessDenied)", note, StringComparison.Ordinal);
        Assert.Contains("444444444444 (skipped", note, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.CouldNotEvaluate, exit);
    }

    [Fact]
    public async Task CheckOrgOcsf_StatusFilter_ListsOnlyThoseEvents()
    {
        await Run(false, "check", "--org", "--output", "ocsf", "--status", "FAILED");

        var only = Assert.Single(JsonNode.Parse(_stdout.ToString())!.AsArray());
        Assert.Equal(3, only!["compliance"]!["status_id"]!.GetValue<int>());
        Assert.DoesNotContain("ocsf:", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvColumns_TheHelpAndTheReadmeNameTheColumnsEveryRowIsWrittenIn()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        Assert.Contains($"header `{OrgCsvColumns.Header}`", readme, StringComparison.Ordinal);

        await Run(false, "check", "--help");
        Assert.Contains(OrgCsvColumns.Header, System.Text.RegularExpressions.Regex.Replace(_stdout.ToString(), @"\s+", " "), StringComparison.Ordinal);

        _stdout.GetStringBuilder().Clear();
        await Run(false, "check", "--org", "--output", "csv");
        var rows = _stdout.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(OrgCsvColumns.Header, rows[0]);
        Assert.All(rows.Skip(1), row => Assert.Equal(OrgCsvColumns.All.Count, row.Split(',').Length));
    }

    [Fact]
    public async Task CheckOrgCsv_OneQuotedRowPerAccount()
    {
        _directory = new Listed(failingName: "ops, \"legacy\"");

        await Run(false, "check", "--org", "--output", "csv");

        var rows = _stdout.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("account_id,account_name,status,reason,severity,cause", rows[0]);
        Assert.Equal(5, rows.Length);
        Assert.Contains($"{Failing},\"ops, \"\"legacy\"\"\",FAILED,NO_ROOT_MFA,CRITICAL,", rows);
        Assert.Contains($"{Passing},payments-prod,PASSED,HARDWARE_MFA,INFORMATIONAL,", rows);
        Assert.Contains($"{Denied},,NOT_AVAILABLE,,INFORMATIONAL,Cannot enter account {Denied}: AccessDenied", rows);
    }

    [Fact]
    public async Task CheckOrgCsv_AccountNameThatLooksLikeAFormula_IsNotRunBySpreadsheets()
    {
        _directory = new Listed(failingName: "=HYPERLINK(\"http://x\")");

        await Run(false, "check", "--org", "--output", "csv");

        Assert.Contains($"{Failing},\"'=HYPERLINK(\"\"http://x\"\")\",FAILED", _stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckOrg_OrganizationListsNoAccounts_IsAnErrorExitThree()
    {
        _directory = new Empty();

        var exit = await Run(false, "check", "--org");

        Assert.Equal(ExitCodes.CouldNotEvaluate, exit);
        Assert.Contains("error: no account to evaluate", _stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("0 accounts: 0 not compliant, 0 compliant, 0 could not be evaluated", _stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckOrg_Verbose_PrintsTheRoleAndWhetherAnExternalIdIsSent()
    {
        await Run(false, "check", "--org", "--verbose", "--external-id", "ext-0001", "--role-name", "Audit");

        var settings = Assert.Single(_stderr.ToString().Split('\n'), l => l.StartsWith("settings:", StringComparison.Ordinal));
        Assert.Contains("role path /sechubrootmfa/, role name Audit, external id sent (8 characters)", settings, StringComparison.Ordinal);
        Assert.DoesNotContain("ext-0001", settings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckOrg_ProfileAndOutputReachTheRun()
    {
        await Run(false, "check", "--org", "--profile", "org-admin", "--output", "csv");

        Assert.Equal(("org-admin", OrgOutput.Csv), (_received!.Profile, _received.Output));
    }

    private sealed class Empty : IAccountDirectory
    {
        public Task<AccountListing> ListAsync(CancellationToken cancellationToken) => Task.FromResult(new AccountListing([], []));
    }

    private sealed class Listed(string? failingName = null) : IAccountDirectory
    {
        public Task<AccountListing> ListAsync(CancellationToken cancellationToken) => Task.FromResult(new AccountListing(
            [new MemberAccount(Passing, "payments-prod"), new MemberAccount(Failing, failingName), new MemberAccount(Denied)],
            [new SkippedAccount("444444444444", "account state is SUSPENDED")]));
    }

    private sealed class Members(string deniedCause) : IMemberAccess
    {
        public Task<IMemberSession> OpenAsync(string accountId, CancellationToken cancellationToken) => accountId == Denied
            ? Task.FromException<IMemberSession>(new AwsCallException(AwsFailureKind.Permanent, deniedCause))
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
