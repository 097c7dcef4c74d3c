using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace SecHubRootMfa.Aws.Runtime;

/// <summary>
/// Pipeline handler that feeds the client's region and ServiceURL (which AWSSDK.Core itself fills from
/// AWS_ENDPOINT_URL_&lt;SERVICEID&gt; / AWS_ENDPOINT_URL / the profile) into <see cref="ServiceEndpointProvider"/>.
/// </summary>
internal sealed class ServiceEndpointResolver : BaseEndpointResolver
{
    protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext)
    {
        var config = requestContext.ClientConfig;
        var parameters = new EndpointParameters();
        parameters[ServiceEndpointProvider.RegionParameter] =
            requestContext.Request?.AlternateEndpoint?.SystemName
            ?? config.RegionEndpoint?.SystemName
            ?? (string.IsNullOrEmpty(config.AuthenticationRegion) ? null : config.AuthenticationRegion);
        parameters[ServiceEndpointProvider.EndpointParameter] = config.ServiceURL;
        return parameters;
    }
}

/// <summary>Every operation we call is signed with SigV4.</summary>
internal sealed class SigV4AuthSchemeHandler : BaseAuthResolverHandler
{
    protected override List<Amazon.Runtime.Internal.Auth.IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext)
        => Amazon.Runtime.Credentials.Internal.AuthSchemeOption.DEFAULT_SIGV4;
}

/// <summary>The SDK's per-client service metadata.</summary>
internal sealed class ServiceMetadata(string serviceId) : IServiceMetadata
{
    public string ServiceId { get; } = serviceId;

    public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>(0);
}
