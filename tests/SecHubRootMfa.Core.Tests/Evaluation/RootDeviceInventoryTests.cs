using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using static SecHubRootMfa.Core.Tests.Support.Observations;

namespace SecHubRootMfa.Core.Tests.Evaluation;

/// <summary>Evaluation with root's own device list (AssumeRoot + ListMFADevices) and the two Level 2 policy modes.</summary>
public sealed class RootDeviceInventoryTests
{
    [Fact]
    public void Evaluate_StrictWithHardwareBesideVirtual_FailsOnTheVirtualDevice()
    {
        var e = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), inventory: Inventory(HardwareToken, VirtualSerial)), PolicyProfile.Level2);

        Assert.Equal(ComplianceStatus.Failed, e.Status);
        Assert.Equal(ReasonCode.VirtualMfaOnRoot, e.Reason);
        Assert.Equal([VirtualSerial], e.RootVirtualMfaSerials);
    }

    [Fact]
    public void Evaluate_AtLeastOneHardwareWithHardwareBesideVirtual_Passes()
    {
        var e = RootMfaEvaluator.Evaluate(
            Observe(Summary(mfa: 1), inventory: Inventory(VirtualSerial, FidoKey)), PolicyProfile.Level2, MfaPolicyMode.AtLeastOneHardware);

        Assert.Equal(ComplianceStatus.Passed, e.Status);
        Assert.Equal(ReasonCode.HardwareMfaWithVirtual, e.Reason);
        Assert.Equal(MfaPolicyMode.AtLeastOneHardware, e.Mode);
    }

    [Fact]
    public void Evaluate_AtLeastOneHardwareWithOnlyVirtualDevices_Fails()
    {
        var e = RootMfaEvaluator.Evaluate(
            Observe(Summary(mfa: 1), inventory: Inventory(VirtualSerial)), PolicyProfile.Level2, MfaPolicyMode.AtLeastOneHardware);

        Assert.Equal(ComplianceStatus.Failed, e.Status);
        Assert.Equal(ReasonCode.VirtualMfaOnRoot, e.Reason);
    }

    [Fact]
    public void Evaluate_AtLeastOneHardwareWithoutInventory_JudgesLikeStrict()
    {
        var e = RootMfaEvaluator.Evaluate(
            Observe(Summary(mfa: 1), [RootVirtual("root-phone")]), PolicyProfile.Level2, MfaPolicyMode.AtLeastOneHardware);

        Assert.Equal(ComplianceStatus.Failed, e.Status);
        Assert.Equal(ReasonCode.VirtualMfaOnRoot, e.Reason);
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:sms-mfa/root")]
    [InlineData("arn:aws:iam::111122223333:mfa-like/x")]
    [InlineData("arn:aws:iam::444455556666:u2f/root/someone-elses-key")]
    [InlineData("GAHT-1234:5678")]
    public void Evaluate_AtLeastOneHardwareWithAnUnknownDeviceBesideVirtual_StillFails(string unknown)
    {
        var e = RootMfaEvaluator.Evaluate(
            Observe(Summary(mfa: 1), inventory: Inventory(VirtualSerial, unknown)), PolicyProfile.Level2, MfaPolicyMode.AtLeastOneHardware);

        Assert.Equal(ComplianceStatus.Failed, e.Status);
        Assert.Equal(ReasonCode.VirtualMfaOnRoot, e.Reason);
        Assert.Equal(0, e.Inventory!.HardwareCount);
        Assert.Equal([unknown], e.Inventory.Unknown.Select(d => d.SerialNumber));
    }

    [Fact]
    public void Evaluate_InventoryWithOnlyUnknownDevices_IsNeverAPass()
    {
        var e = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), inventory: Inventory("arn:aws:iam::111122223333:sms-mfa/root")), PolicyProfile.Level2);

        Assert.Equal(ComplianceStatus.NotAvailable, e.Status);
        Assert.Equal(ReasonCode.EvaluationError, e.Reason);
        Assert.Contains("arn:aws:iam::111122223333:sms-mfa/root", e.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SeveralUnknownDevices_TheCauseCountsThemSaysWhyNoneCountsAndNamesEachApart()
    {
        // The cause is all an analyst gets on this NOT_AVAILABLE: which devices, how many, and why none of them counts.
        var e = RootMfaEvaluator.Evaluate(
            Observe(Summary(mfa: 1), inventory: Inventory("arn:aws:iam::111122223333:sms-mfa/root", "GAHT-1234:5678")), PolicyProfile.Level2);

        Assert.Equal(
            "ListMFADevices under root credentials lists 2 MFA device(s) of a kind this product does not recognise "
            + "(neither a virtual mfa/ ARN, a FIDO u2f/ ARN nor a hardware TOTP serial), and no hardware or FIDO device: "
            + "GAHT-1234:5678, arn:aws:iam::111122223333:sms-mfa/root", // ordinal order, whatever order IAM listed them in
            e.ErrorCause);
    }

    [Fact]
    public void Build_UnknownDevice_IsNamedInTheFindingAndCounted()
    {
        var e = RootMfaEvaluator.Evaluate(
            Observe(Summary(mfa: 1), inventory: Inventory(HardwareToken, "arn:aws:iam::111122223333:sms-mfa/root")), PolicyProfile.Level2);

        var finding = new RootMfaFindingBuilder(new DeploymentContext("eu-west-1", Account)).Build(e, FindingHistory.None, "Scheduled Event");

        Assert.Equal(ComplianceStatus.Passed, e.Status);
        Assert.Equal("1", finding.ProductFields!["SecHubRootMfa/RootHardwareMfaCount"]);
        Assert.Equal("1", finding.ProductFields["SecHubRootMfa/RootUnknownMfaCount"]);
        Assert.Contains("unknown:arn:aws:iam::111122223333:sms-mfa/root", finding.ProductFields["SecHubRootMfa/RootMfaDevices"], StringComparison.Ordinal);
        Assert.Contains("unknown arn:aws:iam::111122223333:sms-mfa/root", finding.Description, StringComparison.Ordinal);
        Assert.Contains("1 of them of unknown kind, never counted as hardware", finding.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_InventoryWithOnlyHardwareDevices_PassesAsHardwareMfa()
    {
        var e = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), inventory: Inventory(HardwareToken, FidoKey)), PolicyProfile.Level2);

        Assert.Equal(ComplianceStatus.Passed, e.Status);
        Assert.Equal(ReasonCode.HardwareMfa, e.Reason);
        Assert.Equal(2, e.Inventory!.HardwareCount);
    }

    [Fact]
    public void Evaluate_InventoryListsDevicesButSummarySaysNoMfa_IsAnEvaluationErrorNotAPass()
    {
        var e = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0), inventory: Inventory(HardwareToken)), PolicyProfile.Level2);

        Assert.Equal(ComplianceStatus.NotAvailable, e.Status);
        Assert.Equal(ReasonCode.EvaluationError, e.Reason);
        Assert.Contains("AccountMFAEnabled=0", e.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SummarySaysMfaButInventoryIsEmpty_IsAnEvaluationErrorNotAPass()
    {
        var e = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), inventory: Inventory()), PolicyProfile.Level2);

        Assert.Equal(ComplianceStatus.NotAvailable, e.Status);
        Assert.Contains("lists no device", e.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_EmptyInventoryAndNoMfa_FailsAsNoRootMfa()
    {
        var e = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0, password: 1), inventory: Inventory()), PolicyProfile.Level2);

        Assert.Equal(ReasonCode.NoRootMfa, e.Reason);
    }

    [Fact]
    public void Build_WithInventory_PutsEveryDeviceAndItsKindInTheEvidence()
    {
        var e = RootMfaEvaluator.Evaluate(
            Observe(Summary(mfa: 1), inventory: Inventory(VirtualSerial, HardwareToken, FidoKey)), PolicyProfile.Level2, MfaPolicyMode.AtLeastOneHardware);

        var f = new RootMfaFindingBuilder(new DeploymentContext("eu-west-1", Account)).Build(e, FindingHistory.None, "Scheduled Event");

        Assert.Equal($"fido:{FidoKey},hardware-totp:{HardwareToken},virtual:{VirtualSerial}".Split(',').Order(StringComparer.Ordinal),
            f.ProductFields!["SecHubRootMfa/RootMfaDevices"].Split(',').Order(StringComparer.Ordinal));
        Assert.Equal("3", f.ProductFields["SecHubRootMfa/RootMfaDeviceCount"]);
        Assert.Equal("2", f.ProductFields["SecHubRootMfa/RootHardwareMfaCount"]);
        Assert.Equal("at-least-one-hardware", f.ProductFields["SecHubRootMfa/PolicyMode"]);
        Assert.Contains($"hardware-totp {HardwareToken}", f.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InventoryOfEightLongSerials_StaysWithinAsffLimitsAndKeepsTheVerdict()
    {
        var serials = Enumerable.Range(0, 8).Select(i => $"arn:aws:iam::111122223333:mfa/{new string((char)('a' + i), 400)}").ToArray();
        var e = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), inventory: Inventory(serials)), PolicyProfile.Level2);

        var f = new RootMfaFindingBuilder(new DeploymentContext("eu-west-1", Account)).Build(e, FindingHistory.None, "Scheduled Event");

        Assert.True(f.Description!.Length <= AsffLimits.Description);
        Assert.StartsWith("Account 111122223333, profile Level2, status FAILED (VIRTUAL_MFA_ON_ROOT).", f.Description, StringComparison.Ordinal);
        Assert.All(f.ProductFields!.Values, v => Assert.True(v.Length <= AsffLimits.ProductFieldValue));
    }

    [Theory]
    [InlineData("strict", MfaPolicyMode.Strict)]
    [InlineData("AT-LEAST-ONE-HARDWARE", MfaPolicyMode.AtLeastOneHardware)]
    public void TryParse_DocumentedSpellings_AreAccepted(string value, MfaPolicyMode expected)
    {
        Assert.True(MfaPolicyModes.TryParse(value, out var mode));
        Assert.Equal(expected, mode);
    }

    [Fact]
    public void TryParse_UnknownMode_IsRejected()
    {
        Assert.False(MfaPolicyModes.TryParse("lenient", out _));
    }
}
