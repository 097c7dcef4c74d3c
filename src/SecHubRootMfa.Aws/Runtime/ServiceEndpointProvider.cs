using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.Runtime.Endpoints;

namespace SecHubRootMfa.Aws.Runtime;

/// <summary>
/// The SDK's endpoint-provider hook for our services: applies <see cref="PartitionEndpoints"/> and hands the signing
/// region and name to the SDK as a <c>sigv4</c> auth scheme, the way the SDK's generated rule sets do.
/// </summary>
internal sealed class ServiceEndpointProvider(AwsServiceDefinition service) : IEndpointProvider
{
    public const string RegionParameter = "Region";
    public const string EndpointParameter = "Endpoint";

    public Endpoint ResolveEndpoint(EndpointParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var region = parameters[RegionParameter] as string;
        var endpointOverride = parameters[EndpointParameter] as string;
        var resolved = PartitionEndpoints.Resolve(service.ServiceId, region, endpointOverride);
        return new Endpoint(resolved.Url, AuthSchemeJson(resolved.SigningRegion), null);
    }

    private string AuthSchemeJson(string signingRegion)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("authSchemes");
            writer.WriteStartObject();
            writer.WriteString("name", "sigv4");
            writer.WriteString("signingName", service.SigningName);
            writer.WriteString("signingRegion", signingRegion.ToLower(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
