using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using SecHubRootMfa.Aws.EventBridge;
using SecHubRootMfa.Aws.EventBridge.Model;
using SecHubRootMfa.Aws.IdentityManagement;
using SecHubRootMfa.Aws.IdentityManagement.Model;
using SecHubRootMfa.Aws.Organizations;
using SecHubRootMfa.Aws.Organizations.Model;
using SecHubRootMfa.Aws.Runtime;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Aws.SecurityHub.Model;

namespace SecHubRootMfa.Aws.Tests.Endpoints;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentGroup
{
    public const string Name = "process environment";
}

/// <summary>Endpoint and signing-region resolution through the SDK's own DetermineServiceOperationEndpoint.</summary>
[Collection(EnvironmentGroup.Name)]
public sealed class EndpointResolutionTests : IDisposable
{
    private static readonly string[] Variables =
        ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_SECURITYHUB", "AWS_ENDPOINT_URL_EVENTBRIDGE", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_ORGANIZATIONS"];

    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);

    public EndpointResolutionTests()
    {
        foreach (var variable in Variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    public void Dispose()
    {
        foreach (var (variable, value) in _saved)
        {
            Environment.SetEnvironmentVariable(variable, value);
        }
    }

    [Theory]
    [InlineData("eu-west-1", "https://iam.amazonaws.com/", "us-east-1")]
    [InlineData("cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData("us-gov-east-1", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1")]
    public void Iam_AnyRegion_UsesItsPartitionsGlobalEndpointAndSigningRegion(string region, string url, string signingRegion)
    {
        var endpoint = Resolve(new AmazonIdentityManagementServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region) }, new GetAccountSummaryRequest());

        Assert.Equal(url, endpoint.URL);
        Assert.Equal(signingRegion, SigningRegion(endpoint));
        Assert.Equal("iam", SigningName(endpoint));
    }

    [Theory]
    [InlineData("eu-west-1", "https://organizations.us-east-1.amazonaws.com/", "us-east-1")]
    [InlineData("cn-north-1", "https://organizations.cn-northwest-1.amazonaws.com.cn/", "cn-northwest-1")]
    [InlineData("us-gov-east-1", "https://organizations.us-gov-west-1.amazonaws.com/", "us-gov-west-1")]
    public void Organizations_AnyRegion_UsesItsPartitionsGlobalEndpointAndSigningRegion(string region, string url, string signingRegion)
    {
        var endpoint = Resolve(new AmazonOrganizationsConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region) }, new ListAccountsRequest());

        Assert.Equal(url, endpoint.URL);
        Assert.Equal(signingRegion, SigningRegion(endpoint));
        Assert.Equal("organizations", SigningName(endpoint));
    }

    [Fact]
    public void Organizations_EnvironmentVariable_IsNamedAfterTheServiceId()
    {
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_ORGANIZATIONS", "http://127.0.0.1:4005");

        var endpoint = Resolve(new AmazonOrganizationsConfig { RegionEndpoint = RegionEndpoint.EUWest1 }, new ListAccountsRequest());

        Assert.Equal("http://127.0.0.1:4005/", endpoint.URL);
        Assert.Equal("us-east-1", SigningRegion(endpoint));
    }

    [Theory]
    [InlineData("eu-west-1", "https://securityhub.eu-west-1.amazonaws.com/")]
    [InlineData("cn-north-1", "https://securityhub.cn-north-1.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", "https://securityhub.us-gov-west-1.amazonaws.com/")]
    public void SecurityHub_Region_UsesRegionalEndpointSignedInThatRegion(string region, string url)
    {
        var endpoint = Resolve(new AmazonSecurityHubConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region) }, new GetFindingsRequest());

        Assert.Equal(url, endpoint.URL);
        Assert.Equal(region, SigningRegion(endpoint));
        Assert.Equal("securityhub", SigningName(endpoint));
    }

    [Fact]
    public void EventBridge_Region_UsesEventsPrefixAndSigningName()
    {
        var endpoint = Resolve(new AmazonEventBridgeConfig { RegionEndpoint = RegionEndpoint.EUCentral1 }, new PutEventsRequest());

        Assert.Equal("https://events.eu-central-1.amazonaws.com/", endpoint.URL);
        Assert.Equal("events", SigningName(endpoint));
    }

    [Fact]
    public void ServiceSpecificEnvironmentVariable_WinsOverGlobalOne()
    {
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", "http://127.0.0.1:4000");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SECURITYHUB", "http://127.0.0.1:4001");

        var hub = Resolve(new AmazonSecurityHubConfig { RegionEndpoint = RegionEndpoint.EUWest1 }, new GetFindingsRequest());
        var iam = Resolve(new AmazonIdentityManagementServiceConfig { RegionEndpoint = RegionEndpoint.EUWest1 }, new GetAccountSummaryRequest());

        Assert.Equal("http://127.0.0.1:4001/", hub.URL);
        Assert.Equal("eu-west-1", SigningRegion(hub));
        Assert.Equal("http://127.0.0.1:4000/", iam.URL);
        Assert.Equal("us-east-1", SigningRegion(iam));
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL_IAM", "IAM")]
    [InlineData("AWS_ENDPOINT_URL_EVENTBRIDGE", "EventBridge")]
    public void ServiceSpecificEnvironmentVariable_IsNamedAfterTheServiceId(string variable, string service)
    {
        Environment.SetEnvironmentVariable(variable, "http://127.0.0.1:4002");

        var endpoint = service == "IAM"
            ? Resolve(new AmazonIdentityManagementServiceConfig { RegionEndpoint = RegionEndpoint.USEast1 }, new GetAccountSummaryRequest())
            : Resolve(new AmazonEventBridgeConfig { RegionEndpoint = RegionEndpoint.USEast1 }, new PutEventsRequest());

        Assert.Equal("http://127.0.0.1:4002/", endpoint.URL);
    }

    [Fact]
    public void StsFactory_EnvironmentVariable_IsHonouredByTheOfficialClient()
    {
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:4003");
        using var sts = new AwsClientFactory(new AwsClientOptions { Region = "eu-west-1", Credentials = new AnonymousAWSCredentials() })
            .CreateSecurityTokenService();

        var endpoint = sts.DetermineServiceOperationEndpoint(new Amazon.SecurityToken.Model.AssumeRoleRequest());

        Assert.Equal("http://127.0.0.1:4003/", endpoint.URL);
    }

    [Fact]
    public void StsFactory_Region_UsesRegionalStsEndpoint()
    {
        using var sts = new AwsClientFactory(new AwsClientOptions { Region = "eu-west-1", Credentials = new AnonymousAWSCredentials() })
            .CreateSecurityTokenService();

        var endpoint = sts.DetermineServiceOperationEndpoint(new Amazon.SecurityToken.Model.AssumeRoleRequest());

        Assert.Equal("https://sts.eu-west-1.amazonaws.com/", endpoint.URL);
    }

    [Fact]
    public void Factory_ExplicitServiceUrl_WinsOverEnvironmentAndKeepsPartitionSigningRegion()
    {
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_IAM", "http://127.0.0.1:4004");
        var options = new AwsClientOptions { Region = "cn-north-1", IamServiceUrl = new Uri("http://127.0.0.1:4005") };
        using var iam = (AmazonIdentityManagementServiceClient)new AwsClientFactory(options).CreateIdentityManagement();

        var endpoint = iam.DetermineServiceOperationEndpoint(new GetAccountSummaryRequest());

        Assert.Equal("http://127.0.0.1:4005/", endpoint.URL);
        Assert.Equal("cn-north-1", SigningRegion(endpoint));
        Assert.Equal("cn-north-1", iam.Config.AuthenticationRegion);
    }

    [Fact]
    public void NoRegionAndNoEndpoint_FailsWithInstructionsInsteadOfGuessing()
    {
        var error = Assert.Throws<AmazonClientException>(() => PartitionEndpoints.Resolve("SecurityHub", null, null));

        Assert.Contains("AWS_REGION", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_InvalidRegionName_IsRejectedUpFront()
    {
        Assert.Throws<ArgumentException>(() => new AwsClientFactory(new AwsClientOptions { Region = "EU West 1" }));
    }

    private static Endpoint Resolve(ClientConfig config, AmazonWebServiceRequest request)
        => config.DetermineServiceOperationEndpoint(new ServiceOperationEndpointParameters(request));

    private static string? SigningRegion(Endpoint endpoint) => AuthScheme(endpoint)["signingRegion"] as string;

    private static string? SigningName(Endpoint endpoint) => AuthScheme(endpoint)["signingName"] as string;

    private static PropertyBag AuthScheme(Endpoint endpoint)
        => (PropertyBag)((System.Collections.IList)endpoint.Attributes["authSchemes"])[0]!;
}
