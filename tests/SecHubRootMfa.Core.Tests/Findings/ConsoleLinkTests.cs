using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Core.Tests.Findings;

/// <summary>The CLI prints a link that opens the finding in the Security Hub console of the account's own partition.</summary>
public sealed class ConsoleLinkTests
{
    [Theory]
    [InlineData("aws", "eu-west-1", "https://eu-west-1.console.aws.amazon.com/securityhub/home?region=eu-west-1#")]
    [InlineData("aws-cn", "cn-north-1", "https://cn-north-1.console.amazonaws.cn/securityhub/home?region=cn-north-1#")]
    [InlineData("aws-us-gov", "us-gov-west-1", "https://us-gov-west-1.console.amazonaws-us-gov.com/securityhub/home?region=us-gov-west-1#")]
    public void ConsoleUrl_OpensTheRegionsConsoleInThePartition(string partition, string region, string start)
    {
        var p = AwsPartition.Parse(partition);

        var url = ControlIdentity.ConsoleUrl(p, region, ControlIdentity.FindingId(p, "111122223333"));

        Assert.StartsWith(start, url, StringComparison.Ordinal);
        Assert.EndsWith($"sechubrootmfa%252F{partition}%252F111122223333%252Froot-user-hardware-mfa", url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" ", "sechubrootmfa/aws/111122223333/root-user-hardware-mfa")]
    [InlineData("eu-west-1", " ")]
    public void ConsoleUrl_WithoutARegionOrFindingId_IsRefusedRatherThanPrintedBroken(string region, string findingId)
    {
        Assert.ThrowsAny<ArgumentException>(() => ControlIdentity.ConsoleUrl(AwsPartition.Aws, region, findingId));
    }
}
