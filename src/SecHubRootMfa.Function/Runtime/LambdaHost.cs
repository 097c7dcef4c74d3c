using System.Runtime.InteropServices;

namespace SecHubRootMfa.Function.Runtime;

/// <summary>What a <see cref="LambdaHandlerFactory"/> gets to build the handler with.</summary>
public sealed class LambdaHostContext
{
    /// <summary>The structured log the runtime itself writes to; reuse it for the handler's logs.</summary>
    public required ILogSink Log { get; init; }

    /// <summary>The clock.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>Reads an environment variable (null when unset); injected so factories stay testable.</summary>
    public required Func<string, string?> GetEnvironmentVariable { get; init; }
}

/// <summary>Init phase plus invocation loop: builds the handler (reporting an init error if that fails), then runs the loop.</summary>
public sealed class LambdaHost
{
    private readonly ILambdaRuntimeApiClient _client;
    private readonly ILogSink _log;
    private readonly TimeProvider _time;
    private readonly LambdaRuntimeOptions _options;

    /// <summary>Creates a host over an existing Runtime API client.</summary>
    public LambdaHost(ILambdaRuntimeApiClient client, ILogSink log, TimeProvider time, LambdaRuntimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(time);
        _client = client;
        _log = log;
        _time = time;
        _options = options ?? new LambdaRuntimeOptions();
    }

    /// <summary>
    /// Creates the handler via <paramref name="factory"/> and runs the loop; returns the process exit code
    /// (see <see cref="LambdaExitCodes"/>). A factory exception is posted to <c>/runtime/init/error</c>.
    /// </summary>
    public async Task<int> RunAsync(LambdaHandlerFactory factory, Func<string, string?> getEnvironmentVariable, CancellationToken shutdown)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var context = new LambdaHostContext { Log = _log, Time = _time, GetEnvironmentVariable = getEnvironmentVariable };
        ILambdaHandler handler;
        try
        {
            handler = await factory(context, shutdown).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The handler factory returned no handler.");
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            return LambdaExitCodes.Shutdown;
        }
#pragma warning disable CA1031 // Whatever breaks init is reported to Lambda as the init error, then the process exits.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await ReportInitErrorAsync(ex).ConfigureAwait(false);
            return LambdaExitCodes.InitFailed;
        }

        _log.Write(LogSeverity.Info, "init.completed", "Handler created; entering the invocation loop.", LogField.Of("handler", handler.GetType().Name));
        return await new LambdaRuntimeLoop(_client, handler, _time, _log, _options).RunAsync(shutdown).ConfigureAwait(false);
    }

    /// <summary>
    /// The process entry point: reads <c>AWS_LAMBDA_RUNTIME_API</c> and the log level (<c>SECHUBROOTMFA_LOG_LEVEL</c>, else
    /// Lambda's <c>AWS_LAMBDA_LOG_LEVEL</c>), logs JSON lines to
    /// stdout/stderr, treats SIGTERM/SIGINT as shutdown, and returns the exit code.
    /// </summary>
    public static async Task<int> RunFromEnvironmentAsync(LambdaHandlerFactory factory, LambdaRuntimeOptions? options = null)
    {
        var time = TimeProvider.System;
        var log = new JsonLineLogSink(Console.Out, Console.Error, time, JsonLineLogSink.ParseMinimum(
            Environment.GetEnvironmentVariable("SECHUBROOTMFA_LOG_LEVEL") ?? Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_LEVEL")),
            LambdaLogContext.FromEnvironment(Environment.GetEnvironmentVariable));
        if (!RuntimeApiEndpoint.TryParse(Environment.GetEnvironmentVariable(RuntimeApiEndpoint.EnvironmentVariable), out var endpoint, out var error))
        {
            log.Write(LogSeverity.Error, "config.invalid", error);
            return LambdaExitCodes.ConfigurationInvalid;
        }

        options ??= new LambdaRuntimeOptions();
        using var shutdown = new CancellationTokenSource();
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true;
            shutdown.Cancel();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var http = LambdaRuntimeApiClient.CreateHttpClient();
        var client = new LambdaRuntimeApiClient(http, endpoint, options.PostTimeout, time);
        return await new LambdaHost(client, log, time, options)
            .RunAsync(factory, Environment.GetEnvironmentVariable, shutdown.Token).ConfigureAwait(false);
    }

    private async Task ReportInitErrorAsync(Exception exception)
    {
        var report = LambdaErrorReport.FromException(exception);
        var header = exception is LambdaFunctionException lfe ? lfe.ErrorType : LambdaErrorTypes.InitFailed;
        _log.Write(LogSeverity.Error, "init.failed", "Handler creation failed; reporting the init error and exiting.",
            LogField.Of("errorType", report.ErrorType), LogField.Of("errorMessage", report.ErrorMessage));
        try
        {
            var status = await _client.PostInitErrorAsync(header, report, CancellationToken.None).ConfigureAwait(false);
            if ((int)status is < 200 or > 299)
            {
                _log.Write(LogSeverity.Error, "runtime_api.post_rejected", "The Runtime API rejected the init error.", LogField.Of("statusCode", (int)status));
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            _log.Write(LogSeverity.Error, "runtime_api.post_failed", "Could not post the init error.", LogField.Of("reason", ex.Message));
        }
    }
}
