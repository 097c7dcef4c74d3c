using System.Text.Json;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Tests.Support;

namespace SecHubRootMfa.Core.Tests.Evaluation;

/// <summary>
/// The partition a region belongs to and the region where IAM and root sign-in events arrive have one home,
/// infra-pulumi/contracts/partitions.json: the Pulumi stack deploys its rules by it (infra-pulumi/tests/partitions.test.ts)
/// and the function's event-path check looks for trails and rules by <see cref="AwsPartition"/>, held to it here.
/// </summary>
public sealed class PartitionContractTests
{
    public static TheoryData<string, string, string> Entries()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "infra-pulumi", "contracts", "partitions.json")));
        var data = new TheoryData<string, string, string>();
        foreach (var p in doc.RootElement.GetProperty("partitions").EnumerateArray())
        {
            data.Add(p.GetProperty("name").GetString()!, p.GetProperty("regionPrefix").GetString()!, p.GetProperty("globalEventsRegion").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void EveryPartitionOfTheSharedFile_IsTheOneTheFunctionDerivesFromARegion_WithTheSameEventsRegion(string name, string prefix, string eventsRegion)
    {
        var region = prefix.Length == 0 ? "eu-west-1" : prefix + "north-1";

        Assert.Equal(name, AwsPartition.ForRegion(region).Name);
        Assert.Equal(eventsRegion, AwsPartition.Parse(name).GlobalEventsRegion);
        Assert.Equal(name, AwsPartition.ForRegion(eventsRegion).Name);
    }

    [Fact]
    public void TheSharedFile_NamesEveryPartitionTheFunctionSupports()
    {
        var names = Entries().Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        Assert.Equal([AwsPartition.Aws.Name, AwsPartition.China.Name, AwsPartition.GovCloud.Name], names);
    }
}
