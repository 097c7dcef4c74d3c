using Amazon.Runtime;
using SecHubRootMfa.Aws.IdentityManagement;
using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.Tests.Runtime;

public sealed class RetryPolicyTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void FromEnvironment_NothingSet_IsStandardWithFourAttempts()
    {
        var policy = AwsRetryPolicy.FromEnvironment(Env());

        Assert.Equal(RequestRetryMode.Standard, policy.Mode);
        Assert.Equal(4, policy.MaxAttempts);
        Assert.Equal(3, policy.ImporterOptions().MaxFindingRetries);
    }

    [Fact]
    public void FromEnvironment_AwsMaxAttemptsAndRetryMode_AreHonouredLikeTheAwsCli()
    {
        var policy = AwsRetryPolicy.FromEnvironment(Env(("AWS_MAX_ATTEMPTS", "1"), ("AWS_RETRY_MODE", "Adaptive")));

        Assert.Equal(RequestRetryMode.Adaptive, policy.Mode);
        Assert.Equal(1, policy.MaxAttempts);
        Assert.Equal(0, policy.ImporterOptions().MaxFindingRetries);
    }

    [Theory]
    [InlineData("AWS_MAX_ATTEMPTS", "0", "AWS_MAX_ATTEMPTS='0' is not a whole number from 1 to 11")]
    [InlineData("AWS_MAX_ATTEMPTS", "three", "AWS_MAX_ATTEMPTS='three'")]
    [InlineData("AWS_RETRY_MODE", "legacy", "AWS_RETRY_MODE='legacy' is not supported by the AWS SDK for .NET v4")]
    [InlineData("AWS_RETRY_MODE", "aggressive", "AWS_RETRY_MODE='aggressive' is not one of standard, adaptive")]
    public void FromEnvironment_InvalidValue_NamesTheVariableAndTheAcceptedValues(string name, string value, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => AwsRetryPolicy.FromEnvironment(Env((name, value))));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientFactory_AppliesThePolicyToEveryClient()
    {
        var factory = new AwsClientFactory(new AwsClientOptions
        {
            Region = "eu-west-1",
            Retry = new AwsRetryPolicy { MaxAttempts = 2, Mode = RequestRetryMode.Adaptive },
        });

        using var iam = (AmazonIdentityManagementServiceClient)factory.CreateIdentityManagement();
        using var sts = (Amazon.SecurityToken.AmazonSecurityTokenServiceClient)factory.CreateSecurityTokenService();

        Assert.All(new IClientConfig[] { iam.Config, sts.Config }, c =>
        {
            Assert.Equal(1, c.MaxErrorRetry);
            Assert.Equal(RequestRetryMode.Adaptive, c.RetryMode);
        });
    }
}
