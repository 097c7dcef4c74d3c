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

    private static async Task<string> SendAsync(MotoServerFixture moto, string service, string path, HttpContent content, string region = "us-east-1")
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(moto.Endpoint, path)) { Content = content };
        request.Headers.TryAddWithoutValidation(
            "Authorization", $"AWS4-HMAC-SHA256 Credential=AKIDMOTOTESTING00001/20250101/{region}/{service}/aws4_request, SignedHeaders=host, Signature=00");
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
