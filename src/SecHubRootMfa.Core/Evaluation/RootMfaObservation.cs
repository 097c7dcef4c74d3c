namespace SecHubRootMfa.Core.Evaluation;

/// <summary>Everything IAM said about one account's root user, read at <paramref name="ObservedAt"/>.</summary>
/// <param name="AccountId">The 12-digit account id.</param>
/// <param name="Partition">The account's partition.</param>
/// <param name="Summary">The root flags from GetAccountSummary.</param>
/// <param name="VirtualMfaDevices">All pages of ListVirtualMFADevices (any assignment status); the evaluator picks root's.</param>
/// <param name="ObservedAt">When the IAM state was read.</param>
/// <param name="RootDevices">Root's own device list from AssumeRoot + ListMFADevices; null when it was not read.</param>
/// <param name="RootDevicesError">Why the device list was asked for but could not be read; null when read or not asked for.</param>
public sealed record RootMfaObservation(
    string AccountId,
    AwsPartition Partition,
    AccountSummary Summary,
    IReadOnlyList<VirtualMfaDevice> VirtualMfaDevices,
    DateTimeOffset ObservedAt,
    RootMfaInventory? RootDevices = null,
    string? RootDevicesError = null);

/// <summary>The last console sign-in by root, from a CloudTrail <c>ConsoleLogin</c> event.</summary>
/// <param name="At">When root signed in.</param>
/// <param name="MfaUsed">Whether CloudTrail recorded MFA on the sign-in.</param>
/// <param name="MfaSerial">The device used, when CloudTrail names it.</param>
public sealed record RootSignInEvidence(DateTimeOffset At, bool MfaUsed, string? MfaSerial)
{
    /// <summary>The kind of device used, when its serial is known.</summary>
    public MfaDeviceKind? MfaKind => MfaSerial is { Length: > 0 } serial ? MfaDeviceKinds.Classify(serial) : null;

    /// <summary>The later of two sign-ins (<paramref name="a"/> on a tie); null only when both are null.</summary>
    public static RootSignInEvidence? Latest(RootSignInEvidence? a, RootSignInEvidence? b) =>
        a is null || (b is not null && b.At > a.At) ? b : a;
}
