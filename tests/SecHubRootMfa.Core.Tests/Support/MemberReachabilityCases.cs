using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Core.Tests.Support;

/// <summary>The administrator's member reachability findings built from fixed inputs: the source of their golden files.</summary>
internal static class MemberReachabilityCases
{
    public const string Member = "111122223333";
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);
    public static readonly DateTimeOffset T0 = new(2026, 11, 28, 4, 0, 0, 123, TimeSpan.Zero);
    public static readonly MemberReachabilityFindingBuilder Builder = new(GoldenCases.Context);

    public static readonly MemberFailure RoleRefused = new(MemberFailureStage.EnterAccount, false,
        "Cannot enter account 111122223333 through arn:aws:iam::111122223333:role/sechubrootmfa/SecHubRootMfaAudit: Access denied for "
        + "sts:AssumeRole for account 111122223333: grant it to the evaluating role. AccessDenied: User: arn:aws:sts::999988887777:"
        + "assumed-role/function-role/sechubrootmfa is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:"
        + "role/sechubrootmfa/SecHubRootMfaAudit (request 6f1c1a52-EXAMPLE) Deploy the member audit role (org stack StackSet) and check its "
        + "trust policy and external id.");

    public static readonly MemberFailure Throttled = new(MemberFailureStage.CompleteCheck, true,
        "iam:GetAccountSummary failed: Throttling: Rate exceeded (request 0c4e2d1b-EXAMPLE) The existing finding was kept.");

    public static TheoryData<string> Names => [.. All.Keys];

    public static IReadOnlyDictionary<string, AwsSecurityFinding> All { get; } = Build();

    private static Dictionary<string, AwsSecurityFinding> Build()
    {
        var unreachable = MemberReachability.Next(null, new MemberAttempt(Member, T0, "Scheduled Event", RoleRefused), Grace);
        var again = MemberReachability.Next(unreachable, new MemberAttempt(Member, T0.AddHours(12), "Scheduled Event", null), Grace);
        var unconfirmed = MemberReachability.Next(null, new MemberAttempt(Member, T0, "CLI check --org", Throttled), Grace);
        var existing = new FindingHistory(T0, T0);
        return new Dictionary<string, AwsSecurityFinding>(StringComparer.Ordinal)
        {
            ["unreachable-role-refused"] = Builder.Build(unreachable, FindingHistory.None, Grace, "payments-prod"),
            ["reachable-again"] = Builder.Build(again, existing, Grace, "payments-prod"),
            ["unconfirmed-transient"] = Builder.Build(unconfirmed, FindingHistory.None, Grace),
        };
    }
}
