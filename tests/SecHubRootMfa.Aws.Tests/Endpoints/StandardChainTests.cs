using SecHubRootMfa.Aws.SecurityHub.Model;
using SecHubRootMfa.Aws.Tests.Stub;

namespace SecHubRootMfa.Aws.Tests.Endpoints;

/// <summary>With empty options the SDK's standard chains decide credentials, region and endpoint.</summary>
[Collection(EnvironmentGroup.Name)]
public sealed class StandardChainTests : IDisposable
{
    private static readonly string[] Variables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE",
        "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SECURITYHUB",
    ];

    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);

    public void Dispose()
    {
        foreach (var (variable, value) in _saved)
        {
            Environment.SetEnvironmentVariable(variable, value);
        }
    }

    [Fact]
    public async Task EmptyOptions_EnvironmentCredentialsRegionAndEndpoint_AreAllUsed()
    {
        using var stub = new StubHttpServer(StubResponse.Json(200, """{"Findings":[]}"""));
        foreach (var variable in Variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDFROMENVIRONMENT1");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "env-secret-not-real");
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", "env-session-token");
        Environment.SetEnvironmentVariable("AWS_REGION", "eu-north-1");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SECURITYHUB", stub.Endpoint.ToString());
        using var hub = new AwsClientFactory(new AwsClientOptions()).CreateSecurityHub();

        var response = await hub.GetFindingsAsync(new GetFindingsRequest());

        Assert.Empty(response.Findings);
        var request = Assert.Single(stub.Requests);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDFROMENVIRONMENT1/", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("/eu-north-1/securityhub/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal("env-session-token", request.Headers["X-Amz-Security-Token"]);
    }
}
