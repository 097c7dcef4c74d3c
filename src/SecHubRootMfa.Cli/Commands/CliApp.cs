using System.CommandLine;
using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>
/// The command-line grammar: <c>check [--import] [--output text|json] [--level level1|level2] [--region R] [--verbose]</c>,
/// and <c>check --org [--accounts ID,…] [--external-id X] [--role-name N] [--role-path P] [--concurrency N]
/// [--root-inventory] [--mfa-policy strict|at-least-one-hardware]</c> for every account of an organization.
/// </summary>
public sealed class CliApp(
    ICheckBackendFactory backends, TextWriter stdout, TextWriter stderr, IOrgBackendFactory? orgBackends = null, bool stderrIsTerminal = false)
{
    /// <summary>Parses and runs; usage errors print the problem and return 2.</summary>
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var import = new Option<bool>("--import") { Description = "Also import the finding into Security Hub." };
        var output = new Option<string>("--output", "-o") { Description = "text (default) or json (the ASFF finding only).", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var level = new Option<string?>("--level") { Description = "level2 (default: hardware or FIDO required) or level1 (virtual MFA accepted)." };
        level.AcceptOnlyFromAmong("level1", "level2");
        var region = new Option<string?>("--region") { Description = "Security Hub region; default: AWS_REGION or the profile's region." };
        region.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && !RegionName.IsValid(value))
            {
                r.AddError($"'{value}' is not an AWS region name (e.g. eu-west-1).");
            }
        });
        var verbose = new Option<bool>("--verbose") { Description = "Print stack traces on errors." };
        var org = new Option<bool>("--org") { Description = "Evaluate every account of the organization (run with the delegated administrator's credentials)." };
        var accounts = new Option<string?>("--accounts") { Description = "With --org: comma-separated account ids instead of organizations:ListAccounts." };
        accounts.Validators.Add(r =>
        {
            foreach (var id in Split(r.GetValueOrDefault<string?>()))
            {
                if (!AccountIds.IsValid(id))
                {
                    r.AddError($"'{id}' is not a 12-digit account id.");
                }
            }
        });
        var externalId = new Option<string?>("--external-id") { Description = "With --org: the member audit role's external id." };
        var roleName = new Option<string>("--role-name") { Description = "With --org: the member audit role's name.", DefaultValueFactory = _ => "SecHubRootMfaAudit" };
        var rolePath = new Option<string>("--role-path") { Description = "With --org: the member audit role's path.", DefaultValueFactory = _ => "/sechubrootmfa/" };
        var concurrency = new Option<int>("--concurrency") { Description = "With --org: accounts evaluated at once (1-256).", DefaultValueFactory = _ => 16 };
        concurrency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 256)
            {
                r.AddError("--concurrency must be between 1 and 256.");
            }
        });
        var rootInventory = new Option<bool>("--root-inventory") { Description = "With --org: list root's MFA devices with sts:AssumeRoot (centralized root access)." };
        var mfaPolicy = new Option<string>("--mfa-policy") { Description = "strict (default; any virtual device fails) or at-least-one-hardware (as the function's mfaPolicy).", DefaultValueFactory = _ => "strict" };
        mfaPolicy.AcceptOnlyFromAmong("strict", "at-least-one-hardware");

        var check = new Command("check", "Evaluate hardware MFA on the root user of the account your credentials belong to.")
        {
            import, output, level, region, verbose, org, accounts, externalId, roleName, rolePath, concurrency, rootInventory, mfaPolicy,
        };
        Option[] orgOnly = [accounts, externalId, roleName, rolePath, concurrency, rootInventory];
        var exitCode = ExitCodes.Usage;
        check.SetAction(async (parse, ct) =>
        {
            // Without --org these would be silently ignored; a user who typed one expects it to matter.
            var misplaced = orgOnly.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
            if (!parse.GetValue(org) && misplaced.Count > 0)
            {
                await stderr.WriteLineAsync(
                    $"error: {string.Join(", ", misplaced)} {(misplaced.Count == 1 ? "applies" : "apply")} only with --org.").ConfigureAwait(false);
                exitCode = ExitCodes.Usage;
                return exitCode;
            }

            // AcceptOnlyFromAmong already limited the value to the two spellings TryParse accepts.
            var mode = MfaPolicyModes.TryParse(parse.GetValue(mfaPolicy), out var parsedMode) ? parsedMode : MfaPolicyMode.Strict;
            if (parse.GetValue(org))
            {
                if (orgBackends is null || parse.GetValue(output) == "json")
                {
                    await stderr.WriteLineAsync("error: --org prints a table; --output json is for one account.").ConfigureAwait(false);
                    exitCode = ExitCodes.Usage;
                    return exitCode;
                }

                var orgSettings = new OrgSettings(
                    parse.GetValue(import),
                    parse.GetValue(level) is { } lv && PolicyProfiles.TryParse(lv, out var pr) ? pr : null,
                    mode,
                    parse.GetValue(region),
                    [.. Split(parse.GetValue(accounts))],
                    parse.GetValue(roleName)!,
                    parse.GetValue(rolePath)!,
                    parse.GetValue(externalId),
                    parse.GetValue(concurrency),
                    parse.GetValue(rootInventory));
                exitCode = await new OrgCommand(orgBackends, stdout, stderr, stderrIsTerminal).RunAsync(orgSettings, ct).ConfigureAwait(false);
                return exitCode;
            }

            var settings = new CheckSettings(
                parse.GetValue(import),
                parse.GetValue(output) == "json" ? OutputFormat.Json : OutputFormat.Text,
                parse.GetValue(level) is { } l && PolicyProfiles.TryParse(l, out var p) ? p : null,
                parse.GetValue(region),
                parse.GetValue(verbose),
                mode);
            exitCode = await new CheckCommand(backends, stdout, stderr).RunAsync(settings, ct).ConfigureAwait(false);
            return exitCode;
        });

        var root = new RootCommand("SecHubRootMfa: CIS 'hardware MFA for the root user' as a Security Hub finding.") { check };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await stderr.WriteLineAsync(
                "usage: sechubrootmfa check [--import] [--output text|json] [--level level1|level2] [--mfa-policy strict|at-least-one-hardware] [--region R] [--verbose]")
                .ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        var code = await parsed.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        return parsed.CommandResult.Command == check ? exitCode : code == 0 ? 0 : ExitCodes.Usage;
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
