using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Tests.Checking;

/// <summary>
/// One account's Security Hub as AWS documents BatchImportFindings: an update whose UpdatedAt is not later than the stored
/// finding's is accepted without error and ignored. An import can be held at a gate to model a slow request.
/// </summary>
internal sealed class InMemorySecurityHub : IFindingStore
{
    private readonly Lock _lock = new();
    private AwsSecurityFinding? _stored;

    public List<AwsSecurityFinding> Received { get; } = [];

    /// <summary>Awaited before the next import is applied (then cleared): holds that request "in flight".</summary>
    public Func<Task>? HoldNextImport { get; set; }

    public AwsSecurityFinding? Stored
    {
        get
        {
            lock (_lock)
            {
                return _stored;
            }
        }
    }

    public void Seed(AwsSecurityFinding finding)
    {
        lock (_lock)
        {
            _stored = finding;
        }
    }

    public Task<ExistingFinding?> GetAsync(string findingId, string productArn, CancellationToken cancellationToken)
    {
        var stored = Stored;
        return Task.FromResult(stored is null || stored.Id != findingId
            ? null
            : ExistingFinding.FromStored(stored.CreatedAt, stored.FirstObservedAt, stored.UpdatedAt, stored.Compliance?.Status, stored.ProductFields));
    }

    public async Task ImportAsync(AwsSecurityFinding finding, CancellationToken cancellationToken)
    {
        var hold = HoldNextImport;
        HoldNextImport = null;
        if (hold is not null)
        {
            await hold().ConfigureAwait(false);
        }

        lock (_lock)
        {
            Received.Add(finding);
            if (_stored is null || FindingFields.Time(finding.UpdatedAt) > FindingFields.Time(_stored.UpdatedAt))
            {
                _stored = finding;
            }
        }
    }
}

/// <summary>IAM of one account whose answer the test changes between reads; every read is stamped with the clock.</summary>
internal sealed class MutableIam(string account, TimeProvider clock) : IRootMfaStateSource
{
    public int Mfa { get; set; } = 1;

    public List<VirtualMfaDevice> Devices { get; } = [];

    public int Reads { get; private set; }

    public Task<RootMfaObservation> ReadAsync(string accountId, AwsPartition partition, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(new RootMfaObservation(
            account, partition,
            AccountSummary.FromSummaryMap(new Dictionary<string, int>
            {
                ["AccountMFAEnabled"] = Mfa, ["AccountPasswordPresent"] = 1, ["AccountAccessKeysPresent"] = 0,
                ["AccountSigningCertificatesPresent"] = 0,
            }),
            [.. Devices], clock.GetUtcNow()));
    }
}

/// <summary>An event bus that refuses while <see cref="Refusing"/> and records what it accepted.</summary>
internal sealed class RecordingBus : IComplianceChangePublisher
{
    public bool Refusing { get; set; }

    public List<ComplianceChange> Delivered { get; } = [];

    public int Attempts { get; private set; }

    public Task PublishAsync(ComplianceChange change, CancellationToken cancellationToken)
    {
        Attempts++;
        if (Refusing)
        {
            return Task.FromException(new AwsCallException(AwsFailureKind.Permanent, "events:PutEvents: ResourceNotFoundException: Event bus default does not exist."));
        }

        lock (Delivered)
        {
            Delivered.Add(change);
        }

        return Task.CompletedTask;
    }
}
