using System.Diagnostics;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.SecurityHub.Model;
using SecHubRootMfa.Aws.Tests.Moto;
using SecHubRootMfa.Cli.Commands;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Tests.Support;

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

    private Task<(int Exit, string Stdout, string Stderr)> Cli(params string[] args) => Run(args, new Dictionary<string, string?>
    {
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
        ["AWS_ACCESS_KEY_ID"] = "AKIDMOTOTESTING00001",
        ["AWS_SECRET_ACCESS_KEY"] = "moto-secret-not-real",
    });

    private static async Task<(int Exit, string Stdout, string Stderr)> Run(string[] args, IReadOnlyDictionary<string, string?> environment)
    {
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "sechubrootmfa"))
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
        var file = Path.Combine(Path.GetTempPath(), $"cli-finding-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, stdout);
        try
        {
            var (valid, problems) = AsffValidator.Run([file]);
            Assert.True(valid == 0, problems);
        }
        finally
        {
            File.Delete(file);
        }
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
    public async Task Check_BadOption_IsAUsageError()
    {
        var (exit, stdout, stderr) = await Cli("check", "--output", "yaml");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Empty(stdout);
        Assert.Contains("Argument 'yaml' not recognized", stderr, StringComparison.Ordinal);
        Assert.Contains("See 'sechubrootmfa check --help'.", stderr, StringComparison.Ordinal);
    }
}
