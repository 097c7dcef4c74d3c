using SecHubRootMfa.Core.Evaluation;
using static SecHubRootMfa.Core.Tests.Support.Observations;

namespace SecHubRootMfa.Core.Tests.Evaluation;

public class RootMfaEvaluatorTests
{
    [Fact]
    public void Evaluate_GovCloudAccount_IsNotAvailableBecauseThereIsNoUsableRoot()
    {
        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0), partition: AwsPartition.GovCloud), PolicyProfile.Level2);

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal(SeverityLabel.Informational, result.Severity);
        Assert.Equal(ReasonCode.RootNotApplicableGovCloud, result.Reason);
    }

    [Fact]
    public void Evaluate_MfaOnWithoutVirtualDeviceOnRoot_PassesAsHardware()
    {
        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2);

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(SeverityLabel.Informational, result.Severity);
        Assert.Equal(ReasonCode.HardwareMfa, result.Reason);
        Assert.Empty(result.RootVirtualMfaSerials);
    }

    [Fact]
    public void Evaluate_VirtualDeviceAssignedToRoot_FailsHighUnderLevel2()
    {
        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), [RootVirtual("root-account-mfa-device")]), PolicyProfile.Level2);

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(SeverityLabel.High, result.Severity);
        Assert.Equal(ReasonCode.VirtualMfaOnRoot, result.Reason);
        Assert.Equal(["arn:aws:iam::111122223333:mfa/root-account-mfa-device"], result.RootVirtualMfaSerials);
    }

    [Fact]
    public void Evaluate_VirtualDeviceAssignedToRoot_PassesUnderLevel1()
    {
        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), [RootVirtual("phone")]), PolicyProfile.Level1);

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(SeverityLabel.Informational, result.Severity);
        Assert.Equal(ReasonCode.Level1VirtualMfaAccepted, result.Reason);
        Assert.Single(result.RootVirtualMfaSerials);
    }

    [Fact]
    public void Evaluate_MfaOffAndNoRootCredentials_PassesBecauseRootCannotSignIn()
    {
        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0, password: 0, keys: 0, certs: 0)), PolicyProfile.Level2);

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(ReasonCode.RootCredentialsAbsent, result.Reason);
    }

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(0, 1, 0)]
    [InlineData(0, 0, 1)]
    [InlineData(null, 0, 0)]
    [InlineData(0, null, 0)]
    [InlineData(0, 0, null)]
    public void Evaluate_MfaOffWithCredentialsPresentOrUnknown_FailsCritical(int? password, int? keys, int? certs)
    {
        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0, password, keys, certs)), PolicyProfile.Level2);

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(SeverityLabel.Critical, result.Severity);
        Assert.Equal(ReasonCode.NoRootMfa, result.Reason);
    }

    [Fact]
    public void Evaluate_MfaOffUnderLevel1_StillFailsCritical()
    {
        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0)), PolicyProfile.Level1);

        Assert.Equal(ReasonCode.NoRootMfa, result.Reason);
        Assert.Equal(ComplianceStatus.Failed, result.Status);
    }

    [Fact]
    public void Evaluate_MfaFlagMissing_IsNotAvailableNeverPassed()
    {
        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: null, password: 0, keys: 0, certs: 0)), PolicyProfile.Level2);

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal(ReasonCode.EvaluationError, result.Reason);
        Assert.Contains("AccountMFAEnabled", result.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_VirtualOnRootButMfaFlagOffUnderLevel1_IsNotAvailableNotPassed()
    {
        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0), [RootVirtual("phone")]), PolicyProfile.Level1);

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal(ReasonCode.EvaluationError, result.Reason);
    }

    [Fact]
    public void Evaluate_VirtualOnRootWithMfaFlagMissingUnderLevel2_FailsOnTheAssignmentAlone()
    {
        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: null), [RootVirtual("phone")]), PolicyProfile.Level2);

        Assert.Equal(ReasonCode.VirtualMfaOnRoot, result.Reason);
    }

    [Fact]
    public void Evaluate_DeviceNamedRootButAssignedToAUser_DoesNotCountAsRoots()
    {
        var devices = new[] { UserVirtual("alice", "root"), UserVirtual("rootadmin", "root-mfa"), UserVirtual("root", "x") };

        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), devices), PolicyProfile.Level2);

        Assert.Equal(ReasonCode.HardwareMfa, result.Reason);
        Assert.Empty(result.RootVirtualMfaSerials);
    }

    [Fact]
    public void Evaluate_UnassignedVirtualDevices_AreIgnored()
    {
        var devices = new[] { Unassigned("root-account-mfa-device"), Unassigned("spare") };

        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), devices), PolicyProfile.Level2);

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(ReasonCode.HardwareMfa, result.Reason);
    }

    [Fact]
    public void Evaluate_CustomNamedVirtualDeviceOnRoot_IsFoundByAssignmentNotName()
    {
        var result = RootMfaEvaluator.Evaluate(
            Observe(Summary(mfa: 1), [RootVirtual("Yubico-looking-name-but-virtual"), UserVirtual("bob", "root-account-mfa-device")]),
            PolicyProfile.Level2);

        Assert.Equal(ReasonCode.VirtualMfaOnRoot, result.Reason);
        Assert.Equal(["arn:aws:iam::111122223333:mfa/Yubico-looking-name-but-virtual"], result.RootVirtualMfaSerials);
    }

    [Fact]
    public void Evaluate_RootOfAnotherAccount_IsNotThisAccountsRoot()
    {
        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), [RootVirtual("phone", account: "444455556666")]), PolicyProfile.Level2);

        Assert.Equal(ReasonCode.HardwareMfa, result.Reason);
    }

    [Fact]
    public void Evaluate_SeveralVirtualDevicesOnRoot_ListsEverySerialSortedOnce()
    {
        var devices = new[] { RootVirtual("zeta"), RootVirtual("alpha"), RootVirtual("alpha"), UserVirtual("carol", "beta") };

        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), devices), PolicyProfile.Level2);

        Assert.Equal(
            ["arn:aws:iam::111122223333:mfa/alpha", "arn:aws:iam::111122223333:mfa/zeta"],
            result.RootVirtualMfaSerials);
    }

    [Fact]
    public void Evaluate_RootDeviceOnTheLastOfSeveralPages_IsFound()
    {
        // ListVirtualMFADevices returns at most 1000 a page; the caller concatenates every page before evaluating.
        var pages = Enumerable.Range(0, 3).Select(p => Enumerable.Range(0, 100).Select(i => UserVirtual($"user{p}-{i}", $"dev{p}-{i}")));
        var devices = pages.SelectMany(p => p).Append(RootVirtual("last-page"));

        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), devices), PolicyProfile.Level2);

        Assert.Equal(["arn:aws:iam::111122223333:mfa/last-page"], result.RootVirtualMfaSerials);
    }

    [Fact]
    public void Evaluate_ChinaPartition_MatchesRootByItsOwnPartitionArn()
    {
        var cn = AwsPartition.China;
        var result = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), [RootVirtual("phone", cn)], cn), PolicyProfile.Level2);

        Assert.Equal(ReasonCode.VirtualMfaOnRoot, result.Reason);
        Assert.Equal(["arn:aws-cn:iam::111122223333:mfa/phone"], result.RootVirtualMfaSerials);
    }

    [Fact]
    public void Evaluate_CommercialArnInChinaAccount_IsNotRoots()
    {
        var result = RootMfaEvaluator.Evaluate(
            Observe(Summary(mfa: 1), [RootVirtual("phone", AwsPartition.Aws)], AwsPartition.China), PolicyProfile.Level2);

        Assert.Equal(ReasonCode.HardwareMfa, result.Reason);
    }

    [Fact]
    public void Unavailable_CarriesTheCauseAndNeverPasses()
    {
        var result = RootMfaEvaluator.Unavailable(Account, AwsPartition.Aws, PolicyProfile.Level2,
            "AccessDenied: not authorized to perform iam:GetAccountSummary", ReadAt);

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal(ReasonCode.EvaluationError, result.Reason);
        Assert.Null(result.Summary);
        Assert.StartsWith("AccessDenied", result.ErrorCause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11112222333")]
    [InlineData("1111222233334")]
    [InlineData("11112222333a")]
    [InlineData("")]
    public void Evaluate_MalformedAccountId_IsRejected(string account)
    {
        Assert.Throws<ArgumentException>(() =>
            RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), account: account), PolicyProfile.Level2));
    }
}
