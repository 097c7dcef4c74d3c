using System.Text.Json;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Tests.Support;

namespace SecHubRootMfa.Core.Tests.Findings;

/// <summary>
/// The finding Id the function imports and the one the Pulumi stack prints (output findingId) come from one template,
/// infra-pulumi/contracts/finding-id.json; infra-pulumi/tests/findingId.test.ts holds the stack output to the same file.
/// </summary>
public sealed class FindingIdTemplateTests
{
    private static string SharedTemplate()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "infra-pulumi", "contracts", "finding-id.json")));
        return doc.RootElement.GetProperty("template").GetString()!;
    }

    [Fact]
    public void FindingIdTemplate_IsTheOneThePulumiStackReads()
    {
        Assert.Equal(ControlIdentity.FindingIdTemplate, SharedTemplate());
    }

    [Theory]
    [InlineData("aws", "111122223333")]
    [InlineData("aws-cn", "444455556666")]
    [InlineData("aws-us-gov", "000011112222")]
    public void FindingId_IsTheSharedTemplateFilledWithPartitionAndAccount(string partition, string account)
    {
        var expected = SharedTemplate().Replace("{partition}", partition, StringComparison.Ordinal).Replace("{accountId}", account, StringComparison.Ordinal);

        Assert.Equal(expected, ControlIdentity.FindingId(AwsPartition.Parse(partition), account));
    }
}
