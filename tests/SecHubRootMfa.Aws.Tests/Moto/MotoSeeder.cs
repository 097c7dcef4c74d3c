using System.Net.Http.Headers;
using System.Text;

namespace SecHubRootMfa.Aws.Tests.Moto;

/// <summary>
/// Creates test state in moto with plain HTTP (operations our client deliberately does not offer, such as CreateUser).
/// moto routes on the service in the Authorization header's credential scope and does not check signatures.
/// </summary>
internal static class MotoSeeder
{
    public static async Task<string> IamAsync(MotoServerFixture moto, params (string Name, string Value)[] parameters)
    {
        var body = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"))
            + "&Version=2010-05-08";
        using var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        return await SendAsync(moto, "iam", "/", content);
    }

    public static async Task EnableSecurityHubAsync(MotoServerFixture moto, string region)
    {
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");
        await SendAsync(moto, "securityhub", "/accounts", content, region);
    }

    /// <summary>Calls an Organizations operation (awsJson1.1) as the fixture's account, e.g. CreateOrganization, CreateAccount.</summary>
    public static async Task<string> OrganizationsAsync(MotoServerFixture moto, string operation, string jsonBody)
    {
        using var content = new StringContent(jsonBody, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        return await SendAsync(moto, "organizations", "/", content, target: "AWSOrganizationsV20161128." + operation);
    }

    /// <summary>
    /// Calls a JSON-protocol operation as the fixture's account, e.g. ("events", "AWSEvents.PutRule", "1.1") or
    /// ("sqs", "AmazonSQS.ReceiveMessage", "1.0"); returns the response body.
    /// </summary>
    public static async Task<string> JsonAsync(MotoServerFixture moto, string service, string target, string jsonVersion, string jsonBody, string region)
    {
        using var content = new StringContent(jsonBody, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue($"application/x-amz-json-{jsonVersion}");
        return await SendAsync(moto, service, "/", content, region, target);
    }

    /// <summary>Creates an S3 bucket (path style) in us-east-1, e.g. for a CloudTrail trail's log files.</summary>
    public static async Task CreateBucketAsync(MotoServerFixture moto, string bucket)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(moto.Endpoint, "/" + bucket));
        request.Headers.TryAddWithoutValidation(
            "Authorization", "AWS4-HMAC-SHA256 Credential=AKIDMOTOTESTING00001/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Calls a CloudTrail operation (CreateTrail, StartLogging, StopLogging, PutEventSelectors) in <paramref name="region"/>.</summary>
    public static Task<string> CloudTrailAsync(MotoServerFixture moto, string operation, string jsonBody, string region) =>
        JsonAsync(moto, "cloudtrail", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101." + operation, "1.1", jsonBody, region);

    /// <summary>Enables Security Hub in <paramref name="region"/> for the account these credentials map to (an assumed role's account).</summary>
    public static async Task EnableSecurityHubAsync(MotoServerFixture moto, string region, string accessKeyId)
    {
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");
        await SendAsync(moto, "securityhub", "/accounts", content, region, accessKeyId: accessKeyId);
    }

    private static async Task<string> SendAsync(
        MotoServerFixture moto, string service, string path, HttpContent content, string region = "us-east-1", string? target = null,
        string accessKeyId = "AKIDMOTOTESTING00001")
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(moto.Endpoint, path)) { Content = content };
        request.Headers.TryAddWithoutValidation(
            "Authorization", $"AWS4-HMAC-SHA256 Credential={accessKeyId}/20250101/{region}/{service}/aws4_request, SignedHeaders=host, Signature=00");
        if (target is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"moto seeding {service} {path} failed: {(int)response.StatusCode} {text}");
        }

        return text;
    }
}
