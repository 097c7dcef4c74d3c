using SecHubRootMfa.Core.Evaluation;
using static SecHubRootMfa.Core.Tests.Support.Observations;

namespace SecHubRootMfa.Core.Tests.Evaluation;

/// <summary>
/// IAM's answers can be incomplete (a missing summary key) or disagree with each other while IAM catches up: the verdict
/// then rests on what is proven, or is NOT_AVAILABLE with a cause an analyst can act on, never a guessed PASSED or FAILED.
/// </summary>
public sealed class VerdictOnIncompleteOrContradictoryIamTests
{
    [Fact]
    public void Evaluate_InventoryShowsAHardwareTokenAndTheSummaryLacksTheMfaFlag_PassesOnTheInventory()
    {
        var e = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: null), inventory: Inventory(HardwareToken)), PolicyProfile.Level2);

        Assert.Equal((ComplianceStatus.Passed, ReasonCode.HardwareMfa), (e.Status, e.Reason));
    }

    [Fact]
    public void Evaluate_VirtualDeviceAssignedToRootWhileTheInventoryIsEmptyAndTheFlagIsOff_IsNotAvailableNamingTheContradiction()
    {
        // ListVirtualMFADevices still shows the assignment, ListMFADevices and the summary already show none: IAM is catching up.
        var e = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0), [RootVirtual("phone")], inventory: Inventory()), PolicyProfile.Level2);

        Assert.Equal((ComplianceStatus.NotAvailable, ReasonCode.EvaluationError), (e.Status, e.Reason));
        Assert.Contains("AccountMFAEnabled=0", e.ErrorCause, StringComparison.Ordinal);
        Assert.Contains("1 virtual", e.ErrorCause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "AccountMFAEnabled=0")]
    [InlineData(null, "AccountMFAEnabled=unknown")]
    public void Evaluate_Level1VirtualDeviceOnRootWithoutTheMfaFlag_SaysWhichFlagDisagrees(int? mfa, string expected)
    {
        var e = RootMfaEvaluator.Evaluate(Observe(Summary(mfa), [RootVirtual("phone")]), PolicyProfile.Level1);

        Assert.Equal(ComplianceStatus.NotAvailable, e.Status);
        Assert.Contains("virtual MFA device on root", e.ErrorCause, StringComparison.Ordinal);
        Assert.Contains(expected, e.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_GovCloudObservationWithAMalformedAccountId_IsRefusedNotGivenAVerdict()
    {
        Assert.Throws<ArgumentException>(() =>
            RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0), partition: AwsPartition.GovCloud, account: "12345"), PolicyProfile.Level2));
    }

    [Fact]
    public void Unavailable_MalformedAccountId_IsRefusedNotGivenAVerdict()
    {
        Assert.Throws<ArgumentException>(() =>
            RootMfaEvaluator.Unavailable("12345", AwsPartition.Aws, PolicyProfile.Level2, "AccessDenied", ReadAt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Unavailable_WithoutACause_IsRefused_SoNoNotAvailableFindingLeavesTheAnalystWithoutAReason(string cause)
    {
        Assert.ThrowsAny<ArgumentException>(() =>
            RootMfaEvaluator.Unavailable(Account, AwsPartition.Aws, PolicyProfile.Level2, cause, ReadAt));
    }
}
