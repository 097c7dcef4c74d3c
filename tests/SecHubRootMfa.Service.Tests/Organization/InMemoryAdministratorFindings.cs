using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Tests.Organization;

/// <summary>
/// The administrator's Security Hub in memory, as AWS documents BatchImportFindings: an update whose UpdatedAt is not later
/// than the stored one's is accepted and ignored. Counts calls; can refuse everything.
/// </summary>
internal sealed class InMemoryAdministratorFindings(string account = "999988887777") : IAdministratorFindings
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AwsSecurityFinding> _stored = new(StringComparer.Ordinal);

    public int ImportCalls { get; private set; }

    public int FindCalls { get; private set; }

    public int LargestBatch { get; private set; }

    /// <summary>When set, every call fails with it.</summary>
    public AwsCallException? Refuse { get; set; }

    public AwsSecurityFinding? For(string member) => Stored($"sechubrootmfa/aws/{account}/member-reachability/{member}");

    public AwsSecurityFinding? Stored(string id)
    {
        lock (_gate)
        {
            return _stored.GetValueOrDefault(id);
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _stored.Count;
            }
        }
    }

    public void Seed(AwsSecurityFinding finding)
    {
        lock (_gate)
        {
            _stored[finding.Id!] = finding;
        }
    }

    public Task<string> AccountIdAsync(CancellationToken cancellationToken) =>
        Refuse is { } refused ? Task.FromException<string>(refused) : Task.FromResult(account);

    public Task<IReadOnlyList<AwsSecurityFinding>> FindAsync(string productArn, string generatorId, string? findingId, CancellationToken cancellationToken)
    {
        if (Refuse is { } refused)
        {
            return Task.FromException<IReadOnlyList<AwsSecurityFinding>>(refused);
        }

        lock (_gate)
        {
            FindCalls++;
            return Task.FromResult<IReadOnlyList<AwsSecurityFinding>>([.. _stored.Values.Where(f =>
                f.ProductArn == productArn && f.GeneratorId == generatorId && (findingId is null || f.Id == findingId))]);
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> ImportAsync(IReadOnlyList<AwsSecurityFinding> findings, CancellationToken cancellationToken)
    {
        // A round trip's worth of time, so members that finish meanwhile queue up behind this call.
        await Task.Delay(5, cancellationToken);
        if (Refuse is { } refused)
        {
            throw refused;
        }

        lock (_gate)
        {
            ImportCalls++;
            LargestBatch = Math.Max(LargestBatch, findings.Count);
            foreach (var f in findings)
            {
                if (!_stored.TryGetValue(f.Id!, out var old) || FindingFields.Time(f.UpdatedAt) > FindingFields.Time(old.UpdatedAt))
                {
                    _stored[f.Id!] = f;
                }
            }
        }

        return new Dictionary<string, string>();
    }
}
