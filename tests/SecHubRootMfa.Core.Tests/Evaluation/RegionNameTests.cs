using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.Tests.Evaluation;

/// <summary>Region names come from configuration and the command line; they reach ARNs, logs and the finding.</summary>
public sealed class RegionNameTests
{
    [Fact]
    public void IsValid_RegionNameOfAtMost32Characters_IsAcceptedAndOneLongerIsRefused()
    {
        var longest = "ab-" + new string('c', 27) + "-1";
        var tooLong = "ab-" + new string('c', 28) + "-1";

        Assert.Equal((32, true), (longest.Length, RegionName.IsValid(longest)));
        Assert.Equal((33, false), (tooLong.Length, RegionName.IsValid(tooLong)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void IsValid_NoRegionAtAll_IsRefusedNotACrash(string? region)
    {
        Assert.False(RegionName.IsValid(region));
    }

    [Theory]
    [InlineData("eu-west-1a")] // an availability zone, not a region
    [InlineData("eu--west-1")]
    [InlineData("eu-wEST-1")]
    [InlineData("eu-w_st-1")]
    public void IsValid_NameThatOnlyLooksLikeARegion_IsRefused(string region)
    {
        Assert.False(RegionName.IsValid(region));
    }

    [Fact]
    public void ForRegion_RegionOfAPartitionFindingsCannotName_IsRefusedNamingTheRegion()
    {
        var ex = Assert.Throws<ArgumentException>(() => AwsPartition.ForRegion("us-iso-east-1"));

        Assert.Contains("'us-iso-east-1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForRegion_ValueThatIsNotARegion_IsRefusedNamingTheValueAndTheExpectedForm()
    {
        var ex = Assert.Throws<ArgumentException>(() => AwsPartition.ForRegion("eu_west_1"));

        Assert.Contains("'eu_west_1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("eu-west-1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eu-west-1", "us-east-1")]
    [InlineData("cn-northwest-1", "cn-north-1")]
    [InlineData("us-gov-east-1", "us-gov-west-1")]
    public void GlobalEventsRegion_IsWhereIamAndRootSignInEventsArriveInTheAccountsPartition(string homeRegion, string eventsRegion)
    {
        // The event-path check reads the trail and the rules here; a wrong region reports a working path as blind or the
        // reverse. Pulumi deploys the rules by the same mapping (infra-pulumi/src/config.ts, globalEventsRegion).
        Assert.Equal(eventsRegion, AwsPartition.ForRegion(homeRegion).GlobalEventsRegion);
    }
}
