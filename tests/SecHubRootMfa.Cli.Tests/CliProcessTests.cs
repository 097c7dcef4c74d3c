using System.Diagnostics;
using System.Text.Json.Nodes;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.SecurityHub.Model;
using SecHubRootMfa.Aws.Tests.Moto;
using SecHubRootMfa.Cli.Commands;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Tests.Support;
using SecHubRootMfa.Core.Tests.Support.Asff;

namespace SecHubRootMfa.Cli.Tests;

/// <summary>The built CLI run as a process, as a person runs it, against moto through AWS_ENDPOINT_URL.</summary>
[Collection(MotoGroup.Name)]
public sealed class CliProcessTests(MotoServerFixture moto) : IAsyncLifetime
{
    private const string Account = MotoServerFixture.AccountId;

    public async Task InitializeAsync()
    {
        await moto.ResetAsync();
        await MotoSeeder.EnableSecurityHubAsync(moto, "us-east-1");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<(int Exit, string Stdout, string Stderr)> Cli(params string[] args) => Run(args, MotoEnvironment(moto));

    private Task<(int Exit, string Stdout, string Stderr)> Cli(string[] args, params (string Name, string Value)[] extra) =>
        Run(args, new Dictionary<string, string?>(MotoEnvironment(moto).Concat(extra.Select(e => KeyValuePair.Create(e.Name, (string?)e.Value)))));

    /// <summary>Region, endpoint and moto credentials, as a user exports them.</summary>
    internal static IReadOnlyDictionary<string, string?> MotoEnvironment(MotoServerFixture moto) => new Dictionary<string, string?>
    {
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
        ["AWS_ACCESS_KEY_ID"] = "AKIDMOTOTESTING00001",
        ["AWS_SECRET_ACCESS_KEY"] = "moto-secret-not-real",
    };

    /// <summary>Runs the built CLI with only <paramref name="environment"/>'s AWS settings (nothing of the developer's own).</summary>
    internal static Task<(int Exit, string Stdout, string Stderr)> Run(string[] args, IReadOnlyDictionary<string, string?> environment) =>
        RunProcess(Path.Combine(AppContext.BaseDirectory, "sechubrootmfa"), args, environment);

    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/> and a clean AWS environment.</summary>
    internal static async Task<(int Exit, string Stdout, string Stderr)> RunProcess(
        string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Nothing from the developer's own AWS setup may leak into the run.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }

        psi.Environment["AWS_CONFIG_FILE"] = "/nonexistent/config";
        psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials";
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task CheckJson_PrintsExactlyOneValidAsffFindingAndExitsNonCompliant()
    {
        var (exit, stdout, stderr) = await Cli("check", "--output", "json");

        Assert.True(exit == ExitCodes.NonCompliant, stderr);
        Assert.Equal(string.Empty, stderr);
        var finding = FindingJson.Deserialize(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal((Account, "FAILED", "NO_ROOT_MFA"), (finding.AwsAccountId, finding.Compliance!.Status, finding.Compliance.StatusReasons![0].ReasonCode));
        AssertValidAsff(stdout);
    }

    [Fact]
    public async Task CheckOcsf_PrintsExactlyOneOcsfComplianceFindingThatValidatesAgainstOcsf160()
    {
        var (exit, stdout, stderr) = await Cli("check", "--output", "ocsf");

        Assert.True(exit == ExitCodes.NonCompliant, stderr);
        Assert.Equal(string.Empty, stderr);
        var ocsf = JsonNode.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)))!;
        AssertValidOcsf(ocsf);
        Assert.Equal((2003, 200301, "1.6.0"), (ocsf["class_uid"]!.GetValue<int>(), ocsf["type_uid"]!.GetValue<long>(), ocsf["metadata"]!["version"]!.GetValue<string>()));
        Assert.Equal((3, "NO_ROOT_MFA", Account), (ocsf["compliance"]!["status_id"]!.GetValue<int>(), ocsf["compliance"]!["status_code"]!.GetValue<string>(),
            ocsf["cloud"]!["account"]!["uid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CheckImportOcsf_FirstRunCreates_TheNextUpdatesTheFindingItRead()
    {
        var first = await Cli("check", "--import", "--output", "ocsf");
        var second = await Cli("check", "--import", "--output", "ocsf");

        Assert.True(first.Exit == ExitCodes.NonCompliant, first.Stderr);
        Assert.Contains("Imported into Security Hub in us-east-1.", first.Stderr, StringComparison.Ordinal);
        var created = JsonNode.Parse(first.Stdout)!;
        var updated = JsonNode.Parse(second.Stdout)!;
        AssertValidOcsf(created);
        AssertValidOcsf(updated);
        Assert.Equal((1, 200301), (created["activity_id"]!.GetValue<int>(), created["type_uid"]!.GetValue<long>()));
        Assert.Equal((2, 200302), (updated["activity_id"]!.GetValue<int>(), updated["type_uid"]!.GetValue<long>()));
        Assert.Equal(created["finding_info"]!["created_time"]!.GetValue<long>(), updated["finding_info"]!["created_time"]!.GetValue<long>());
        Assert.True(updated["time"]!.GetValue<long>() > created["time"]!.GetValue<long>());
    }

    /// <summary>Validates one OCSF event against the pinned OCSF 1.6.0 compliance_finding schema.</summary>
    internal static void AssertValidOcsf(JsonNode ocsf)
    {
        var (valid, errors) = OcsfSchemaValidator.Validate(ocsf);
        Assert.True(valid, errors);
    }

    /// <summary>Asserts that <paramref name="json"/> (one finding or a list of them) is ASFF Security Hub would accept.</summary>
    internal static void AssertValidAsff(string json)
    {
        var problems = AsffValidator.Default.ValidateJson(json);
        Assert.True(problems.Count == 0, "ASFF problems:\n" + string.Join('\n', problems));
    }

    /// <summary>
    /// An AWS config and credentials file with one profile (moto's keys, <paramref name="region"/>) in
    /// <paramref name="dir"/>, and the environment that points at them and at moto, and at nothing else.
    /// </summary>
    internal static async Task<Dictionary<string, string?>> ProfileEnvironmentAsync(MotoServerFixture moto, DirectoryInfo dir, string profile, string region)
    {
        var config = Path.Combine(dir.FullName, "config");
        var credentials = Path.Combine(dir.FullName, "credentials");
        await File.WriteAllTextAsync(config, $"[profile {profile}]\nregion = {region}\n");
        await File.WriteAllTextAsync(credentials, $"[{profile}]\naws_access_key_id = AKIDMOTOTESTING00001\naws_secret_access_key = moto-secret-not-real\n");
        return new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
            ["AWS_CONFIG_FILE"] = config,
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
        };
    }

    [Fact]
    public async Task CheckText_ShowsTheVerdictEvidenceAndFixWithoutImporting()
    {
        var (exit, stdout, _) = await Cli("check");

        Assert.Equal(ExitCodes.NonCompliant, exit);
        Assert.StartsWith($"NOT COMPLIANT: hardware MFA for the root user of account {Account}", stdout, StringComparison.Ordinal);
        Assert.Contains("AccountMFAEnabled=0", stdout, StringComparison.Ordinal);
        Assert.Contains("Assign MFA device", stdout, StringComparison.Ordinal);
        Assert.Contains("not imported", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckImport_WritesTheFindingIntoSecurityHubAndSaysSo()
    {
        var (exit, stdout, stderr) = await Cli("check", "--import");

        Assert.True(exit == ExitCodes.NonCompliant, stderr);
        Assert.Contains($"imported into Security Hub in us-east-1 as sechubrootmfa/aws/{Account}/root-user-hardware-mfa", stdout, StringComparison.Ordinal);
        using var hub = new AwsClientFactory(moto.Options()).CreateSecurityHub();
        var findings = (await hub.GetFindingsAsync(new GetFindingsRequest())).Findings;
        Assert.Contains(findings, f => f.Id == $"sechubrootmfa/aws/{Account}/root-user-hardware-mfa" && f.Compliance!.Status == "FAILED");
    }

    [Fact]
    public async Task Check_WithoutCredentials_IsOneClearLineAndExitThree()
    {
        var (exit, stdout, stderr) = await Run(["check"], new Dictionary<string, string?>
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
        });

        Assert.Equal(ExitCodes.CouldNotEvaluate, exit);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("credentials", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Check_WithoutRegion_SaysHowToGiveOne()
    {
        var (exit, _, stderr) = await Run(["check"], new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDMOTOTESTING00001",
            ["AWS_SECRET_ACCESS_KEY"] = "moto-secret-not-real",
        });

        Assert.Equal(ExitCodes.CouldNotEvaluate, exit);
        Assert.Contains("--region", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHelp_ExitsZeroWithTheOptions()
    {
        var (exit, stdout, stderr) = await Cli("check", "--help");

        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        Assert.Contains("sechubrootmfa check [options]", stdout, StringComparison.Ordinal);
        Assert.Contains("--profile", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckImport_SecurityHubUnreachable_PrintsTheVerdictThenTheImportErrorAndExitsThree()
    {
        // Port 9 (discard) refuses connections; AWS_MAX_ATTEMPTS=1 makes that one attempt, not four.
        var (exit, stdout, stderr) = await Cli(["check", "--import"], ("AWS_ENDPOINT_URL_SECURITYHUB", "http://127.0.0.1:9"), ("AWS_MAX_ATTEMPTS", "1"));

        Assert.Equal(ExitCodes.CouldNotEvaluate, exit);
        Assert.StartsWith($"NOT COMPLIANT: hardware MFA for the root user of account {Account}", stdout, StringComparison.Ordinal);
        Assert.Contains("NOT imported into Security Hub in us-east-1", stdout, StringComparison.Ordinal);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: securityhub:GetFindings: could not reach AWS", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_InvalidAwsMaxAttempts_NamesTheVariable()
    {
        var (exit, _, stderr) = await Cli(["check"], ("AWS_MAX_ATTEMPTS", "lots"));

        Assert.Equal(ExitCodes.CouldNotEvaluate, exit);
        Assert.Contains("AWS_MAX_ATTEMPTS='lots' is not a whole number from 1 to 11", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckImport_FindingSuppressedByAnAnalyst_ShowsTheWorkflowStatusAndTheConsoleLink()
    {
        var context = new DeploymentContext("us-east-1", Account);
        var suppressed = new RootMfaFindingBuilder(context).Build(
            Core.Evaluation.RootMfaEvaluator.Evaluate(
                new Core.Evaluation.RootMfaObservation(Account, Core.Evaluation.AwsPartition.Aws,
                    new Core.Evaluation.AccountSummary(false, true, false, false), [], DateTimeOffset.UtcNow),
                Core.Evaluation.PolicyProfile.Level2),
            FindingHistory.None, "seed") with { Workflow = new Workflow { Status = "SUPPRESSED" } };
        using (var hub = new AwsClientFactory(moto.Options()).CreateSecurityHub())
        {
            await hub.BatchImportFindingsAsync(new BatchImportFindingsRequest { Findings = [suppressed] });
        }

        var (_, stdout, _) = await Cli("check", "--import");

        Assert.Contains("  workflow  SUPPRESSED", stdout, StringComparison.Ordinal);
        Assert.Contains("  console   https://us-east-1.console.aws.amazon.com/securityhub/home?region=us-east-1#/findings?search=Id%3D", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Profile_TakesCredentialsAndRegionFromTheNamedProfile()
    {
        var dir = Directory.CreateTempSubdirectory("sechubrootmfa-profile-");
        try
        {
            var environment = await ProfileEnvironmentAsync(moto, dir, "audit", "eu-west-1");

            var (exit, stdout, stderr) = await Run(["check", "--profile", "audit"], environment);

            Assert.True(exit == ExitCodes.NonCompliant, stderr);
            Assert.Contains("Security Hub in eu-west-1", stdout, StringComparison.Ordinal);

            var (missingExit, _, missingError) = await Run(["check", "--profile", "nope"], environment);
            Assert.Equal(ExitCodes.CouldNotEvaluate, missingExit);
            Assert.Contains("The profile 'nope' is not in your AWS config or credentials file", missingError, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Check_BadOption_IsAUsageError()
    {
        var (exit, stdout, stderr) = await Cli("check", "--output", "yaml");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Empty(stdout);
        Assert.Contains("Argument 'yaml' not recognized", stderr, StringComparison.Ordinal);
        Assert.Contains("See 'sechubrootmfa check --help'.", stderr, StringComparison.Ordinal);
    }
}
