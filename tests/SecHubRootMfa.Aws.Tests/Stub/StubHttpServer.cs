using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SecHubRootMfa.Aws.Tests.Stub;

/// <summary>One scripted answer of <see cref="StubHttpServer"/>; <see cref="Hang"/> keeps the connection open unanswered.</summary>
internal sealed record StubResponse(int Status, string Body, string ContentType, Dictionary<string, string>? Headers = null, bool Hang = false)
{
    public static StubResponse Xml(int status, string body) => new(status, body, "text/xml");

    public static StubResponse Json(int status, string body, string? errorType = null)
        => new(status, body, "application/json", errorType is null ? null : new() { ["x-amzn-ErrorType"] = errorType });

    public static StubResponse Hung() => new(0, string.Empty, string.Empty, Hang: true);
}

internal sealed record RecordedRequest(string Method, string Path, Dictionary<string, string> Headers, string Body);

/// <summary>
/// A local HTTP server on 127.0.0.1 that answers with a script (the last answer repeats) and records what it saw,
/// for fault injection through the real SDK pipeline.
/// </summary>
internal sealed class StubHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<StubResponse> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private StubResponse _last;

    private readonly Func<RecordedRequest, StubResponse>? _route;

    public StubHttpServer(params StubResponse[] script)
        : this(script, null)
    {
    }

    /// <summary>A stub that answers each request by what it asks (e.g. its <c>Action=</c>), for calls made concurrently.</summary>
    public StubHttpServer(Func<RecordedRequest, StubResponse> route)
        : this([StubResponse.Hung()], route)
    {
    }

    private StubHttpServer(StubResponse[] script, Func<RecordedRequest, StubResponse>? route)
    {
        _route = route;
        _script = new ConcurrentQueue<StubResponse>(script);
        _last = script[^1];
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
            .ToDictionary(k => k!, k => context.Request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(context.Request.HttpMethod, context.Request.Url?.AbsolutePath ?? "/", headers, body);
        Requests.Enqueue(request);

        var answer = _route is not null ? _route(request) : _script.TryDequeue(out var next) ? _last = next : _last;
        try
        {
            if (answer.Hang)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return;
            }

            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = answer.ContentType;
            context.Response.Headers["x-amzn-RequestId"] = $"stub-{Requests.Count}";
            foreach (var (name, value) in answer.Headers ?? [])
            {
                context.Response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
        {
            context.Response.Abort();
        }
    }

    // Ports handed out in this test process. The OS may give a just-freed port again, and the SDK keeps pooled
    // connections per host:port across clients, so a stub must never reuse a port an earlier stub had.
    private static readonly HashSet<int> Used = [];

    private static int FreePort()
    {
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (Used)
            {
                if (Used.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
