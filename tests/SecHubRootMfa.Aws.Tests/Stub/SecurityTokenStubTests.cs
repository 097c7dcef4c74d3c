using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using SecHubRootMfa.Aws.Tests.Marshalling;

namespace SecHubRootMfa.Aws.Tests.Stub;

/// <summary>AssumeRoot (in AWSSDK.SecurityToken 4.0.101.10) through our factory; moto has no AssumeRoot, so a stub answers.</summary>
public sealed class SecurityTokenStubTests
{
    [Fact]
    public async Task AssumeRoot_ThroughFactory_SendsTaskPolicyAndReadsDocumentedAnswer()
    {
        using var stub = new StubHttpServer(StubResponse.Xml(200, File.ReadAllText(PayloadHarness.PathOf("SecurityToken/AssumeRoot.xml"))));
        var options = new AwsClientOptions
        {
            Region = "us-east-1",
            StsServiceUrl = stub.Endpoint,
            Credentials = new BasicAWSCredentials("AKIDSTUBTESTING00001", "stub-secret"),
        };
        using var sts = new AwsClientFactory(options).CreateSecurityTokenService();

        var response = await sts.AssumeRootAsync(new AssumeRootRequest
        {
            TargetPrincipal = "111122223333",
            TaskPolicyArn = new PolicyDescriptorType { Arn = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials" },
            DurationSeconds = 900,
        });

        Assert.Equal("ASIAJEXAMPLEXEG2JICEA", response.Credentials.AccessKeyId);
        Assert.Equal(new DateTime(2024, 11, 15, 0, 5, 7, DateTimeKind.Utc), response.Credentials.Expiration?.ToUniversalTime());
        var request = Assert.Single(stub.Requests);
        var form = request.Body.Split('&').Select(WebUtility.UrlDecode).ToList();
        Assert.Contains("Action=AssumeRoot", form);
        Assert.Contains("TargetPrincipal=111122223333", form);
        Assert.Contains("TaskPolicyArn.arn=arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials", form);
        Assert.Contains("/us-east-1/sts/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
    }
}
