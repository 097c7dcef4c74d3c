using SecHubRootMfa.Aws.IdentityManagement;
using SecHubRootMfa.Aws.IdentityManagement.Model;

namespace SecHubRootMfa.Aws.Tests.Moto;

[Collection(MotoGroup.Name)]
public sealed class IdentityManagementMotoTests(MotoServerFixture moto)
{
    [Fact]
    public async Task GetAccountSummary_AgainstMoto_ReturnsSummaryMapWithMfaFlag()
    {
        using var iam = new AwsClientFactory(moto.Options()).CreateIdentityManagement();

        var response = await iam.GetAccountSummaryAsync(new GetAccountSummaryRequest());

        Assert.True(response.SummaryMap.ContainsKey("AccountMFAEnabled"));
        Assert.True(response.SummaryMap.ContainsKey("Users"));
    }
}
