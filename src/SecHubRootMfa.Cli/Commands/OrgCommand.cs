using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>Builds the organization runner for <c>check --org</c> (credentials, region, member role).</summary>
public interface IOrgBackendFactory
{
    /// <summary>Builds the runner; throws <see cref="AwsCallException"/> when the region or credentials cannot be found.</summary>
    Task<OrgCheckRunner> CreateAsync(OrgSettings settings, CancellationToken cancellationToken);
}

/// <summary>
/// Runs <c>check --org</c>: every account of the organization (or list), progress on stderr, the report on stdout as a
/// table, one JSON document, CSV or one JSON array of OCSF events (<see cref="OrgReportWriter"/>).
/// </summary>
public sealed class OrgCommand(IOrgBackendFactory backends, TextWriter stdout, TextWriter stderr, bool stderrIsTerminal)
{
    /// <summary>
    /// Exit code: 0 when every evaluated account passed (or does not apply), 1 when any account is FAILED, 3 when any
    /// account could not be evaluated, the account list could not be read, or it held no account to evaluate.
    /// <c>--status</c> only filters what is listed, never the exit code.
    /// </summary>
    public async Task<int> RunAsync(OrgSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        OrgRunReport report;
        try
        {
            using var runner = await backends.CreateAsync(settings, cancellationToken).ConfigureAwait(false);
            if (settings.Verbose)
            {
                await stderr.WriteLineAsync(Describe(settings)).ConfigureAwait(false);
            }

            report = await runner.RunAllAsync("CLI check --org", settings.Import, new Progress(stderr, stderrIsTerminal), cancellationToken)
                .ConfigureAwait(false);
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

        await stdout.WriteAsync(OrgReportWriter.Render(report, settings.Output, settings.Status)).ConfigureAwait(false);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (settings.Output == OrgOutput.Ocsf && OrgReportWriter.WithoutFinding(report, settings.Status) is { Count: > 0 } missing)
        {
            // An OCSF event is a finding; an account that was never evaluated has none. Say so rather than drop it silently.
            await stderr.WriteLineAsync(
                $"ocsf: {missing.Count} listed account(s) have no finding and no event in the array: " +
                string.Join(", ", missing.Select(a => $"{a.AccountId} ({a.State.ToString().ToLowerInvariant()}: {OrgReportWriter.OneLine(a.Cause)})"))).ConfigureAwait(false);
        }

        var totals = OrgTotals.Of(report);
        if (totals.Evaluated + totals.CouldNotBeEvaluated == 0)
        {
            await stderr.WriteLineAsync(
                $"error: no account to evaluate: the account list had {report.Accounts.Count} account(s), none active. " +
                "Run with the organization's management or delegated administrator credentials, or pass --accounts.").ConfigureAwait(false);
            return ExitCodes.CouldNotEvaluate;
        }

        return totals.CouldNotBeEvaluated > 0 ? ExitCodes.CouldNotEvaluate
            : totals.NotCompliant > 0 ? ExitCodes.NonCompliant
            : ExitCodes.Compliant;
    }

    // --verbose: what the run will do, so a wrong role, path or external id shows before the first AccessDenied.
    private static string Describe(OrgSettings s) =>
        $"settings: role path {s.RolePath}, role name {s.RoleName}, external id {(s.ExternalId is null ? "not sent" : $"sent ({s.ExternalId.Length} characters)")}, " +
        $"region {s.Region ?? "(from environment or profile)"}, profile {s.Profile ?? "(AWS_PROFILE or default chain)"}, " +
        $"accounts {(s.Accounts.Count == 0 ? "from organizations:ListAccounts" : string.Join(",", s.Accounts))}, concurrency {s.Concurrency}, " +
        $"import {(s.Import ? "yes" : "no")}, root inventory {(s.RootInventory ? "yes" : "no")}";

    /// <summary>A progress bar redrawn in place on a terminal; one plain line per account otherwise (logs, pipes).</summary>
    internal sealed class Progress(TextWriter writer, bool terminal) : IOrgRunProgress
    {
        private const int Width = 30;
        private readonly Lock _gate = new();

        public void Started(int total)
        {
            lock (_gate)
            {
                writer.WriteLine($"evaluating {total} accounts");
            }
        }

        public void AccountFinished(AccountOutcome outcome, int done, int total)
        {
            lock (_gate)
            {
                if (terminal)
                {
                    var filled = total == 0 ? Width : done * Width / total;
                    writer.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total}");
                    if (done == total)
                    {
                        writer.WriteLine();
                    }
                }
                else
                {
                    writer.WriteLine($"[{done}/{total}] {outcome.AccountId} {outcome.State.ToString().ToLowerInvariant()} {outcome.Status?.ToAsff() ?? "-"}");
                }

                writer.Flush();
            }
        }
    }
}
