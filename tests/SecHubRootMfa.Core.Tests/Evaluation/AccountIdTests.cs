using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.Tests.Evaluation;

/// <summary>Account ids arrive from STS, Organizations and events; one that is not 12 digits never gets a verdict.</summary>
public sealed class AccountIdTests
{
    [Fact]
    public void Require_ValueThatIsNotAnAccountId_IsRefusedNamingTheValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => AccountIds.Require("12345"));

        Assert.Contains("'12345'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_TwelveDigits_ReturnsTheId()
    {
        Assert.Equal("111122223333", AccountIds.Require("111122223333"));
    }
}
