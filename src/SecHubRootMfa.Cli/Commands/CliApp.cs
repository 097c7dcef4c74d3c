using System.CommandLine;
using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>The command-line grammar: <c>check [--import] [--output text|json] [--level level1|level2] [--region R] [--verbose]</c>.</summary>
public sealed class CliApp(ICheckBackendFactory backends, TextWriter stdout, TextWriter stderr)
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

        var check = new Command("check", "Evaluate hardware MFA on the root user of the account your credentials belong to.")
        {
            import, output, level, region, verbose,
        };
        var exitCode = ExitCodes.Usage;
        check.SetAction(async (parse, ct) =>
        {
            var settings = new CheckSettings(
                parse.GetValue(import),
                parse.GetValue(output) == "json" ? OutputFormat.Json : OutputFormat.Text,
                parse.GetValue(level) is { } l && PolicyProfiles.TryParse(l, out var p) ? p : null,
                parse.GetValue(region),
                parse.GetValue(verbose));
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

            await stderr.WriteLineAsync("usage: sechubrootmfa check [--import] [--output text|json] [--level level1|level2] [--region R] [--verbose]").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        var code = await parsed.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        return parsed.CommandResult.Command == check ? exitCode : code == 0 ? 0 : ExitCodes.Usage;
    }
}
