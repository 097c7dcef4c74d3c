using System.Globalization;
using System.Text;
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

/// <summary>Runs <c>check --org</c>: every account of the organization (or list), progress on stderr, a table on stdout.</summary>
public sealed class OrgCommand(IOrgBackendFactory backends, TextWriter stdout, TextWriter stderr, bool stderrIsTerminal)
{
    /// <summary>
    /// Exit code: 0 when every evaluated account passed (or does not apply), 1 when any account is FAILED, 3 when any
    /// account could not be evaluated or the account list could not be read.
    /// </summary>
    public async Task<int> RunAsync(OrgSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        OrgRunReport report;
        try
        {
            using var runner = await backends.CreateAsync(settings, cancellationToken).ConfigureAwait(false);
            report = await runner.RunAllAsync("CLI check --org", settings.Import, new Progress(stderr, stderrIsTerminal), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AwsCallException or ArgumentException or InvalidOperationException)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.CouldNotEvaluate;
        }

        await stdout.WriteAsync(RenderTable(report)).ConfigureAwait(false);
        return report.Failed > 0 ? ExitCodes.CouldNotEvaluate
            : report.Accounts.Any(a => a.Status == ComplianceStatus.Failed) ? ExitCodes.NonCompliant
            : ExitCodes.Compliant;
    }

    /// <summary>One row per account (id, result, status, reason, finding, seconds, cause) and a totals line.</summary>
    public static string RenderTable(OrgRunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"ACCOUNT",-12}  {"RESULT",-9}  {"STATUS",-13}  {"REASON",-26}  {"FINDING",-8}  {"SECONDS",7}  CAUSE");
        foreach (var a in report.Accounts)
        {
            var cause = a.Cause is null ? "" : a.Cause.Length > 120 ? a.Cause[..119] + "…" : a.Cause;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{a.AccountId,-12}  {a.State.ToString().ToLowerInvariant(),-9}  {a.Status?.ToAsff() ?? "-",-13}  {a.Reason?.ToAsff() ?? "-",-26}  {(a.FindingImported ? "imported" : "-"),-8}  {a.Duration.TotalSeconds,7:0.00}  {cause}");
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"{report.Accounts.Count} accounts: {report.Evaluated} evaluated, {report.Failed} failed, {report.Skipped} skipped in {report.Duration.TotalSeconds:0.0} s");
        return text.ToString();
    }

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
