using Amazon.SecurityToken.Model;

namespace SecHubRootMfa.Aws.Tests.Moto;

[Collection(MotoGroup.Name)]
public sealed class SecurityTokenMotoTests(MotoServerFixture moto)
{
    [Fact]
    public async Task AssumeRole_OfficialStsClientFromFactory_ReturnsTemporaryCredentials()
    {
        using var sts = new AwsClientFactory(moto.Options("eu-west-1")).CreateSecurityTokenService();

        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = $"arn:aws:iam::{MotoServerFixture.AccountId}:role/SecHubRootMfaChecker",
            RoleSessionName = "sechubrootmfa",
        });

        Assert.StartsWith("ASIA", response.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(response.Credentials.SessionToken));
        Assert.EndsWith(":assumed-role/SecHubRootMfaChecker/sechubrootmfa", response.AssumedRoleUser.Arn, StringComparison.Ordinal);
    }
}
