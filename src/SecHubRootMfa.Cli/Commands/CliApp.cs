using System.CommandLine;
using System.CommandLine.Invocation;
using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>
/// The command-line grammar: <c>check [--import] [--output text|json|ocsf] [--level level1|level2] [--region R] [--profile P] [--verbose]</c>,
/// and <c>check --org [--output text|json|csv|ocsf] [--status S,…] [--accounts ID,…] [--external-id X] [--role-name N] [--role-path P]
/// [--concurrency N] [--root-inventory] [--mfa-policy strict|at-least-one-hardware]</c> for every account of an organization.
/// Help and parse errors are System.CommandLine's own; <c>--help</c> exits 0, a usage error 2.
/// </summary>
public sealed class CliApp(
    ICheckBackendFactory backends, TextWriter stdout, TextWriter stderr, IOrgBackendFactory? orgBackends = null, bool stderrIsTerminal = false)
{
    /// <summary>Parses and runs; usage errors print the problem and return 2.</summary>
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var import = new Option<bool>("--import") { Description = "Also import the finding into Security Hub." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "text (default); json: the ASFF finding (with --org: one JSON document, every finding and a summary); csv: with --org, one row per account (" + OrgCsvColumns.Header + "); " +
                "ocsf: the finding as an OCSF 1.6.0 Compliance Finding event (with --org: one JSON array of events).",
            DefaultValueFactory = _ => "text",
        };
        output.AcceptOnlyFromAmong("text", "json", "csv", "ocsf");
        var level = new Option<string?>("--level") { Description = "level2 (default: hardware or FIDO required) or level1 (virtual MFA accepted)." };
        level.AcceptOnlyFromAmong("level1", "level2");
        var region = new Option<string?>("--region") { Description = "Security Hub region; default: AWS_REGION, AWS_DEFAULT_REGION or the profile's region." };
        region.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && !RegionName.IsValid(value))
            {
                r.AddError($"'{value}' is not an AWS region name (e.g. eu-west-1).");
            }
        });
        var profile = new Option<string?>("--profile") { Description = "A named profile of your AWS config and credentials files (as the AWS CLI's --profile); default: AWS_PROFILE." };
        profile.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && (value.Length is 0 or > 128 || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
            {
                r.AddError("--profile must be a profile name (1-128 characters, no spaces).");
            }
        });
        var verbose = new Option<bool>("--verbose") { Description = "Print stack traces on errors; with --org also the run's settings." };
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
        var status = new Option<string?>("--status")
        {
            Description = "With --org: list only accounts with these results, comma-separated: PASSED, FAILED, NOT_AVAILABLE, SKIPPED (totals and exit code still cover every account).",
        };
        status.Validators.Add(r =>
        {
            foreach (var value in Split(r.GetValueOrDefault<string?>()))
            {
                if (!OrgStatusFilter.IsKnown(value))
                {
                    r.AddError($"--status '{value}' is not one of {string.Join(", ", OrgStatusFilter.Names)}.");
                }
            }
        });

        var eventRules = new Option<string?>("--event-rules")
        {
            Description = "Comma-separated ARNs of the deployment's EventBridge rules (the stack output eventRules) whose state the event-path line checks; "
                + "without it the rules are reported as not checked.",
        };
        eventRules.Validators.Add(r =>
        {
            var given = Split(r.GetValueOrDefault<string?>()).ToList();
            if (given.Count == 0)
            {
                // An empty list would check no rule and still let the rules part pass; leave the option out instead.
                r.AddError("--event-rules names no rule ARN; give the stack output eventRules, or leave the option out.");
            }

            foreach (var arn in given)
            {
                var partition = arn.Split(':') is [_, var p, ..] && p is "aws" or "aws-cn" or "aws-us-gov" ? AwsPartition.Parse(p) : AwsPartition.Aws;
                if (Core.EventPath.EventRuleReference.TryParse(arn, partition, out var problem) is null)
                {
                    r.AddError($"--event-rules '{arn}' {problem}.");
                }
            }
        });

        var check = new Command("check", "Evaluate hardware MFA on the root user of the account your credentials belong to.")
        {
            import, output, level, region, profile, verbose, org, accounts, externalId, roleName, rolePath, concurrency, rootInventory, mfaPolicy, status, eventRules,
        };
        Option[] orgOnly = [accounts, externalId, roleName, rolePath, concurrency, rootInventory, status];
        check.Validators.Add(r =>
        {
            // Only the AssumeRoot inventory shows hardware devices: without it the policy could accept nothing more than
            // strict does, yet the finding would claim it was applied.
            if (r.GetResult(mfaPolicy)?.Tokens is [.., { Value: "at-least-one-hardware" }] && !(r.GetValue(org) && r.GetValue(rootInventory)))
            {
                r.AddError("--mfa-policy at-least-one-hardware needs root's device inventory: add --org --root-inventory (centralized root access), or use strict.");
            }

            if (r.GetValue(org))
            {
                // Each member's rules are checked by the function through its audit role, not from a terminal.
                if (r.GetResult(eventRules) is { Implicit: false })
                {
                    r.AddError("--event-rules applies only without --org.");
                }

                return;
            }

            // Without --org these would be silently ignored; a user who typed one expects it to matter.
            var misplaced = orgOnly.Where(o => r.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
            if (misplaced.Count > 0)
            {
                r.AddError($"{string.Join(", ", misplaced)} {(misplaced.Count == 1 ? "applies" : "apply")} only with --org.");
            }

            // The token, not the value: an invalid --output is reported by its own validator, and GetValue would throw.
            if (r.GetResult(output)?.Tokens is [.., { Value: "csv" }])
            {
                r.AddError("--output csv lists the accounts of --org; for one account use text or json.");
            }
        });
        check.SetAction(async (parse, ct) =>
        {
            // AcceptOnlyFromAmong already limited the value to the two spellings TryParse accepts.
            var mode = MfaPolicyModes.TryParse(parse.GetValue(mfaPolicy), out var parsedMode) ? parsedMode : MfaPolicyMode.Strict;
            var profileLevel = parse.GetValue(level) is { } lv && PolicyProfiles.TryParse(lv, out var pr) ? pr : (PolicyProfile?)null;
            if (parse.GetValue(org))
            {
                if (orgBackends is null)
                {
                    await stderr.WriteLineAsync("error: --org is not available in this build.").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                var orgSettings = new OrgSettings(
                    parse.GetValue(import),
                    profileLevel,
                    mode,
                    parse.GetValue(region),
                    [.. Split(parse.GetValue(accounts))],
                    parse.GetValue(roleName)!,
                    parse.GetValue(rolePath)!,
                    parse.GetValue(externalId),
                    parse.GetValue(concurrency),
                    parse.GetValue(rootInventory))
                {
                    Profile = parse.GetValue(profile),
                    Output = OrgOutputs.Parse(parse.GetValue(output)),
                    Status = OrgStatusFilter.Parse(Split(parse.GetValue(status))),
                    Verbose = parse.GetValue(verbose),
                };
                return await new OrgCommand(orgBackends, stdout, stderr, stderrIsTerminal).RunAsync(orgSettings, ct).ConfigureAwait(false);
            }

            var settings = new CheckSettings(
                parse.GetValue(import),
                parse.GetValue(output) switch
                {
                    "json" => OutputFormat.Json,
                    "ocsf" => OutputFormat.Ocsf,
                    _ => OutputFormat.Text,
                },
                profileLevel,
                parse.GetValue(region),
                parse.GetValue(verbose),
                mode)
            {
                Profile = parse.GetValue(profile),
                EventRules = parse.GetValue(eventRules) is { } rules ? [.. Split(rules)] : null,
            };
            return await new CheckCommand(backends, stdout, stderr).RunAsync(settings, ct).ConfigureAwait(false);
        });

        var root = new RootCommand("SecHubRootMfa: CIS 'hardware MFA for the root user' as a Security Hub finding.") { check };
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // System.CommandLine prints the errors to stderr; its help and typo corrections would go to stdout, which a
            // script reads as the result, so it points to --help instead. A usage error is exit 2, as documented.
            if (parsed.Action is ParseErrorAction errorAction)
            {
                errorAction.ShowHelp = false;
                errorAction.ShowTypoCorrections = false;
            }

            await parsed.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
            await stderr.WriteLineAsync($"See '{HelpCommandFor(parsed)} --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }

    private static string HelpCommandFor(ParseResult parsed) =>
        parsed.CommandResult.Command is RootCommand ? "sechubrootmfa" : $"sechubrootmfa {parsed.CommandResult.Command.Name}";

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
