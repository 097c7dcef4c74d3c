using System.Text.Json;
using System.Text.Json.Nodes;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SecHubRootMfa.Cli.Commands;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Tests.Support;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Cli.Tests;

public class CheckCommandTests
{
    private const string Account = "111122223333";
    private readonly IRootMfaStateSource _state = Substitute.For<IRootMfaStateSource>();
    private readonly IFindingStore _findings = Substitute.For<IFindingStore>();
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();
    private CheckSettings? _seenSettings;
    private readonly IEventPathProbe _eventPath = Substitute.For<IEventPathProbe>();

    private async Task<int> Run(params string[] args)
    {
        var factory = Substitute.For<ICheckBackendFactory>();
        factory.CreateAsync(Arg.Any<CheckSettings>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var settings = call.Arg<CheckSettings>();
            _seenSettings = settings;
            var region = settings.Region ?? "eu-west-1";
            var context = new DeploymentContext(region, Account, "0.1.0");
            var service = new RootMfaCheckService(_state, _findings, null, new RootMfaFindingBuilder(context), context,
                new CheckOptions { ProfileOverride = settings.Level }, TimeProvider.System, Substitute.For<ICheckLog>(), _eventPath);
            return new CheckBackend(Account, region, service);
        });
        return await new CliApp(factory, _stdout, _stderr).RunAsync(args, CancellationToken.None);
    }

    private void IamSays(int mfa, params VirtualMfaDevice[] devices) =>
        _state.ReadAsync(Account, Arg.Any<AwsPartition>(), Arg.Any<CancellationToken>()).Returns(call => new RootMfaObservation(
            Account, call.Arg<AwsPartition>(),
            new AccountSummary(mfa == 1, true, false, false), devices, DateTimeOffset.UnixEpoch));

    private static VirtualMfaDevice RootPhone => new($"arn:aws:iam::{Account}:mfa/phone", $"arn:aws:iam::{Account}:root");

    [Fact]
    public async Task Check_HardwareMfa_ExitsZeroWithACompliantVerdict()
    {
        IamSays(1);

        var code = await Run("check");

        Assert.Equal(ExitCodes.Compliant, code);
        Assert.StartsWith("COMPLIANT: hardware MFA for the root user of account 111122223333", _stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("not imported (add --import", _stdout.ToString(), StringComparison.Ordinal);
        Assert.Empty(_findings.ReceivedCalls());
    }

    [Fact]
    public async Task Check_VirtualMfaOnRoot_ExitsOneWithEvidenceAndTheFix()
    {
        IamSays(1, RootPhone);

        var code = await Run("check");

        Assert.Equal(ExitCodes.NonCompliant, code);
        var text = _stdout.ToString();
        Assert.Contains("NOT COMPLIANT", text, StringComparison.Ordinal);
        Assert.Contains("arn:aws:iam::111122223333:mfa/phone", text, StringComparison.Ordinal);
        Assert.Contains("Assign MFA device", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Level1_AcceptsTheVirtualDevice()
    {
        IamSays(1, RootPhone);

        var code = await Run("check", "--level", "level1");

        Assert.Equal(ExitCodes.Compliant, code);
        Assert.Contains("LEVEL1_VIRTUAL_MFA_ACCEPTED", _stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_JsonOutput_IsExactlyOneAsffFindingOnStdout()
    {
        IamSays(0);

        var code = await Run("check", "--output", "json");

        Assert.Equal(ExitCodes.NonCompliant, code);
        var lines = _stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var finding = FindingJson.Deserialize(Assert.Single(lines));
        Assert.Equal(("2018-10-08", "FAILED"), (finding.SchemaVersion, finding.Compliance!.Status));
        using var doc = JsonDocument.Parse(lines[0]);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
    }

    [Fact]
    public async Task Check_OcsfOutput_IsExactlyOneOcsfEventOnStdout()
    {
        IamSays(0);

        var code = await Run("check", "--output", "ocsf");

        Assert.Equal(ExitCodes.NonCompliant, code);
        var ocsf = JsonNode.Parse(Assert.Single(_stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)))!.AsObject();
        Assert.Equal((2003, 3, "Fail"), (ocsf["class_uid"]!.GetValue<int>(), ocsf["compliance"]!["status_id"]!.GetValue<int>(), ocsf["compliance"]!["status"]!.GetValue<string>()));
        var (valid, errors) = OcsfSchemaValidator.Validate(ocsf);
        Assert.True(valid, errors);
    }

    [Fact]
    public async Task Check_OcsfOutput_IamUnreadable_IsOtherWithTheCauseNeverPass()
    {
        _state.ReadAsync(Account, Arg.Any<AwsPartition>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AwsCallException(AwsFailureKind.Permanent, "AccessDenied: not authorized to perform iam:GetAccountSummary"));

        var code = await Run("check", "--output", "ocsf");

        Assert.Equal(ExitCodes.CouldNotEvaluate, code);
        var compliance = JsonNode.Parse(_stdout.ToString())!["compliance"]!;
        Assert.Equal((99, "NOT_AVAILABLE", "EVALUATION_ERROR"),
            (compliance["status_id"]!.GetValue<int>(), compliance["status"]!.GetValue<string>(), compliance["status_code"]!.GetValue<string>()));
        Assert.Contains("iam:GetAccountSummary", compliance["status_details"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_DefaultMfaPolicy_IsStrict()
    {
        IamSays(1);

        var code = await Run("check");

        Assert.Equal(ExitCodes.Compliant, code);
        Assert.Equal(MfaPolicyMode.Strict, _seenSettings!.Mode);
    }

    [Theory]
    [InlineData("check", "--mfa-policy", "at-least-one-hardware")]
    [InlineData("check", "--org", "--external-id", "x", "--mfa-policy", "at-least-one-hardware")]
    public async Task Check_AtLeastOneHardwareWithoutTheRootInventory_IsAUsageErrorNamingWhatIsMissing(params string[] args)
    {
        IamSays(1);

        var code = await Run(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("needs root's device inventory: add --org --root-inventory", _stderr.ToString(), StringComparison.Ordinal);
        Assert.Null(_seenSettings);
    }

    [Fact]
    public async Task Check_Import_WritesTheFindingAndSaysWhere()
    {
        IamSays(1);

        var code = await Run("check", "--import", "--region", "eu-central-1");

        Assert.Equal(ExitCodes.Compliant, code);
        await _findings.Received(1).ImportAsync(Arg.Is<AwsSecurityFinding>(f => f.ProductArn!.Contains("eu-central-1")), Arg.Any<CancellationToken>());
        Assert.Contains("imported into Security Hub in eu-central-1 as sechubrootmfa/aws/111122223333/root-user-hardware-mfa", _stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal("eu-central-1", _seenSettings!.Region);
    }

    [Fact]
    public async Task Check_SecurityHubNotEnabled_IsOneClearLineAndExitThree()
    {
        IamSays(1);
        _findings.GetAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AwsCallException(AwsFailureKind.Permanent, "Security Hub is not enabled in eu-west-1 for account 111122223333"));

        var code = await Run("check", "--import");

        Assert.Equal(ExitCodes.CouldNotEvaluate, code);
        Assert.Equal("error: Security Hub is not enabled in eu-west-1 for account 111122223333", _stderr.ToString().Trim());
        Assert.Empty(_stdout.ToString());
    }

    [Fact]
    public async Task Check_Verbose_AddsTheStackTrace()
    {
        _state.ReadAsync(Account, Arg.Any<AwsPartition>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AwsCallException(AwsFailureKind.Transient, "iam:GetAccountSummary: could not reach AWS"));

        var code = await Run("check", "--verbose");

        Assert.Equal(ExitCodes.CouldNotEvaluate, code);
        Assert.Contains("at SecHubRootMfa", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AccessDeniedOnIam_IsNotAvailableWithExitThree()
    {
        _state.ReadAsync(Account, Arg.Any<AwsPartition>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AwsCallException(AwsFailureKind.Permanent, "Access denied for iam:GetAccountSummary"));

        var code = await Run("check");

        Assert.Equal(ExitCodes.CouldNotEvaluate, code);
        Assert.Contains("COULD NOT EVALUATE", _stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("Access denied for iam:GetAccountSummary", _stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "--output", "yaml")]
    [InlineData("check", "--level", "level3")]
    [InlineData("check", "--region", "Not_A_Region")]
    [InlineData("check", "--bogus")]
    [InlineData("frobnicate")]
    public async Task UsageErrors_ExitTwoWithTheProblemAndAPointerToHelp(params string[] args)
    {
        var code = await Run(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Matches(@"See 'sechubrootmfa( check)? --help'\.", _stderr.ToString());
        Assert.Empty(_stdout.ToString());
    }

    [Theory]
    [InlineData("check", "--help")]
    [InlineData("check", "-h")]
    [InlineData("--help")]
    public async Task Help_ExitsZeroWithSystemCommandLinesUsageOnStdout(params string[] args)
    {
        var code = await Run(args);

        Assert.Equal(ExitCodes.Compliant, code);
        Assert.Contains("Usage:", _stdout.ToString(), StringComparison.Ordinal);
        Assert.Empty(_stderr.ToString());
    }

    [Fact]
    public async Task Check_Profile_ReachesTheBackend()
    {
        IamSays(1);

        await Run("check", "--profile", "audit-ro");

        Assert.Equal("audit-ro", _seenSettings!.Profile);
    }

    [Fact]
    public async Task CheckImport_ImportRefused_PrintsTheEvaluatedVerdictThenTheImportErrorAndExitsThree()
    {
        IamSays(1, RootPhone);
        _findings.ImportAsync(Arg.Any<AwsSecurityFinding>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AwsCallException(AwsFailureKind.Permanent, "Security Hub in eu-west-1 rejected finding x after 1 attempt(s): InvalidInput: bad"));

        var code = await Run("check", "--import");

        Assert.Equal(ExitCodes.CouldNotEvaluate, code);
        Assert.StartsWith("NOT COMPLIANT: hardware MFA for the root user of account 111122223333", _stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("NOT imported into Security Hub in eu-west-1", _stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal("error: Security Hub in eu-west-1 rejected finding x after 1 attempt(s): InvalidInput: bad", _stderr.ToString().Trim());
    }

    [Fact]
    public async Task CheckImport_ExistingFindingSuppressedByAnAnalyst_ShowsTheWorkflowStatusAndAConsoleLink()
    {
        IamSays(0);
        _findings.GetAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(new ExistingFinding(FindingHistory.None, ComplianceStatus.Failed, null, "SUPPRESSED"));

        await Run("check", "--import");

        var text = _stdout.ToString();
        Assert.Contains("  workflow  SUPPRESSED", text, StringComparison.Ordinal);
        Assert.Contains(
            "  console   https://eu-west-1.console.aws.amazon.com/securityhub/home?region=eu-west-1#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253Asechubrootmfa%252Faws%252F111122223333%252Froot-user-hardware-mfa",
            text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SummaryKeyIamDidNotReturn_SaysUnknownNotMissing()
    {
        _state.ReadAsync(Account, Arg.Any<AwsPartition>(), Arg.Any<CancellationToken>()).Returns(call => new RootMfaObservation(
            Account, call.Arg<AwsPartition>(), new AccountSummary(false, null, false, false), [], DateTimeOffset.UnixEpoch));

        await Run("check");

        Assert.Contains("AccountPasswordPresent=unknown", _stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("missing", _stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_PrintsOneEventPathLine_WithWhatWasNotChecked()
    {
        IamSays(1);
        _eventPath.CheckAsync(Arg.Any<CancellationToken>()).Returns(Core.EventPath.EventPathHealth.Of(Core.EventPath.EventPathStatus.Unknown,
            "EventBridge rules not checked: the CLI does not know the deployment's rules; trail main (multi-region trail) is logging",
            new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero)));

        await Run("check");

        var line = Assert.Single(_stdout.ToString().Split('\n'), l => l.StartsWith("  eventpath ", StringComparison.Ordinal));
        Assert.Equal("  eventpath unknown (checked 2026-11-30T12:00:00.000Z): EventBridge rules not checked: the CLI does not know the deployment's rules; "
            + "trail main (multi-region trail) is logging", line.TrimEnd('\r'));
    }

    [Fact]
    public async Task Check_JsonOutput_CarriesTheEventPathInTheFinding()
    {
        IamSays(1);
        _eventPath.CheckAsync(Arg.Any<CancellationToken>()).Returns(Core.EventPath.EventPathHealth.Of(Core.EventPath.EventPathStatus.Blind,
            "trail main is not logging (stopped)", DateTimeOffset.UnixEpoch));

        await Run("check", "--output", "json");

        var fields = JsonDocument.Parse(_stdout.ToString()).RootElement.GetProperty("ProductFields");
        Assert.Equal("blind", fields.GetProperty("SecHubRootMfa/EventPath").GetString());
        Assert.Equal("trail main is not logging (stopped)", fields.GetProperty("SecHubRootMfa/EventPathReason").GetString());
    }

    [Fact]
    public async Task Check_EventRules_ArePassedOn_AndAnInvalidOneIsAUsageError()
    {
        IamSays(1);

        await Run("check", "--event-rules", "arn:aws:events:us-east-1:111122223333:rule/root-mfa-api-calls-1,arn:aws:events:eu-west-1:111122223333:rule/schedule-1");
        var seen = _seenSettings!.EventRules;
        var code = await Run("check", "--event-rules", "root-mfa-api-calls-1");
        var withOrg = await Run("check", "--org", "--external-id", "x1", "--event-rules", "arn:aws:events:us-east-1:111122223333:rule/x");

        Assert.Equal(["arn:aws:events:us-east-1:111122223333:rule/root-mfa-api-calls-1", "arn:aws:events:eu-west-1:111122223333:rule/schedule-1"], seen!);
        Assert.Equal((ExitCodes.Usage, ExitCodes.Usage), (code, withOrg));
        Assert.Contains("--event-rules 'root-mfa-api-calls-1' is not an EventBridge rule ARN", _stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("--event-rules applies only without --org", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",")]
    public async Task Check_EventRulesNamingNoRule_IsAUsageErrorNotAnEmptyListThatChecksNothing(string value)
    {
        IamSays(1);

        var code = await Run("check", "--event-rules", value);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--event-rules names no rule ARN", _stderr.ToString(), StringComparison.Ordinal);
    }
}
