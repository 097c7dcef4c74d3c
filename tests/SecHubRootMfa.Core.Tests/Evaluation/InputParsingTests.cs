using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.Tests.Evaluation;

public class InputParsingTests
{
    [Fact]
    public void FromSummaryMap_MissingKeys_AreUnknownNotAbsent()
    {
        var summary = AccountSummary.FromSummaryMap(new Dictionary<string, int> { ["Users"] = 4 });

        Assert.Equal(new AccountSummary(null, null, null, null), summary);
    }

    [Fact]
    public void FromSummaryMap_ZeroAndOne_AreFalseAndTrue()
    {
        var summary = AccountSummary.FromSummaryMap(new Dictionary<string, int>
        {
            ["AccountMFAEnabled"] = 1,
            ["AccountPasswordPresent"] = 0,
            ["AccountAccessKeysPresent"] = 1,
            ["AccountSigningCertificatesPresent"] = 0,
        });

        Assert.Equal(new AccountSummary(true, false, true, false), summary);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    public void FromSummaryMap_ValueOtherThanZeroOrOne_IsMalformedAndNamesTheKey(int value)
    {
        var ex = Assert.Throws<MalformedIamDataException>(() =>
            AccountSummary.FromSummaryMap(new Dictionary<string, int> { ["AccountMFAEnabled"] = value }));

        Assert.Contains("AccountMFAEnabled", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("us-east-1", "aws")]
    [InlineData("eu-west-1", "aws")]
    [InlineData("cn-north-1", "aws-cn")]
    [InlineData("cn-northwest-1", "aws-cn")]
    [InlineData("us-gov-west-1", "aws-us-gov")]
    public void ForRegion_MapsRegionsToTheirPartition(string region, string partition)
    {
        Assert.Equal(partition, AwsPartition.ForRegion(region).Name);
    }

    [Theory]
    [InlineData("EU-WEST-1")]
    [InlineData("eu-west")]
    [InlineData("eu_west_1")]
    [InlineData("us-iso-east-1")]
    [InlineData("https://evil")]
    public void ForRegion_RejectsWhatIsNotASupportedRegion(string region)
    {
        Assert.Throws<ArgumentException>(() => AwsPartition.ForRegion(region));
    }

    [Fact]
    public void Parse_UnknownPartition_SaysWhichAreSupported()
    {
        var ex = Assert.Throws<ArgumentException>(() => AwsPartition.Parse("aws-iso"));

        Assert.Contains("aws-us-gov", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aws", "arn:aws:iam::111122223333:root")]
    [InlineData("aws-cn", "arn:aws-cn:iam::111122223333:root")]
    [InlineData("aws-us-gov", "arn:aws-us-gov:iam::111122223333:root")]
    public void RootUserArn_UsesThePartition(string partition, string arn)
    {
        Assert.Equal(arn, AwsPartition.Parse(partition).RootUserArn("111122223333"));
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:mfa/root-account-mfa-device", MfaDeviceKind.Virtual)]
    [InlineData("arn:aws-cn:iam::111122223333:mfa/phone", MfaDeviceKind.Virtual)]
    [InlineData("arn:aws:iam::111122223333:u2f/root/YubiKey-EXAMPLE", MfaDeviceKind.Fido)]
    // Read as unknown, a FIDO key in China or GovCloud would never count as hardware: a compliant root would be
    // reported NOT_AVAILABLE, or FAILED beside a virtual device under at-least-one-hardware.
    [InlineData("arn:aws-cn:iam::111122223333:u2f/root/YubiKey-EXAMPLE", MfaDeviceKind.Fido)]
    [InlineData("arn:aws-us-gov:iam::111122223333:u2f/root/YubiKey-EXAMPLE", MfaDeviceKind.Fido)]
    [InlineData("arn:aws-us-gov:iam::111122223333:mfa/phone", MfaDeviceKind.Virtual)]
    [InlineData("arn:aws-iso:iam::111122223333:u2f/root/YubiKey-EXAMPLE", MfaDeviceKind.Unknown)]
    [InlineData("GAHT12345678", MfaDeviceKind.HardwareTotp)]
    [InlineData("GALT98765432", MfaDeviceKind.HardwareTotp)]
    [InlineData("arn:aws:iam::111122223333:mfa-like/x", MfaDeviceKind.Unknown)]
    [InlineData("arn:aws:iam::111122223333:sms-mfa/root", MfaDeviceKind.Unknown)]
    [InlineData("arn:aws:iam::111122223333:mfa/", MfaDeviceKind.Unknown)]
    [InlineData("arn:aws:iam::1111:mfa/phone", MfaDeviceKind.Unknown)]
    [InlineData("arn:aws-iso:iam::111122223333:mfa/phone", MfaDeviceKind.Unknown)]
    [InlineData("arn:aws:sts::111122223333:mfa/phone", MfaDeviceKind.Unknown)]
    [InlineData("GAHT-1234:5678", MfaDeviceKind.Unknown)]
    [InlineData("token/12345678", MfaDeviceKind.Unknown)]
    [InlineData("GAHT1234", MfaDeviceKind.Unknown)]
    public void Classify_TellsDeviceKindsApartBySerial(string serial, MfaDeviceKind kind)
    {
        Assert.Equal(kind, MfaDeviceKinds.Classify(serial));
    }

    [Fact]
    public void Classify_AnArnOfAnotherAccount_IsUnknownForThisAccountsRoot()
    {
        Assert.Equal(MfaDeviceKind.Virtual, MfaDeviceKinds.Classify("arn:aws:iam::444455556666:mfa/phone"));
        Assert.Equal(MfaDeviceKind.Unknown, MfaDeviceKinds.Classify("arn:aws:iam::444455556666:mfa/phone", "111122223333"));
        Assert.Equal(MfaDeviceKind.Fido, MfaDeviceKinds.Classify("arn:aws:iam::111122223333:u2f/root/key", "111122223333"));
    }

    [Theory]
    [InlineData("level1", PolicyProfile.Level1, true)]
    [InlineData("Level2", PolicyProfile.Level2, true)]
    [InlineData(" LEVEL1 ", PolicyProfile.Level1, true)]
    [InlineData("level3", PolicyProfile.Level2, false)]
    [InlineData(null, PolicyProfile.Level2, false)]
    public void TryParse_Profile(string? text, PolicyProfile expected, bool ok)
    {
        Assert.Equal(ok, PolicyProfiles.TryParse(text, out var profile));
        Assert.Equal(expected, profile);
    }
}
