using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
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
        try
        {
            var backend = await backends.CreateAsync(settings, cancellationToken).ConfigureAwait(false);
            var result = await backend.Service.RunAsync(
                new CheckRequest(backend.AccountId, "CLI check", settings.Import), cancellationToken).ConfigureAwait(false);

            if (settings.Output == OutputFormat.Json)
            {
                await stdout.WriteLineAsync(FindingJson.Serialize(result.Finding)).ConfigureAwait(false);
                if (result.Summary.Imported)
                {
                    await stderr.WriteLineAsync($"Imported into Security Hub in {backend.Region}.").ConfigureAwait(false);
                }
            }
            else
            {
                await stdout.WriteAsync(TextReport.Render(result, backend.Region)).ConfigureAwait(false);
            }

            return result.Summary.Status switch
            {
                ComplianceStatus.Passed => ExitCodes.Compliant,
                ComplianceStatus.Failed => ExitCodes.NonCompliant,
                _ when result.Summary.Reason == ReasonCode.RootNotApplicableGovCloud => ExitCodes.Compliant,
                _ => ExitCodes.CouldNotEvaluate,
            };
        }
        catch (Exception ex) when (ex is AwsCallException or ArgumentException or InvalidOperationException)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            if (settings.Verbose)
            {
                await stderr.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.CouldNotEvaluate;
        }
    }
}
