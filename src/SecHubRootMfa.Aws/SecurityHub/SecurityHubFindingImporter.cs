using System.Text.Json;
using Amazon.Runtime;
using SecHubRootMfa.Aws.SecurityHub.Model;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Aws.SecurityHub;

/// <summary>What happened to one finding: imported, or failed with Security Hub's (or our) error code.</summary>
/// <param name="Id">The finding Id.</param>
/// <param name="Imported">True when Security Hub accepted it.</param>
/// <param name="ErrorCode">Why it failed, e.g. <c>InvalidInput</c>, <c>FindingTooLarge</c>; null when imported.</param>
/// <param name="ErrorMessage">The failure in words; null when imported.</param>
/// <param name="Attempts">How many BatchImportFindings calls carried this finding.</param>
public sealed record FindingImportOutcome(string Id, bool Imported, string? ErrorCode, string? ErrorMessage, int Attempts);

/// <summary>Every finding handed to <see cref="ISecurityHubFindingImporter.ImportAsync"/>, in input order, with its outcome.</summary>
public sealed record FindingImportResult(IReadOnlyList<FindingImportOutcome> Outcomes)
{
    /// <summary>The findings Security Hub accepted.</summary>
    public IEnumerable<FindingImportOutcome> Imported => Outcomes.Where(o => o.Imported);

    /// <summary>The findings that were not imported.</summary>
    public IEnumerable<FindingImportOutcome> Failed => Outcomes.Where(o => !o.Imported);

    /// <summary>True when nothing failed.</summary>
    public bool AllImported => Outcomes.All(o => o.Imported);
}

/// <summary>Imports any number of findings, honouring BatchImportFindings' limits.</summary>
public interface ISecurityHubFindingImporter
{
    /// <summary>Imports the findings; every one appears in the result as imported or failed.</summary>
    Task<FindingImportResult> ImportAsync(IReadOnlyList<AwsSecurityFinding> findings, CancellationToken cancellationToken = default);
}

/// <summary>Tuning of <see cref="SecurityHubFindingImporter"/>.</summary>
public sealed record FindingImporterOptions
{
    /// <summary>Findings per call; Security Hub's maximum and the default is 100.</summary>
    public int MaxFindingsPerBatch { get; init; } = 100;

    /// <summary>Request body size per call; Security Hub's maximum and the default is 6 MB.</summary>
    public int MaxBatchBytes { get; init; } = 6 * 1024 * 1024;

    /// <summary>Retry rounds (after the first) for findings rejected with a transient code (throttling, internal error). Default: <see cref="Runtime.AwsRetryPolicy"/>'s.</summary>
    public int MaxFindingRetries { get; init; } = Runtime.AwsRetryPolicy.Default.Retries;

    /// <summary>Delay before the first retry round; the backoff doubles it each round (with jitter), capped at 5 s. Default 500 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = Runtime.AwsRetryPolicy.Default.FindingRetryBaseDelay;
}

/// <summary>
/// Splits findings into BatchImportFindings calls of at most 100 findings and 6 MB, retries findings Security Hub
/// rejected with a transient code a bounded number of times, and reports every finding's outcome.
/// Access denied and "Security Hub not enabled" abort the import with the client's typed exception.
/// </summary>
public sealed class SecurityHubFindingImporter(IAmazonSecurityHub securityHub, FindingImporterOptions options, TimeProvider timeProvider)
    : ISecurityHubFindingImporter
{
    private const int EnvelopeBytes = 16; // {"Findings":[ ... ]}

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "TooManyRequestsException", "LimitExceededException",
        "InternalException", "InternalFailure", "InternalError", "ServiceUnavailable", "ServiceUnavailableException",
    };

    /// <summary>True for a per-entry error code that a later retry may clear (throttling, internal errors).</summary>
    public static bool IsTransient(string? errorCode) => errorCode is not null && TransientCodes.Contains(errorCode);

    /// <summary>Uses the default options and the system clock.</summary>
    public SecurityHubFindingImporter(IAmazonSecurityHub securityHub)
        : this(securityHub, new FindingImporterOptions(), TimeProvider.System)
    {
    }

    /// <inheritdoc />
    public async Task<FindingImportResult> ImportAsync(IReadOnlyList<AwsSecurityFinding> findings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (options.MaxFindingsPerBatch is < 1 or > 100 || options.MaxBatchBytes is < 1024 or > 6 * 1024 * 1024 || options.MaxFindingRetries is < 0 or > 10)
        {
            throw new InvalidOperationException("FindingImporterOptions are outside Security Hub's limits (1–100 findings, ≤ 6 MB, ≤ 10 retries).");
        }

        var pending = Prepare(findings, out var outcomes);
        for (var round = 0; pending.Count > 0; round++)
        {
            if (round > 0)
            {
                await Task.Delay(Backoff(round), timeProvider, cancellationToken).ConfigureAwait(false);
            }

            var retry = new List<Prepared>();
            foreach (var batch in Batches(pending))
            {
                await ImportBatchAsync(batch, outcomes, retry, lastRound: round >= options.MaxFindingRetries, cancellationToken).ConfigureAwait(false);
            }

            pending = retry;
        }

        return new FindingImportResult(findings.Select((_, i) => outcomes[i]!).ToList());
    }

    private List<Prepared> Prepare(IReadOnlyList<AwsSecurityFinding> findings, out FindingImportOutcome?[] outcomes)
    {
        outcomes = new FindingImportOutcome?[findings.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var prepared = new List<Prepared>(findings.Count);
        for (var i = 0; i < findings.Count; i++)
        {
            var finding = findings[i] ?? throw new ArgumentException($"Finding #{i} is null.", nameof(findings));
            if (string.IsNullOrWhiteSpace(finding.Id))
            {
                throw new ArgumentException($"Finding #{i} has no Id; Security Hub needs one to import it.", nameof(findings));
            }

            if (!seen.Add(finding.Id))
            {
                throw new ArgumentException($"Finding Id '{finding.Id}' appears twice; each import needs distinct Ids.", nameof(findings));
            }

            var bytes = JsonSerializer.SerializeToUtf8Bytes(finding, AsffJsonContext.Default.AwsSecurityFinding).Length;
            if (bytes > AsffLimits.FindingBytes || bytes + EnvelopeBytes > options.MaxBatchBytes)
            {
                outcomes[i] = new FindingImportOutcome(finding.Id, false, "FindingTooLarge",
                    $"The finding is {bytes} bytes; Security Hub accepts at most {AsffLimits.FindingBytes} bytes per finding.", 0);
                continue;
            }

            prepared.Add(new Prepared(i, finding, bytes));
        }

        return prepared;
    }

    private IEnumerable<List<Prepared>> Batches(List<Prepared> pending)
    {
        var batch = new List<Prepared>();
        var size = EnvelopeBytes;
        foreach (var item in pending)
        {
            var added = item.Bytes + (batch.Count > 0 ? 1 : 0);
            if (batch.Count > 0 && (batch.Count >= options.MaxFindingsPerBatch || size + added > options.MaxBatchBytes))
            {
                yield return batch;
                batch = [];
                size = EnvelopeBytes;
                added = item.Bytes;
            }

            batch.Add(item);
            size += added;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private async Task ImportBatchAsync(
        List<Prepared> batch, FindingImportOutcome?[] outcomes, List<Prepared> retry, bool lastRound, CancellationToken cancellationToken)
    {
        foreach (var item in batch)
        {
            item.Attempts++;
        }

        BatchImportFindingsResponse response;
        try
        {
            response = await securityHub.BatchImportFindingsAsync(
                new BatchImportFindingsRequest { Findings = batch.Select(b => b.Finding).ToList() }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException e) when (e is not InvalidAccessException and not AccessDeniedException)
        {
            // The SDK already retried transient call failures; what is left is reported per finding.
            foreach (var item in batch)
            {
                outcomes[item.Index] = Failed(item, e.ErrorCode ?? "CallFailed", e.Message);
            }

            return;
        }

        var failures = new Dictionary<string, ImportFindingsError>(StringComparer.Ordinal);
        foreach (var failure in response.FailedFindings ?? [])
        {
            if (failure.Id is not null)
            {
                failures[failure.Id] = failure;
            }
        }

        var failedInBatch = batch.Count(b => failures.ContainsKey(b.Finding.Id!));
        var consistent = response.SuccessCount == batch.Count - failedInBatch && response.FailedCount == failedInBatch;
        foreach (var item in batch)
        {
            if (failures.TryGetValue(item.Finding.Id!, out var failure))
            {
                if (!lastRound && failure.ErrorCode is { } code && TransientCodes.Contains(code))
                {
                    retry.Add(item);
                }

                outcomes[item.Index] = Failed(item, failure.ErrorCode ?? "Unknown", failure.ErrorMessage);
            }
            else
            {
                outcomes[item.Index] = consistent
                    ? new FindingImportOutcome(item.Finding.Id!, true, null, null, item.Attempts)
                    : Failed(item, "InconsistentResponse",
                        $"Security Hub reported SuccessCount={response.SuccessCount}, FailedCount={response.FailedCount} for {batch.Count} findings "
                        + $"but listed {failedInBatch} failures; this finding's state is unknown.");
            }
        }
    }

    private static FindingImportOutcome Failed(Prepared item, string code, string? message)
        => new(item.Finding.Id!, false, code, message, item.Attempts);

    private TimeSpan Backoff(int round)
    {
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, round - 1);
        var capped = Math.Min(exponential, 5000);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private sealed class Prepared(int index, AwsSecurityFinding finding, int bytes)
    {
        public int Index { get; } = index;

        public AwsSecurityFinding Finding { get; } = finding;

        public int Bytes { get; } = bytes;

        public int Attempts { get; set; }
    }
}
