using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Ocsf;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>Runs <c>check</c>: evaluate the caller's account, print the verdict, optionally import it.</summary>
public sealed class CheckCommand(ICheckBackendFactory backends, TextWriter stdout, TextWriter stderr)
{
    /// <summary>Returns the exit code; errors are one clear line on stderr (stack trace only with --verbose).</summary>
    public async Task<int> RunAsync(CheckSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        CheckBackend? backend = null;
        try
        {
            backend = await backends.CreateAsync(settings, cancellationToken).ConfigureAwait(false);
            var result = await backend.Service.RunAsync(
                new CheckRequest(backend.AccountId, "CLI check", settings.Import, CheckEventPath: true,
                    EventPathIncomplete: settings.EventRules is null), cancellationToken).ConfigureAwait(false);
            await PrintAsync(settings, result, backend.Region, importError: null).ConfigureAwait(false);
            return result.Summary.Status switch
            {
                ComplianceStatus.Passed => ExitCodes.Compliant,
                ComplianceStatus.Failed => ExitCodes.NonCompliant,
                _ when result.Summary.Reason == ReasonCode.RootNotApplicableGovCloud => ExitCodes.Compliant,
                _ => ExitCodes.CouldNotEvaluate,
            };
        }
        catch (FindingNotImportedException ex) when (ex.Result is not null && backend is not null)
        {
            // The verdict was evaluated: show it, then why Security Hub does not have it.
            await PrintAsync(settings, ex.Result, backend.Region, ex.Message).ConfigureAwait(false);
            return await FailAsync(settings, ex).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AwsCallException or ArgumentException or InvalidOperationException)
        {
            return await FailAsync(settings, ex).ConfigureAwait(false);
        }
    }

    private async Task PrintAsync(CheckSettings settings, CheckResult result, string region, string? importError)
    {
        if (settings.Output is OutputFormat.Json or OutputFormat.Ocsf)
        {
            await stdout.WriteLineAsync(settings.Output == OutputFormat.Json
                ? FindingJson.Serialize(result.Finding)
                : OcsfJson.Serialize(OcsfMapping.Map(result.Finding))).ConfigureAwait(false);
            if (result.Summary.Imported)
            {
                await stderr.WriteLineAsync($"Imported into Security Hub in {region}.").ConfigureAwait(false);
            }
        }
        else
        {
            await stdout.WriteAsync(TextReport.Render(result, region, importError is not null)).ConfigureAwait(false);
        }

        await stdout.FlushAsync().ConfigureAwait(false);
    }

    private async Task<int> FailAsync(CheckSettings settings, Exception ex)
    {
        await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
        if (settings.Verbose)
        {
            await stderr.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
        }

        return ExitCodes.CouldNotEvaluate;
    }
}
