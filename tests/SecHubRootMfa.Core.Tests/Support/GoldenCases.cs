using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using static SecHubRootMfa.Core.Tests.Support.Observations;

namespace SecHubRootMfa.Core.Tests.Support;

/// <summary>One finding per reason code, built from fixed inputs: the source of the golden files.</summary>
internal static class GoldenCases
{
    public static readonly DeploymentContext Context = new("eu-west-1", "999988887777", "0.1.0");

    public static readonly FindingHistory Existing = new(
        new DateTimeOffset(2026, 1, 15, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 15, 8, 0, 0, TimeSpan.Zero));

    public static TheoryData<string> Names => [.. All.Keys];

    public static IReadOnlyDictionary<string, AwsSecurityFinding> All { get; } = Build();

    private static Dictionary<string, AwsSecurityFinding> Build()
    {
        var builder = new RootMfaFindingBuilder(Context);
        AwsSecurityFinding Make(RootMfaEvaluation e, FindingHistory? h = null, RootSignInEvidence? signIn = null, string trigger = "Scheduled Event") =>
            builder.Build(e, h ?? FindingHistory.None, trigger, signIn);

        return new Dictionary<string, AwsSecurityFinding>(StringComparer.Ordinal)
        {
            ["hardware-mfa"] = Make(
                RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2),
                Existing,
                new RootSignInEvidence(new DateTimeOffset(2026, 11, 27, 22, 15, 3, TimeSpan.Zero), true,
                    "arn:aws:iam::111122223333:u2f/root/YubiKey-EXAMPLE"),
                "ConsoleLogin"),
            ["virtual-mfa-on-root"] = Make(
                RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), [RootVirtual("root-account-mfa-device"), RootVirtual("backup-phone")]), PolicyProfile.Level2),
                trigger: "EnableMFADevice"),
            ["level1-virtual-mfa-accepted"] = Make(
                RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), [RootVirtual("root-account-mfa-device")]), PolicyProfile.Level1)),
            ["root-credentials-absent"] = Make(
                RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0, password: 0, keys: 0, certs: 0)), PolicyProfile.Level2)),
            ["no-root-mfa"] = Make(
                RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0, password: 1, keys: 0, certs: null)), PolicyProfile.Level2),
                Existing,
                new RootSignInEvidence(new DateTimeOffset(2026, 11, 28, 3, 58, 41, TimeSpan.Zero), false, null),
                "ConsoleLogin"),
            ["evaluation-error"] = Make(
                RootMfaEvaluator.Unavailable(Account, AwsPartition.Aws, PolicyProfile.Level2,
                    "AccessDenied: the evaluating role is not authorized to perform iam:ListVirtualMFADevices (request 4a1b2c3d-EXAMPLE).",
                    ReadAt)),
            ["hardware-mfa-with-virtual"] = Make(
                RootMfaEvaluator.Evaluate(
                    Observe(Summary(mfa: 1), [RootVirtual("backup-phone")], inventory: Inventory(HardwareToken, FidoKey, VirtualSerial)),
                    PolicyProfile.Level2, MfaPolicyMode.AtLeastOneHardware)),
            ["strict-virtual-beside-hardware"] = Make(
                RootMfaEvaluator.Evaluate(
                    Observe(Summary(mfa: 1), [RootVirtual("backup-phone")], inventory: Inventory(HardwareToken, VirtualSerial)),
                    PolicyProfile.Level2)),
            // The longest outbox the builder keeps (16 transitions with the longest reason) and a missing inventory:
            // the change-event bookkeeping must stay inside ASFF's ProductFields limits.
            ["pending-changes-inventory-unavailable"] = builder.Build(
                RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), [RootVirtual("root-account-mfa-device")]), PolicyProfile.Level2) with
                {
                    InventoryError = "sts:AssumeRoot failed: AccessDenied: centralized root access is not enabled for this organization (request 7a62c49f-EXAMPLE).",
                },
                Existing, "EnableMFADevice", null,
                new FindingBookkeeping("5f0c3e7a9b2d4c6e8f1a3b5c7d9e0f12",
                    [.. Enumerable.Range(0, ChangeOutbox.Capacity).Select(i => new PendingChange(
                        i % 2 == 0 ? ComplianceStatus.NotAvailable : ComplianceStatus.Passed,
                        i % 2 == 0 ? ComplianceStatus.Passed : ComplianceStatus.NotAvailable,
                        i % 2 == 0 ? ReasonCode.Level1VirtualMfaAccepted : ReasonCode.RootNotApplicableGovCloud,
                        ReadAt.AddMinutes(i - ChangeOutbox.Capacity), ReadAt.AddMinutes(i - ChangeOutbox.Capacity - 1)))],
                    ChangesDropped: 3)),
            ["govcloud-not-applicable"] = new RootMfaFindingBuilder(new DeploymentContext("us-gov-west-1", "999988887777", "0.1.0")).Build(
                RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0), partition: AwsPartition.GovCloud), PolicyProfile.Level2),
                FindingHistory.None, "Scheduled Event"),
            ["org-member-named"] = new RootMfaFindingBuilder(new DeploymentContext("eu-west-1", Account, "0.1.0") { AccountName = "payments-prod" }).Build(
                RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), [RootVirtual("root-account-mfa-device")]), PolicyProfile.Level2),
                FindingHistory.None, "CLI check --org"),
            // A scheduled run that found the trail stopped: the verdict is unchanged, the event path says it is blind.
            ["event-path-blind"] = builder.Build(
                RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2),
                Existing, "Scheduled Event", null, null,
                Core.EventPath.EventPathHealth.Of(Core.EventPath.EventPathStatus.Blind,
                    "trail management-events is not logging (stopped); 3 EventBridge rule(s) enabled", ReadAt)),
        };
    }
}
