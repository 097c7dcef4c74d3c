using System.Diagnostics;
using System.Net;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using Amazon.Runtime.Internal.Util;

namespace SecHubRootMfa.Aws.Runtime;

/// <summary>
/// The one response type every operation runs the SDK pipeline with; it carries the operation's real response.
/// </summary>
/// <remarks>
/// Each pipeline handler's <c>InvokeAsync&lt;T&gt;</c> is a generic virtual method. Under Native AOT the first call for
/// every (handler, T) pair builds its generic dictionary at run time; with one T that happens once per handler rather
/// than once per operation, which cut the cold start's instruction count (see docs/benchmarks.md §5).
/// </remarks>
internal sealed class PipelineResponse : AmazonWebServiceResponse
{
    public AmazonWebServiceResponse? Inner { get; init; }

    /// <summary>The operation's response, with the HTTP facts the SDK recorded on the envelope copied over.</summary>
    public TResponse Unwrap<TResponse>() where TResponse : AmazonWebServiceResponse
    {
        var inner = Inner as TResponse ?? throw new InvalidOperationException(
            $"The response unmarshaller produced {Inner?.GetType().Name ?? "nothing"} where {typeof(TResponse).Name} was expected.");
        inner.HttpStatusCode = HttpStatusCode;
        inner.ContentLength = ContentLength;
        return inner;
    }
}

/// <summary>Runs an operation's own unmarshaller and wraps its answer in a <see cref="PipelineResponse"/>.</summary>
internal sealed class PipelineResponseUnmarshaller(ResponseUnmarshaller inner) : ResponseUnmarshaller
{
    public override bool HasStreamingProperty => inner.HasStreamingProperty;

    public override UnmarshallerContext CreateContext(
        IWebResponseData response, bool readEntireResponse, Stream stream, RequestMetrics metrics, bool isException)
        => inner.CreateContext(response, readEntireResponse, stream, metrics, isException);

    public override UnmarshallerContext CreateContext(
        IWebResponseData response, bool readEntireResponse, Stream stream, RequestMetrics metrics, bool isException,
        IRequestContext requestContext)
        => inner.CreateContext(response, readEntireResponse, stream, metrics, isException, requestContext);

    public override AmazonWebServiceResponse Unmarshall(UnmarshallerContext input)
    {
        var response = inner.Unmarshall(input);
        // Shared, not copied: handlers that annotate the metadata after unmarshalling reach the real response too.
        return new PipelineResponse { Inner = response, ResponseMetadata = response.ResponseMetadata };
    }

    public override AmazonServiceException UnmarshallException(UnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
        => inner.UnmarshallException(input, innerException, statusCode);

    // Both CreateContext overloads go to the wrapped unmarshaller, which builds its own context; these are never reached.
    protected override UnmarshallerContext ConstructUnmarshallerContext(
        Stream responseStream, bool maintainResponseBody, IWebResponseData response, bool isException)
        => throw new UnreachableException();

    protected override UnmarshallerContext ConstructUnmarshallerContext(
        Stream responseStream, bool maintainResponseBody, IWebResponseData response, bool isException, IRequestContext requestContext)
        => throw new UnreachableException();
}
