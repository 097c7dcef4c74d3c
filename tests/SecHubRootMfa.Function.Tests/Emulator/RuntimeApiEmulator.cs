using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace SecHubRootMfa.Function.Tests.Emulator;

/// <summary>
/// The server side of the Lambda Runtime API (2018-06-01) on 127.0.0.1 and a free port. Queue invocations, point a
/// runtime at <see cref="Address"/> (in-process client or an external process via <c>AWS_LAMBDA_RUNTIME_API</c>),
/// then await what it posted. Like Lambda, <c>next</c> blocks until an invocation is queued, a response or error
/// is accepted once per request id, and responses over 6 MiB get 413.
/// </summary>
public sealed class RuntimeApiEmulator : IAsyncDisposable
{
    /// <summary>Lambda's buffered response limit, enforced like the real API (413).</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;

    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);
    private const string Prefix = "/2018-06-01/runtime/";

    private readonly HttpListener _listener;
    private readonly TimeProvider _time;
    private readonly Channel<EmulatedInvocation> _queue = Channel.CreateUnbounded<EmulatedInvocation>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationOutcome>> _outcomes = new();
    private readonly ConcurrentDictionary<string, byte> _delivered = new();
    private readonly ConcurrentQueue<InitErrorRecord> _initErrors = new();
    private readonly TaskCompletionSource<InitErrorRecord> _firstInitError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private int _nextRequests;
    private long _firstNextTimestamp;
    private int _failuresLeft;
    private int _failureStatus;

    private RuntimeApiEmulator(HttpListener listener, int port, TimeProvider time)
    {
        _listener = listener;
        _time = time;
        Port = port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary><c>host:port</c>, the value for <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>How many <c>GET next</c> requests arrived (including failed ones).</summary>
    public int NextRequestCount => Volatile.Read(ref _nextRequests);

    /// <summary>
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp of the first <c>GET next</c>, or null before it: the end of
    /// the function's init phase, which Lambda reports as Init Duration.
    /// </summary>
    public long? FirstNextTimestamp => Interlocked.Read(ref _firstNextTimestamp) is var t && t != 0 ? t : null;

    public IReadOnlyList<InitErrorRecord> InitErrors => [.. _initErrors];

    /// <summary>Starts listening on a free loopback port; <paramref name="time"/> sets default deadlines.</summary>
    public static RuntimeApiEmulator Start(TimeProvider? time = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new RuntimeApiEmulator(listener, port, time ?? TimeProvider.System);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // Another process took the port between probing and binding; probe again.
                listener.Close();
            }
        }
    }

    /// <summary>A loopback port nothing listens on (for "Runtime API unreachable" cases).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Queues an invocation of <paramref name="payloadJson"/>; the deadline defaults to 5 minutes from now.</summary>
    public string Enqueue(string payloadJson, DateTimeOffset? deadline = null, string? traceId = null, string functionArn = EmulatedInvocation.DefaultFunctionArn) =>
        Enqueue(new EmulatedInvocation
        {
            Payload = Encoding.UTF8.GetBytes(payloadJson),
            DeadlineMs = EmulatedInvocation.DeadlineHeader(deadline ?? _time.GetUtcNow().AddMinutes(5)),
            TraceId = traceId,
            FunctionArn = functionArn,
        });

    /// <summary>Queues <paramref name="invocation"/> as given and returns its request id.</summary>
    public string Enqueue(EmulatedInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (!_outcomes.TryAdd(invocation.RequestId, new TaskCompletionSource<InvocationOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)))
        {
            throw new InvalidOperationException($"Request id {invocation.RequestId} was already queued.");
        }

        _queue.Writer.TryWrite(invocation);
        return invocation.RequestId;
    }

    /// <summary>Answers the next <paramref name="count"/> <c>next</c> requests with <paramref name="statusCode"/>.</summary>
    public void FailNextRequests(int statusCode, int count = int.MaxValue)
    {
        Volatile.Write(ref _failureStatus, statusCode);
        Volatile.Write(ref _failuresLeft, count);
    }

    /// <summary>Waits for the response or error of <paramref name="requestId"/> (default 30 s, then TimeoutException).</summary>
    public async Task<InvocationOutcome> WaitForOutcomeAsync(string requestId, TimeSpan? timeout = null)
    {
        if (!_outcomes.TryGetValue(requestId, out var outcome))
        {
            throw new InvalidOperationException($"Request id {requestId} was never queued.");
        }

        try
        {
            return await outcome.Task.WaitAsync(timeout ?? DefaultWait);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No response or error was posted for {requestId} within {(timeout ?? DefaultWait).TotalSeconds} s.");
        }
    }

    /// <summary>Waits for the first init error (default 30 s, then TimeoutException).</summary>
    public Task<InitErrorRecord> WaitForInitErrorAsync(TimeSpan? timeout = null) => _firstInitError.Task.WaitAsync(timeout ?? DefaultWait);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Close();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // Closing the listener ends the accept loop this way.
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            var request = context.Request;
            var path = request.Url!.AbsolutePath;
            if (request.HttpMethod == "GET" && path == Prefix + "invocation/next")
            {
                await ServeNextAsync(context);
            }
            else if (request.HttpMethod == "POST" && path == Prefix + "init/error")
            {
                var record = new InitErrorRecord(await ReadBodyAsync(request), request.Headers["Lambda-Runtime-Function-Error-Type"]);
                _initErrors.Enqueue(record);
                _firstInitError.TrySetResult(record);
                await RespondAsync(context, HttpStatusCode.Accepted, """{"status":"OK"}""");
            }
            else if (request.HttpMethod == "POST" && path.StartsWith(Prefix + "invocation/", StringComparison.Ordinal)
                     && (path.EndsWith("/response", StringComparison.Ordinal) || path.EndsWith("/error", StringComparison.Ordinal)))
            {
                await AcceptResultAsync(context, path);
            }
            else
            {
                await RespondAsync(context, HttpStatusCode.NotFound, """{"errorMessage":"Unknown path","errorType":"NotFound"}""");
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The client went away or the emulator is stopping.
            context.Response.Abort();
        }
    }

    private async Task ServeNextAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _nextRequests);
        Interlocked.CompareExchange(ref _firstNextTimestamp, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        if (Volatile.Read(ref _failuresLeft) > 0 && Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            await RespondAsync(context, (HttpStatusCode)Volatile.Read(ref _failureStatus),
                """{"errorMessage":"Injected failure","errorType":"Emulator.InjectedFailure"}""");
            return;
        }

        var invocation = await _queue.Reader.ReadAsync(_stopping.Token);
        _delivered[invocation.RequestId] = 0;
        var response = context.Response;
        response.Headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        SetIfPresent(response, "Lambda-Runtime-Deadline-Ms", invocation.DeadlineMs);
        SetIfPresent(response, "Lambda-Runtime-Invoked-Function-Arn", invocation.FunctionArn);
        SetIfPresent(response, "Lambda-Runtime-Trace-Id", invocation.TraceId);
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.ContentLength64 = invocation.Payload.Length;
        await response.OutputStream.WriteAsync(invocation.Payload);
        response.Close();
    }

    private async Task AcceptResultAsync(HttpListenerContext context, string path)
    {
        var isError = path.EndsWith("/error", StringComparison.Ordinal);
        var idSegment = path[(Prefix + "invocation/").Length..path.LastIndexOf('/')];
        var requestId = Uri.UnescapeDataString(idSegment);
        var body = await ReadBodyAsync(context.Request);
        if (!_delivered.ContainsKey(requestId) || !_outcomes.TryGetValue(requestId, out var outcome))
        {
            await RespondAsync(context, HttpStatusCode.BadRequest, """{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}""");
            return;
        }

        if (!isError && body.Length > MaxResponseBytes)
        {
            await RespondAsync(context, HttpStatusCode.RequestEntityTooLarge, """{"errorMessage":"Response payload too large","errorType":"RequestEntityTooLarge"}""");
            return;
        }

        var result = isError
            ? new InvocationOutcome(requestId, null, body, context.Request.Headers["Lambda-Runtime-Function-Error-Type"])
            : new InvocationOutcome(requestId, body, null, null);
        if (!outcome.TrySetResult(result))
        {
            await RespondAsync(context, HttpStatusCode.Forbidden, """{"errorMessage":"Invalid state transition","errorType":"InvalidStateTransition"}""");
            return;
        }

        await RespondAsync(context, HttpStatusCode.Accepted, """{"status":"OK"}""");
    }

    private static void SetIfPresent(HttpListenerResponse response, string name, string? value)
    {
        if (value is not null)
        {
            response.Headers[name] = value;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpListenerRequest request)
    {
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static async Task RespondAsync(HttpListenerContext context, HttpStatusCode status, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
