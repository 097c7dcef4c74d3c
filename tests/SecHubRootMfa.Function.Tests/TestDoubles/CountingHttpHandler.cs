namespace SecHubRootMfa.Function.Tests.TestDoubles;

/// <summary>Counts HTTP requests per path suffix while passing them to the real socket handler.</summary>
internal sealed class CountingHttpHandler() : DelegatingHandler(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
{
    private int _nextRequests;

    public int NextRequests => Volatile.Read(ref _nextRequests);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.AbsolutePath.EndsWith("/invocation/next", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _nextRequests);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
