using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace SecHubRootMfa.Function.Runtime;

/// <summary>What <c>GET /runtime/invocation/next</c> returned, before validation.</summary>
public sealed class NextInvocationResponse
{
    /// <summary>HTTP status code.</summary>
    public required HttpStatusCode StatusCode { get; init; }

    /// <summary><c>Lambda-Runtime-Aws-Request-Id</c>, if present.</summary>
    public string? RequestId { get; init; }

    /// <summary><c>Lambda-Runtime-Deadline-Ms</c> as sent (Unix epoch milliseconds), if present.</summary>
    public string? DeadlineMs { get; init; }

    /// <summary><c>Lambda-Runtime-Invoked-Function-Arn</c>, if present.</summary>
    public string? InvokedFunctionArn { get; init; }

    /// <summary><c>Lambda-Runtime-Trace-Id</c>, if present.</summary>
    public string? TraceId { get; init; }

    /// <summary>The event body.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }
}

/// <summary>The four calls of the Lambda Runtime API (2018-06-01). Transport failures surface as exceptions.</summary>
public interface ILambdaRuntimeApiClient
{
    /// <summary>Long-polls for the next invocation; only <paramref name="cancellationToken"/> ends the wait.</summary>
    Task<NextInvocationResponse> GetNextInvocationAsync(CancellationToken cancellationToken);

    /// <summary>Posts the response of invocation <paramref name="requestId"/>; returns the HTTP status (202 = accepted).</summary>
    Task<HttpStatusCode> PostResponseAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken);

    /// <summary>Posts an invocation error with the <c>Lambda-Runtime-Function-Error-Type</c> header; returns the status.</summary>
    Task<HttpStatusCode> PostInvocationErrorAsync(string requestId, string errorTypeHeader, LambdaErrorReport report, CancellationToken cancellationToken);

    /// <summary>Posts an initialization error; returns the HTTP status.</summary>
    Task<HttpStatusCode> PostInitErrorAsync(string errorTypeHeader, LambdaErrorReport report, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="ILambdaRuntimeApiClient"/> over <see cref="HttpClient"/>. The client must have an infinite
/// <see cref="HttpClient.Timeout"/> (the next call is a long poll); posts get <paramref name="postTimeout"/> each,
/// measured by <paramref name="time"/>.
/// </summary>
public sealed class LambdaRuntimeApiClient(HttpClient http, RuntimeApiEndpoint endpoint, TimeSpan postTimeout, TimeProvider time) : ILambdaRuntimeApiClient
{
    /// <summary>Largest event body accepted from <c>next</c> (Lambda's own invocation payload limit is 6 MB).</summary>
    public const long MaxEventBytes = 8L * 1024 * 1024;

    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Creates an <see cref="HttpClient"/> suited to the Runtime API: no overall timeout, no proxy, bounded body size.</summary>
    public static HttpClient CreateHttpClient(HttpMessageHandler? handler = null)
    {
        handler ??= new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxEventBytes };
    }

    /// <inheritdoc />
    public async Task<NextInvocationResponse> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint.BaseAddress, "runtime/invocation/next"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new NextInvocationResponse
        {
            StatusCode = response.StatusCode,
            RequestId = Header(response, "Lambda-Runtime-Aws-Request-Id"),
            DeadlineMs = Header(response, "Lambda-Runtime-Deadline-Ms"),
            InvokedFunctionArn = Header(response, "Lambda-Runtime-Invoked-Function-Arn"),
            TraceId = Header(response, "Lambda-Runtime-Trace-Id"),
            Body = body,
        };
    }

    /// <inheritdoc />
    public Task<HttpStatusCode> PostResponseAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken)
    {
        var content = new ReadOnlyMemoryContent(response);
        content.Headers.ContentType = Json;
        return PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/response", content, null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<HttpStatusCode> PostInvocationErrorAsync(string requestId, string errorTypeHeader, LambdaErrorReport report, CancellationToken cancellationToken) =>
        PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", ErrorContent(report), errorTypeHeader, cancellationToken);

    /// <inheritdoc />
    public Task<HttpStatusCode> PostInitErrorAsync(string errorTypeHeader, LambdaErrorReport report, CancellationToken cancellationToken) =>
        PostAsync("runtime/init/error", ErrorContent(report), errorTypeHeader, cancellationToken);

    private static ByteArrayContent ErrorContent(LambdaErrorReport error)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(error, RuntimeJsonContext.Default.LambdaErrorReport));
        content.Headers.ContentType = Json;
        return content;
    }

    private async Task<HttpStatusCode> PostAsync(string path, HttpContent content, string? errorType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.BaseAddress, path)) { Content = content };
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation(ErrorTypeHeader, errorType);
        }

        using var timeout = new CancellationTokenSource(postTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        return response.StatusCode;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
