using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.Tests.Evaluation;

public class SerialNumberTests
{
    [Theory]
    [InlineData("GAHT12345")]
    [InlineData("arn:aws:iam::111122223333:mfa/root-account-mfa-device")]
    [InlineData("arn:aws:iam::111122223333:u2f/root/root-fido-key-AAAAAAAABBBBBBBBCCCCCCCCDD")]
    [InlineData("arn:aws-cn:iam::111122223333:mfa/a_b+c=d,e.f@g-h")]
    public void IsValidSerial_SerialsIamIssues_AreValid(string serial)
    {
        Assert.True(MfaDeviceKinds.IsValidSerial(serial));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("         ")]
    [InlineData("GAHT1234")]
    [InlineData(" GAHT12345")]
    [InlineData("arn:aws:iam::111122223333:mfa/root device")]
    [InlineData("arn:aws:iam::111122223333:mfa/röot")]
    [InlineData("arn:aws:iam::111122223333:mfa/root\u0000")]
    public void IsValidSerial_AnythingOutsideIamsLengthOrPattern_IsInvalid(string? serial)
    {
        Assert.False(MfaDeviceKinds.IsValidSerial(serial));
    }

    [Fact]
    public void IsValidSerial_LongerThan256_IsInvalid()
    {
        Assert.True(MfaDeviceKinds.IsValidSerial(new string('a', 256)));
        Assert.False(MfaDeviceKinds.IsValidSerial(new string('a', 257)));
    }
}
