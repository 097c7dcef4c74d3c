using SecHubRootMfa.Bench.Micro.Stubs;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Bench.Micro;

/// <summary>
/// One account as the canned IAM samples describe it (tests/SecHubRootMfa.Aws.Tests/Payloads): MFA enabled, a password,
/// two virtual devices of which one is root's, so Level 2 fails it with the full evidence path.
/// </summary>
internal static class Scenario
{
    public const string AccountId = "111122223333";
    public const string Region = "us-east-1";
    public const string FunctionArn = $"arn:aws:lambda:{Region}:{AccountId}:function:sechubrootmfa";

    public static DeploymentContext Deployment { get; } = new(Region, AccountId);

    public static RootMfaObservation Observation()
    {
        var partition = Deployment.Partition;
        var summary = AccountSummary.FromSummaryMap(new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [AccountSummary.MfaEnabledKey] = 1,
            [AccountSummary.PasswordPresentKey] = 1,
            [AccountSummary.AccessKeysPresentKey] = 0,
            [AccountSummary.SigningCertificatesPresentKey] = 0,
        });
        return new RootMfaObservation(AccountId, partition, summary,
        [
            new VirtualMfaDevice($"arn:aws:iam::{AccountId}:mfa/MFAdeviceName", null),
            new VirtualMfaDevice($"arn:aws:iam::{AccountId}:mfa/RootMFAdeviceName", partition.RootUserArn(AccountId),
                new DateTimeOffset(2011, 10, 20, 20, 49, 3, TimeSpan.Zero)),
        ], new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero));
    }

    /// <summary>The check service over hand-written stub ports; <paramref name="existing"/> is what Security Hub holds.</summary>
    public static RootMfaCheckService Service(ExistingFinding? existing) =>
        new(new FixedStateSource(Observation()), new InMemoryFindingStore(existing), new AcceptingPublisher(),
            new RootMfaFindingBuilder(Deployment), Deployment, new CheckOptions(), TimeProvider.System, new SilentCheckLog());

    /// <summary>The finding a previous scheduled run left: same status, so no change event.</summary>
    public static ExistingFinding Unchanged { get; } = new(
        new FindingHistory(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)),
        ComplianceStatus.Failed, null);

    public static byte[] Event(string file) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Events", file));
}
