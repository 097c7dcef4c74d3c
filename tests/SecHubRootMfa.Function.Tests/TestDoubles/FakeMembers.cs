using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;
using SecHubRootMfa.Service.Tests.Checking;

namespace SecHubRootMfa.Function.Tests.TestDoubles;

/// <summary>A fixed list of active member accounts.</summary>
internal sealed class ListedAccounts(params string[] ids) : IAccountDirectory
{
    public Task<AccountListing> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new AccountListing([.. ids.Select(id => new MemberAccount(id))], []));
}

/// <summary>One member: its Security Hub (documented import ordering), its IAM (root without MFA by default), and how its audit role behaves.</summary>
internal sealed class FakeMember(string account, TimeProvider clock) : IRootMfaStateSource
{
    private int _throttlesLeft;

    public InMemorySecurityHub Hub { get; } = new();

    public MutableIam Iam { get; } = new(account, clock) { Mfa = 0 };

    /// <summary>Reads refused with Throttling before IAM answers.</summary>
    public int ThrottledReads { set => _throttlesLeft = value; }

    public bool Denied { get; set; }

    public bool Hang { get; set; }

    public async Task<RootMfaObservation> ReadAsync(string accountId, AwsPartition partition, CancellationToken cancellationToken)
    {
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (Interlocked.Decrement(ref _throttlesLeft) >= 0)
        {
            throw new AwsCallException(AwsFailureKind.Transient, "iam:GetAccountSummary failed: Throttling: Rate exceeded");
        }

        return await Iam.ReadAsync(accountId, partition, cancellationToken);
    }
}

/// <summary>Opens each member's session; a member marked Denied refuses its audit role (a permanent failure).</summary>
internal sealed class FakeMemberAccess(IReadOnlyDictionary<string, FakeMember> members) : IMemberAccess
{
    public Task<IMemberSession> OpenAsync(string accountId, CancellationToken cancellationToken)
    {
        var member = members[accountId];
        return member.Denied
            ? Task.FromException<IMemberSession>(new AwsCallException(AwsFailureKind.Permanent, $"Cannot enter account {accountId}: AccessDenied"))
            : Task.FromResult<IMemberSession>(new Session(member));
    }

    private sealed class Session(FakeMember member) : IMemberSession
    {
        public IRootMfaStateSource State => member;

        public IFindingStore Findings => member.Hub;

        public void Dispose()
        {
        }
    }
}
