using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Bench.Micro.Stubs;

/// <summary>IAM as a fixed observation, answered synchronously (no I/O to measure).</summary>
internal sealed class FixedStateSource(RootMfaObservation observation) : IRootMfaStateSource
{
    private readonly Task<RootMfaObservation> _answer = Task.FromResult(observation);

    public Task<RootMfaObservation> ReadAsync(string accountId, AwsPartition partition, CancellationToken cancellationToken) => _answer;
}

/// <summary>Security Hub holding <paramref name="existing"/> (null: no finding yet); imports are accepted and counted.</summary>
internal sealed class InMemoryFindingStore(ExistingFinding? existing) : IFindingStore
{
    private readonly Task<ExistingFinding?> _answer = Task.FromResult(existing);

    public int Imported { get; private set; }

    public Task<ExistingFinding?> GetAsync(string findingId, string productArn, CancellationToken cancellationToken) => _answer;

    public Task ImportAsync(AwsSecurityFinding finding, CancellationToken cancellationToken)
    {
        Imported++;
        return Task.CompletedTask;
    }
}

/// <summary>An event bus that accepts every change.</summary>
internal sealed class AcceptingPublisher : IComplianceChangePublisher
{
    public int Published { get; private set; }

    public Task PublishAsync(ComplianceChange change, CancellationToken cancellationToken)
    {
        Published++;
        return Task.CompletedTask;
    }
}

/// <summary>Drops the service's progress lines (the benchmarks never wait for consistency).</summary>
internal sealed class SilentCheckLog : ICheckLog
{
    public void WaitingForConsistency(string accountId, string expectation, int reads, TimeSpan delay)
    {
    }

    public void ConsistencyGaveUp(string accountId, string expectation, int reads)
    {
    }
}
