using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;

namespace SecHubRootMfa.Aws.Runtime;

/// <summary>
/// Shared configuration for our hand-written clients: standard retry mode, SDK credential and region resolution,
/// and endpoint overrides through ServiceURL or AWS_ENDPOINT_URL(_&lt;SERVICEID&gt;).
/// </summary>
public abstract class ServiceClientConfigBase : ClientConfig
{
    private static readonly ServiceEndpointResolver EndpointResolverInstance = new();
    private readonly AwsServiceDefinition _service;
    private readonly string _userAgent;

    private protected ServiceClientConfigBase(AwsServiceDefinition service)
        : base(new DefaultConfigurationProvider(StandardDefaults))
    {
        _service = service;
        _userAgent = InternalSDKUtils.BuildUserAgentString(service.ServiceId, "0.1.0");
        base.ServiceId = service.ServiceId;
        AuthenticationServiceName = service.SigningName;
        RetryMode = RequestRetryMode.Standard;
        EndpointProvider = new ServiceEndpointProvider(service);
    }

    /// <summary>Call deadline including all retries; <see cref="Timeout.InfiniteTimeSpan"/> disables it. Default 60 s.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    public override string RegionEndpointServiceName => _service.EndpointPrefix;

    /// <inheritdoc />
    public override string ServiceVersion => _service.ApiVersion;

    /// <inheritdoc />
    public override string UserAgent => _userAgent;

    /// <inheritdoc />
    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var requestContext = new RequestContext(false)
        {
            ClientConfig = this,
            OriginalRequest = parameters.Request,
            Request = new DefaultRequest(parameters.Request, _service.ServiceId) { AlternateEndpoint = parameters.AlternateEndpoint },
        };
        return EndpointResolverInstance.GetEndpoint(new Amazon.Runtime.Internal.ExecutionContext(requestContext, null));
    }

    private static IEnumerable<IDefaultConfiguration> StandardDefaults =>
    [
        new DefaultConfiguration
        {
            Name = DefaultConfigurationMode.Standard,
            RetryMode = RequestRetryMode.Standard,
            S3UsEast1RegionalEndpoint = S3UsEast1RegionalEndpointValue.Regional,
            ConnectTimeout = TimeSpan.FromMilliseconds(3100),
            TlsNegotiationTimeout = TimeSpan.FromMilliseconds(3100),
        },
    ];
}
