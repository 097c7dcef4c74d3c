using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace SecHubRootMfa.Aws.Runtime;

/// <summary>
/// Base of our clients: AWSSDK.Core's own pipeline (credentials, SigV4, retries with backoff and jitter, error
/// handling) with our endpoint resolver and a per-call deadline on top.
/// </summary>
public abstract class ServiceClientBase : AmazonServiceClient
{
    private readonly ServiceMetadata _metadata;
    private readonly ServiceClientConfigBase _config;

    private protected ServiceClientBase(AWSCredentials? credentials, ServiceClientConfigBase config, string serviceId)
        : base(credentials!, config)
    {
        _config = config;
        _metadata = new ServiceMetadata(serviceId);
    }

    /// <inheritdoc />
    protected override IServiceMetadata ServiceMetadata => _metadata;

    /// <summary>The region this client is configured for, or null when only an endpoint override is known.</summary>
    protected string? RegionName => _config.RegionEndpoint?.SystemName ?? _config.AuthenticationRegion;

    /// <summary>The endpoint (URL and signing scheme) a request would go to; makes no network call.</summary>
    public Amazon.Runtime.Endpoints.Endpoint DetermineServiceOperationEndpoint(AmazonWebServiceRequest request)
        => _config.DetermineServiceOperationEndpoint(new Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters(request));

    /// <inheritdoc />
    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        pipeline.RemoveHandler<EndpointResolver>();
        pipeline.AddHandlerAfter<Marshaller>(new ServiceEndpointResolver());
        pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthSchemeHandler());
    }

    private protected async Task<TResponse> InvokeWithDeadlineAsync<TResponse>(
        AmazonWebServiceRequest request, InvokeOptionsBase options, string operation, CancellationToken cancellationToken)
        where TResponse : AmazonWebServiceResponse
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_config.OperationTimeout != Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(_config.OperationTimeout);
        }

        try
        {
            // Options are built per call; the check keeps a reused one from being wrapped twice.
            if (options.ResponseUnmarshaller is not PipelineResponseUnmarshaller)
            {
                options.ResponseUnmarshaller = new PipelineResponseUnmarshaller(options.ResponseUnmarshaller);
            }

            var envelope = await InvokeAsync<PipelineResponse>(request, options, deadline.Token).ConfigureAwait(false);
            return envelope.Unwrap<TResponse>();
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{_metadata.ServiceId} {operation} did not complete within {_config.OperationTimeout.TotalSeconds:0.#} s (including retries).", e);
        }
    }
}
