using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using static SecHubRootMfa.Core.Tests.Support.Observations;

namespace SecHubRootMfa.Core.Tests.Findings;

/// <summary>ProductFields ProviderVersion tells an analyst which build wrote the finding.</summary>
public sealed class ProviderVersionTests
{
    private static string ProviderVersionIn(DeploymentContext context) =>
        new RootMfaFindingBuilder(context).Build(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2), FindingHistory.None,
            "Scheduled Event").ProductFields!["ProviderVersion"];

    [Fact]
    public void ProviderVersion_GivenByTheDeployment_IsWrittenAsGiven()
    {
        Assert.Equal("7.8.9-rc1", ProviderVersionIn(new DeploymentContext("eu-west-1", Account, "7.8.9-rc1")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void ProviderVersion_NotGiven_IsTheVersionOfThisBuild(string? given)
    {
        var thisBuild = typeof(DeploymentContext).Assembly.GetName().Version!.ToString(3);

        Assert.Equal(thisBuild, ProviderVersionIn(new DeploymentContext("eu-west-1", Account, given)));
    }
}
