using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Tests.Support;
using static SecHubRootMfa.Core.Tests.Support.Observations;

namespace SecHubRootMfa.Core.Tests.Findings;

/// <summary>What the analyst reads in Security Hub: the reason names every device it rests on, in words that fit the case.</summary>
public sealed class EvidenceInTheFindingTests
{
    private const string PhoneA = "arn:aws:iam::111122223333:mfa/a-phone";
    private const string PhoneB = "arn:aws:iam::111122223333:mfa/b-phone";
    private static readonly RootMfaFindingBuilder Builder = new(GoldenCases.Context);

    private static AwsSecurityFinding Build(RootMfaEvaluation e) => Builder.Build(e, FindingHistory.None, "Scheduled Event");

    private static string Reason(AwsSecurityFinding f) => Assert.Single(f.Compliance!.StatusReasons!).Description!;

    public static TheoryData<string, PolicyProfile, MfaPolicyMode, string[]> TwoVirtualDevices => new()
    {
        { "HARDWARE_MFA_WITH_VIRTUAL", PolicyProfile.Level2, MfaPolicyMode.AtLeastOneHardware, [HardwareToken, PhoneA, PhoneB] },
        { "VIRTUAL_MFA_ON_ROOT", PolicyProfile.Level2, MfaPolicyMode.Strict, [HardwareToken, PhoneA, PhoneB] },
        { "VIRTUAL_MFA_ON_ROOT", PolicyProfile.Level2, MfaPolicyMode.Strict, [PhoneA, PhoneB] },
        { "LEVEL1_VIRTUAL_MFA_ACCEPTED", PolicyProfile.Level1, MfaPolicyMode.Strict, [PhoneA, PhoneB] },
    };

    [Theory]
    [MemberData(nameof(TwoVirtualDevices))]
    public void Reason_TwoVirtualDevicesOnRoot_AreBothNamedAsASeparatedList(string reason, PolicyProfile profile, MfaPolicyMode mode, string[] inventory)
    {
        var f = Build(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), inventory: Inventory(inventory)), profile, mode));

        Assert.Equal(reason, f.Compliance!.StatusReasons![0].ReasonCode);
        Assert.EndsWith($"{PhoneA}, {PhoneB}", Reason(f), StringComparison.Ordinal);
    }

    [Fact]
    public void Reason_StrictWithOnlyVirtualDevicesInTheInventory_SaysLevel2NeedsHardwareAndNamesNoHardwareBesideThem()
    {
        var f = Build(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), inventory: Inventory(PhoneA)), PolicyProfile.Level2));

        Assert.StartsWith("1 virtual MFA device(s) assigned to arn:aws:iam::111122223333:root; Level 2 requires a hardware", Reason(f),
            StringComparison.Ordinal);
        Assert.DoesNotContain("beside", Reason(f), StringComparison.Ordinal);
    }

    [Fact]
    public void Reason_StrictWithHardwareBesideTheVirtualDevice_SaysHowManyHardwareDevicesWereSeen()
    {
        var f = Build(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), inventory: Inventory(HardwareToken, FidoKey, PhoneA)), PolicyProfile.Level2));

        Assert.StartsWith("1 virtual MFA device(s) on arn:aws:iam::111122223333:root beside 2 hardware or FIDO device(s)", Reason(f),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Description_EmptyInventory_SaysRootHasNoDeviceInWords()
    {
        var f = Build(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0), inventory: Inventory()), PolicyProfile.Level2));

        Assert.Contains("Root MFA devices (AssumeRoot inventory, 0): none.", f.Description, StringComparison.Ordinal);
        Assert.Equal("0", f.ProductFields!["SecHubRootMfa/RootMfaDeviceCount"]);
        Assert.DoesNotContain("SecHubRootMfa/RootMfaDevices", f.ProductFields.Keys); // never an empty value
    }

    [Fact]
    public void Outbox_RecordsTheMillisecondTheFindingShowsAsLastObservedAt()
    {
        // IAM read 0.7 ms into a millisecond: the finding shows the millisecond it started in, and so must the change event.
        var readAt = ReadAt.AddTicks(7_000);
        var evaluation = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0)) with { ObservedAt = readAt }, PolicyProfile.Level2);

        var change = Assert.Single(ChangeOutbox.Advance([], ComplianceStatus.Passed, ReadAt.AddDays(-1).AddTicks(5_000), evaluation, out _));
        var finding = Build(evaluation);

        Assert.Equal(finding.LastObservedAt, RootMfaFindingBuilder.Timestamp(change.ObservedAt));
        Assert.Equal(ReadAt, change.ObservedAt);
        Assert.Equal(ReadAt.AddDays(-1), change.Since);
    }
}
