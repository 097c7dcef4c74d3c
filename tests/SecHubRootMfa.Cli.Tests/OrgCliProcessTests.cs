using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecHubRootMfa.Aws.Tests.Moto;
using SecHubRootMfa.Cli.Commands;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Tests.Support;

namespace SecHubRootMfa.Cli.Tests;

/// <summary>
/// <c>check --org</c> run as a process against a moto organization seeded by the repository's own
/// <c>tools/seed-moto.py</c>, and the README's "Try it without an AWS account" commands run as written.
/// </summary>
[Collection(MotoGroup.Name)]
public sealed partial class OrgCliProcessTests(MotoServerFixture moto) : IAsyncLifetime
{
    private static readonly string[] MemberNames = ["payments-prod", "data-lake", "sandbox"];

    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private string Endpoint => moto.Endpoint.ToString().TrimEnd('/');

    private async Task<string[]> SeedAsync()
    {
        var (exit, stdout, stderr) = await CliProcessTests.RunProcess(
            "python3", [Path.Combine(RepoPaths.Root, "tools", "seed-moto.py"), Endpoint], new Dictionary<string, string?>());
        Assert.True(exit == 0, stderr);
        return stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private Task<(int Exit, string Stdout, string Stderr)> Cli(params string[] args) =>
        CliProcessTests.Run(args, CliProcessTests.MotoEnvironment(moto));

    [Fact]
    public async Task CheckOrgText_NamesEveryMemberAndCountsInWords()
    {
        await SeedAsync();

        var (exit, stdout, stderr) = await Cli("check", "--org", "--import");

        Assert.True(exit == ExitCodes.NonCompliant, stderr);
        foreach (var name in MemberNames)
        {
            Assert.Contains(stdout.Split('\n'), l => l.Contains($"  {name}  ", StringComparison.Ordinal) && l.Contains("FAILED", StringComparison.Ordinal));
        }

        Assert.Matches(@"^4 accounts: 4 not compliant, 0 compliant, 0 could not be evaluated \(\d+\.\d s\)$", stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    [Fact]
    public async Task CheckOrgJson_OneDocumentWhoseFindingsAreValidAsffWithTheMembersNames()
    {
        var members = await SeedAsync();

        var (exit, stdout, stderr) = await Cli("check", "--org", "--output", "json");

        Assert.True(exit == ExitCodes.NonCompliant, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(4, doc.RootElement.GetProperty("summary").GetProperty("notCompliant").GetInt32());
        var findings = doc.RootElement.GetProperty("accounts").EnumerateArray()
            .Select(a => FindingJson.Deserialize(a.GetProperty("finding").GetRawText())).ToList();
        Assert.Equal(members.Order(StringComparer.Ordinal), findings.Select(f => f.AwsAccountId).Where(id => members.Contains(id)).Order(StringComparer.Ordinal));
        Assert.Equal(MemberNames.Order(StringComparer.Ordinal), findings.Where(f => members.Contains(f.AwsAccountId)).Select(f => f.AwsAccountName!).Order(StringComparer.Ordinal));
        CliProcessTests.AssertValidAsff("[" + string.Join(",", findings.Select(FindingJson.Serialize)) + "]");
    }

    [Fact]
    public async Task CheckOrgOcsf_OneArrayOfValidOcsfEventsWithTheMembersNames()
    {
        var members = await SeedAsync();

        var (exit, stdout, stderr) = await Cli("check", "--org", "--output", "ocsf");

        Assert.True(exit == ExitCodes.NonCompliant, stderr);
        var events = JsonNode.Parse(stdout)!.AsArray();
        Assert.Equal(4, events.Count);
        Assert.All(events, e => CliProcessTests.AssertValidOcsf(e!));
        var accounts = events.Select(e => e!["cloud"]!["account"]!).ToList();
        Assert.Equal(members.Order(StringComparer.Ordinal), accounts.Select(a => a["uid"]!.GetValue<string>()).Where(members.Contains).Order(StringComparer.Ordinal));
        Assert.Equal(MemberNames.Order(StringComparer.Ordinal),
            accounts.Where(a => members.Contains(a["uid"]!.GetValue<string>())).Select(a => a["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(events, e => Assert.Equal(3, e!["compliance"]!["status_id"]!.GetValue<int>()));
    }

    [Fact]
    public async Task CheckOrgCsv_HeaderAndOneRowPerAccount()
    {
        await SeedAsync();

        var (exit, stdout, stderr) = await Cli("check", "--org", "--output", "csv", "--status", "FAILED");

        Assert.True(exit == ExitCodes.NonCompliant, stderr);
        var rows = stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(OrgReportWriter.CsvHeader, rows[0]);
        Assert.Equal(4, rows.Length - 1);
        Assert.Contains(rows, r => Regex.IsMatch(r, @"^\d{12},payments-prod,FAILED,NO_ROOT_MFA,CRITICAL,$"));
    }

    [Fact]
    public async Task CheckOrg_RegionFromTheProfileAsInSingleAccountMode()
    {
        await SeedAsync();
        var dir = Directory.CreateTempSubdirectory("sechubrootmfa-org-profile-");
        try
        {
            var environment = await CliProcessTests.ProfileEnvironmentAsync(moto, dir, "org", "us-east-1");

            var (exit, stdout, stderr) = await CliProcessTests.Run(["check", "--org", "--profile", "org", "--output", "csv"], environment);

            Assert.True(exit == ExitCodes.NonCompliant, stderr);
            Assert.Equal(5, stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ReadmeTryIt_CommandsRunAsDocumented()
    {
        var commands = TryItCommands();
        var environment = new Dictionary<string, string?>();
        var ran = 0;
        foreach (var line in commands)
        {
            if (line.StartsWith("python3 tools/seed-moto.py ", StringComparison.Ordinal))
            {
                await SeedAsync();
            }
            else if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                foreach (Match m in ExportPair().Matches(line))
                {
                    // The README's moto listens on port 5000; the tests' own server listens elsewhere.
                    environment[m.Groups[1].Value] = m.Groups[2].Value.Replace("http://127.0.0.1:5000", Endpoint, StringComparison.Ordinal);
                }
            }
            else if (DocumentedRun().Match(line) is { Success: true } run)
            {
                var args = run.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var (exit, stdout, stderr) = await CliProcessTests.Run(args, environment);
                Assert.True(exit == int.Parse(run.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), $"{line}: exit {exit}\n{stderr}");
                Assert.NotEmpty(stdout);
                Assert.DoesNotContain("error:", stderr, StringComparison.Ordinal);
                ran++;
            }
            else
            {
                // Set-up the tests do their own way (moto is already running; the tests use the built CLI).
                Assert.Contains(line, (string[])["python3 -m pip install 'moto[server]==5.2.1'", "python3 -m moto.server -p 5000 > /tmp/moto.log 2>&1 &", "build/publish-cli.sh"]);
            }
        }

        Assert.Equal(6, ran);
        Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_SECRET_ACCESS_KEY"], environment.Keys.Order(StringComparer.Ordinal));
    }

    private static List<string> TryItCommands()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var section = readme.IndexOf("## Try it without an AWS account", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no 'Try it without an AWS account' section.");
        var start = readme.IndexOf("```sh\n", section, StringComparison.Ordinal) + "```sh\n".Length;
        var end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
        return [.. readme[start..end].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    [GeneratedRegex(@"([A-Z_]+)=(\S+)")]
    private static partial Regex ExportPair();

    [GeneratedRegex(@"^artifacts/cli/sechubrootmfa ([^#]+?)\s+# exit (\d)")]
    private static partial Regex DocumentedRun();
}
