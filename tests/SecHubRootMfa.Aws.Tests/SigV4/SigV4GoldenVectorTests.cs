using System.Diagnostics;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using SecHubRootMfa.Aws.IdentityManagement;
using SecHubRootMfa.Aws.IdentityManagement.Internal;
using SecHubRootMfa.Aws.IdentityManagement.Model;
using SecHubRootMfa.Aws.Runtime;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Aws.SecurityHub.Internal;
using SecHubRootMfa.Aws.SecurityHub.Model;

namespace SecHubRootMfa.Aws.Tests.SigV4;

/// <summary>
/// Fixed-credential, fixed-time SigV4 vectors: our marshaller and endpoint resolution plus the SDK's AWS4Signer must
/// produce exactly the Authorization header that botocore computes independently (SigV4/sign_with_botocore.py).
/// </summary>
public sealed class SigV4GoldenVectorTests
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public static readonly DateTime SignedAt = new(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    public static TheoryData<string> Vectors => ["iam-GetAccountSummary", "securityhub-GetFindings"];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void OurRequest_SignedBySdk_MatchesBotocoreGoldenAuthorization(string vector)
    {
        var request = Build(vector);

        Assert.Equal(File.ReadAllText(Golden($"{vector}.body")), Encoding.UTF8.GetString(request.Content));
        Assert.Equal(File.ReadAllText(Golden($"{vector}.authorization")).TrimEnd('\n'), request.Headers["Authorization"]);
        Assert.Equal("20250102T030405Z", request.Headers["X-Amz-Date"]);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void BotocoreScript_Regenerated_StillMatchesCommittedGoldenFile(string vector)
    {
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { Golden("sign_with_botocore.py"), vector, Golden($"{vector}.body") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "the botocore script did not finish");
        Assert.True(process.ExitCode == 0, $"sign_with_botocore.py failed (install botocore: python3 -m pip install botocore==1.43.11): {errors}");

        Assert.Equal(File.ReadAllText(Golden($"{vector}.authorization")), output);
    }

    private static IRequest Build(string vector)
    {
        (IRequest request, ClientConfig config, AmazonWebServiceRequest original) = vector switch
        {
            "iam-GetAccountSummary" => Iam(),
            "securityhub-GetFindings" => SecurityHub(),
            _ => throw new ArgumentOutOfRangeException(nameof(vector)),
        };

        // What the pipeline's endpoint resolver does with our endpoint provider's answer.
        var endpoint = config.DetermineServiceOperationEndpoint(new ServiceOperationEndpointParameters(original));
        var scheme = (PropertyBag)((System.Collections.IList)endpoint.Attributes["authSchemes"])[0]!;
        request.Endpoint = new Uri(endpoint.URL);
        request.AuthenticationRegion = (string)scheme["signingRegion"];
        request.OverrideSigningServiceName = (string)scheme["signingName"];

        var result = new AWS4Signer().SignRequest(request, config, null, AccessKey, SecretKey, SignedAt);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
        return request;
    }

    private static (IRequest, ClientConfig, AmazonWebServiceRequest) Iam()
    {
        var original = new GetAccountSummaryRequest();
        var config = new AmazonIdentityManagementServiceConfig { RegionEndpoint = RegionEndpoint.EUWest1 };
        return (GetAccountSummaryRequestMarshaller.Instance.Marshall(original), config, original);
    }

    private static (IRequest, ClientConfig, AmazonWebServiceRequest) SecurityHub()
    {
        var original = new GetFindingsRequest
        {
            Filters = new AwsSecurityFindingFilters
            {
                Id = [new StringFilter { Value = "sechubrootmfa/aws/111122223333/iam.6", Comparison = StringFilterComparison.EQUALS }],
                ProductArn = [new StringFilter { Value = "arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default", Comparison = StringFilterComparison.EQUALS }],
            },
            MaxResults = 1,
        };
        var config = new AmazonSecurityHubConfig { RegionEndpoint = RegionEndpoint.EUWest1 };
        return (GetFindingsRequestMarshaller.Instance.Marshall(original), config, original);
    }

    private static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "SigV4", name);
}
