using System.Net;

namespace SecHubRootMfa.Function.Runtime;

/// <summary>
/// The invocation loop: fetch the next invocation, run the handler, post its response or error, repeat.
/// A failing invocation never stops the loop; only shutdown or a broken Runtime API does.
/// </summary>
public sealed class LambdaRuntimeLoop
{
    /// <summary>Set to the invocation's trace header before each handler call (cleared when Lambda sends none).</summary>
    public const string TraceIdEnvironmentVariable = "_X_AMZN_TRACE_ID";

    // A deadline further away than this is treated as this far away (Lambda's own maximum timeout is 15 minutes).
    private static readonly TimeSpan MaxBudget = TimeSpan.FromDays(1);

    private readonly ILambdaRuntimeApiClient _client;
    private readonly ILambdaHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogSink _log;
    private readonly LambdaRuntimeOptions _options;

    /// <summary>Creates a loop; <paramref name="options"/> defaults to <see cref="LambdaRuntimeOptions"/>' defaults.</summary>
    public LambdaRuntimeLoop(ILambdaRuntimeApiClient client, ILambdaHandler handler, TimeProvider time, ILogSink log, LambdaRuntimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(log);
        _options = options ?? new LambdaRuntimeOptions();
        _options.Validate();
        _client = client;
        _handler = handler;
        _time = time;
        _log = log;
    }

    /// <summary>
    /// Runs until <paramref name="shutdown"/> fires (returns <see cref="LambdaExitCodes.Shutdown"/>) or the Runtime API
    /// fails for good (returns <see cref="LambdaExitCodes.RuntimeApiFailed"/>).
    /// </summary>
    public async Task<int> RunAsync(CancellationToken shutdown)
    {
        while (!shutdown.IsCancellationRequested)
        {
            NextInvocationResponse? next;
            try
            {
                next = await ReceiveAsync(shutdown).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                break;
            }

            if (next is null || !await ProcessAsync(next, shutdown).ConfigureAwait(false))
            {
                return LambdaExitCodes.RuntimeApiFailed;
            }
        }

        _log.Write(LogSeverity.Info, "runtime.shutdown", "Shutdown requested; leaving the invocation loop.");
        return LambdaExitCodes.Shutdown;
    }

    /// <summary>Gets the next invocation with bounded retries; null when the Runtime API is unusable.</summary>
    private async Task<NextInvocationResponse?> ReceiveAsync(CancellationToken shutdown)
    {
        var backoff = _options.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                var next = await _client.GetNextInvocationAsync(shutdown).ConfigureAwait(false);
                var status = (int)next.StatusCode;
                if (next.StatusCode == HttpStatusCode.OK && InvocationReader.IsUsableRequestId(next.RequestId))
                {
                    return next;
                }

                if (status is >= 400 and < 500)
                {
                    // The API refuses this runtime (e.g. 403); asking again cannot help.
                    _log.Write(LogSeverity.Error, "runtime_api.next_rejected", "The Runtime API rejected the next-invocation request.",
                        LogField.Of("statusCode", status));
                    return null;
                }

                failure = next.StatusCode == HttpStatusCode.OK
                    ? "response without a usable Lambda-Runtime-Aws-Request-Id header"
                    : $"HTTP {status}";
            }
            catch (HttpRequestException ex)
            {
                failure = ex.Message;
            }
            catch (OperationCanceledException ex) when (!shutdown.IsCancellationRequested)
            {
                // A connect timeout surfaces as a cancellation that nobody asked for.
                failure = $"timed out ({ex.GetType().Name})";
            }

            _log.Write(LogSeverity.Warn, "runtime_api.next_failed", "Could not get the next invocation.",
                LogField.Of("attempt", attempt), LogField.Of("maxAttempts", _options.MaxNextAttempts), LogField.Of("reason", failure));
            if (attempt >= _options.MaxNextAttempts)
            {
                _log.Write(LogSeverity.Error, "runtime_api.unavailable", "The Runtime API stayed unusable; exiting so Lambda restarts the sandbox.",
                    LogField.Of("attempts", attempt));
                return null;
            }

            await Task.Delay(backoff, _time, shutdown).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    /// <summary>Runs one invocation and reports its outcome; false when the Runtime API broke while reporting.</summary>
    private async Task<bool> ProcessAsync(NextInvocationResponse next, CancellationToken shutdown)
    {
        var requestId = next.RequestId!;
        var started = _time.GetTimestamp();
        var invocation = InvocationReader.TryRead(next, requestId, out var problem);
        if (invocation is null)
        {
            return await ReportErrorAsync(requestId, LambdaErrorTypes.InvalidInvocation,
                LambdaErrorReport.Create(LambdaErrorTypes.InvalidInvocation, problem!), started).ConfigureAwait(false);
        }

        Environment.SetEnvironmentVariable(TraceIdEnvironmentVariable, invocation.TraceId);
        _log.BeginInvocation(requestId, invocation.TraceId);
        var budget = invocation.Deadline - _time.GetUtcNow() - _options.DeadlineMargin;
        budget = budget < TimeSpan.Zero ? TimeSpan.Zero : budget > MaxBudget ? MaxBudget : budget;
        using var deadline = new CancellationTokenSource(budget, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, shutdown);

        ReadOnlyMemory<byte> response;
        try
        {
            response = await _handler.HandleAsync(invocation, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return await ReportErrorAsync(requestId, LambdaErrorTypes.DeadlineExceeded, LambdaErrorReport.Create(LambdaErrorTypes.DeadlineExceeded,
                $"The handler did not finish within the invocation deadline less the {_options.DeadlineMargin.TotalMilliseconds:0} ms margin."),
                started).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            return await ReportErrorAsync(requestId, LambdaErrorTypes.ShuttingDown,
                LambdaErrorReport.Create(LambdaErrorTypes.ShuttingDown, "The runtime was shut down during the invocation."), started).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any handler failure is reported as this invocation's error; the loop must survive it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var header = ex is LambdaFunctionException lfe ? lfe.ErrorType : LambdaErrorTypes.FunctionUnhandled;
            return await ReportErrorAsync(requestId, header, LambdaErrorReport.FromException(ex), started).ConfigureAwait(false);
        }

        if (response.Length > _options.MaxResponseBytes)
        {
            return await ReportResponseTooLargeAsync(requestId, response.Length, started).ConfigureAwait(false);
        }

        var posted = await TryPostAsync(() => _client.PostResponseAsync(requestId, response, CancellationToken.None), "response", requestId).ConfigureAwait(false);
        switch (posted)
        {
            case null:
                return false;
            case HttpStatusCode.RequestEntityTooLarge:
                return await ReportResponseTooLargeAsync(requestId, response.Length, started).ConfigureAwait(false);
            case HttpStatusCode.Accepted or HttpStatusCode.OK:
                _log.Write(LogSeverity.Info, "invocation.completed", "Invocation succeeded.",
                    LogField.Of("requestId", requestId), LogField.Of("durationMs", ElapsedMs(started)), LogField.Of("responseBytes", response.Length));
                return true;
            default:
                return Rejected(posted.Value, "response", requestId);
        }
    }

    private Task<bool> ReportResponseTooLargeAsync(string requestId, int length, long started) =>
        ReportErrorAsync(requestId, LambdaErrorTypes.ResponseTooLarge, LambdaErrorReport.Create(LambdaErrorTypes.ResponseTooLarge,
            $"The response has {length} bytes; Lambda accepts at most {_options.MaxResponseBytes} bytes."), started);

    private async Task<bool> ReportErrorAsync(string requestId, string header, LambdaErrorReport report, long started)
    {
        _log.Write(LogSeverity.Error, "invocation.failed", "Invocation failed.", LogField.Of("requestId", requestId),
            LogField.Of("errorType", report.ErrorType), LogField.Of("errorMessage", report.ErrorMessage), LogField.Of("durationMs", ElapsedMs(started)));
        var posted = await TryPostAsync(() => _client.PostInvocationErrorAsync(requestId, header, report, CancellationToken.None), "error", requestId)
            .ConfigureAwait(false);
        return posted switch
        {
            null => false,
            HttpStatusCode.Accepted or HttpStatusCode.OK => true,
            _ => Rejected(posted.Value, "error", requestId),
        };
    }

    /// <summary>Posts; null when the transport failed (the Runtime API is gone, so the process should exit).</summary>
    private async Task<HttpStatusCode?> TryPostAsync(Func<Task<HttpStatusCode>> post, string kind, string requestId)
    {
        try
        {
            return await post().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            _log.Write(LogSeverity.Error, "runtime_api.post_failed", $"Could not post the invocation {kind}; exiting so Lambda restarts the sandbox.",
                LogField.Of("requestId", requestId), LogField.Of("reason", ex.Message));
            return null;
        }
    }

    /// <summary>4xx: this invocation is lost but the API works, so keep going; 5xx: the API says it is broken, so exit.</summary>
    private bool Rejected(HttpStatusCode status, string kind, string requestId)
    {
        var serverError = (int)status >= 500;
        _log.Write(LogSeverity.Error, "runtime_api.post_rejected", $"The Runtime API rejected the invocation {kind}.",
            LogField.Of("requestId", requestId), LogField.Of("statusCode", (int)status), LogField.Of("fatal", serverError));
        return !serverError;
    }

    private long ElapsedMs(long started) => (long)_time.GetElapsedTime(started).TotalMilliseconds;
}
