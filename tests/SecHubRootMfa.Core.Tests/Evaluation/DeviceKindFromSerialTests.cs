using SecHubRootMfa.Core.Evaluation;
using static SecHubRootMfa.Core.Tests.Support.Observations;

namespace SecHubRootMfa.Core.Tests.Evaluation;

/// <summary>
/// Which serial numbers name a virtual or FIDO device: only IAM's own <c>mfa/</c> and <c>u2f/</c> ARNs do. A serial read
/// as the wrong kind turns a virtual device into "hardware" (a wrong PASSED) or the reverse.
/// </summary>
public sealed class DeviceKindFromSerialTests
{
    [Theory]
    [InlineData("arn:aws:sts::111122223333:mfa/root-phone")] // another service
    [InlineData("arn:aws:iam-fake::111122223333:mfa/root-phone")]
    [InlineData("arn:aws:sts::111122223333:u2f/root/YubiKey-EXAMPLE")]
    [InlineData("urn:aws:iam::111122223333:mfa/root-phone")] // not an ARN at all
    [InlineData("xarn:aws:iam::111122223333:u2f/root/YubiKey-EXAMPLE")]
    public void Classify_SerialThatIsNotAnIamArn_IsNeitherAVirtualNorAFidoDeviceOnRoot(string serial)
    {
        var kind = MfaDeviceKinds.Classify(serial);

        Assert.NotEqual(MfaDeviceKind.Virtual, kind);
        Assert.NotEqual(MfaDeviceKind.Fido, kind);
    }

    [Theory]
    [InlineData("arn:aws:iam:mfa/root-phone")]
    [InlineData("arn:aws:iam::mfa/root-phone")]
    [InlineData("arn:aws:iam")]
    public void Classify_ArnWithTooFewParts_IsUnknownNeverHardware_AndNoCrash(string serial)
    {
        // IAM's serial pattern allows colons anywhere, so a malformed answer can carry such a serial; the run must go on,
        // and a serial of no documented shape never counts toward a PASSED.
        Assert.Equal(MfaDeviceKind.Unknown, MfaDeviceKinds.Classify(serial));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void HardwareCount_DeviceWithABlankSerial_IsRefusedNeverCountedAsHardware(string serial)
    {
        // Counted as hardware, a blank serial would pass an account under Level 2 with no real hardware device.
        var inventory = new RootMfaInventory([new RootMfaDevice(serial)]);

        Assert.ThrowsAny<ArgumentException>(() => inventory.HardwareCount);
    }

    [Fact]
    public void Sorted_ListsDevicesByKindThenSerialInOrdinalOrder_WhateverOrderIamReturnedThem()
    {
        var inventory = Inventory(VirtualSerial, "GAHT99999999", FidoKey, HardwareToken, "arn:aws:iam::111122223333:mfa/a-phone");

        Assert.Equal(
            ["arn:aws:iam::111122223333:mfa/a-phone", VirtualSerial, FidoKey, HardwareToken, "GAHT99999999"],
            inventory.Sorted.Select(d => d.SerialNumber));
    }

    [Fact]
    public void Evaluate_InventoryWhoseOnlyKeyIsAU2fArnWithoutAName_IsNotAPass()
    {
        // Only a named u2f/ device is a FIDO key; a bare prefix must not turn into the hardware device that passes root.
        Assert.Equal(MfaDeviceKind.Unknown, MfaDeviceKinds.Classify("arn:aws:iam::111122223333:u2f/", Account));
        var e = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), inventory: Inventory("arn:aws:iam::111122223333:u2f/")), PolicyProfile.Level2);

        Assert.Equal(ComplianceStatus.NotAvailable, e.Status);
        Assert.Equal(0, e.Inventory!.HardwareCount);
    }
}
