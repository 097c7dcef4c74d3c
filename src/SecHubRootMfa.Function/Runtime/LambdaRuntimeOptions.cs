namespace SecHubRootMfa.Function.Runtime;

/// <summary>Tuning of <see cref="LambdaRuntimeLoop"/>; the defaults suit a real Lambda sandbox.</summary>
public sealed record LambdaRuntimeOptions
{
    /// <summary>Lambda's limit for a buffered (synchronous) response: 6 MiB. Larger responses are reported as errors.</summary>
    public const int DefaultMaxResponseBytes = 6 * 1024 * 1024;

    /// <summary>Largest response the loop posts, in bytes. Default 6 MiB.</summary>
    public int MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;

    /// <summary>How long before the deadline the handler's token fires, leaving time to report. Default 500 ms.</summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Attempts (the first included) at <c>next</c> when the Runtime API is unreachable or answers 5xx, before exiting. Default 4.</summary>
    public int MaxNextAttempts { get; init; } = 4;

    /// <summary>Delay before the first retry; the backoff doubles it per retry up to <see cref="MaxBackoff"/>. Default 100 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of one backoff delay. Default 2 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Timeout of each response/error post (the Runtime API is local; a hang means it is broken). Default 30 s.</summary>
    public TimeSpan PostTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxResponseBytes, 1, nameof(MaxResponseBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNextAttempts, 1, nameof(MaxNextAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(DeadlineMargin, TimeSpan.Zero, nameof(DeadlineMargin));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialBackoff, TimeSpan.Zero, nameof(InitialBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff, nameof(MaxBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PostTimeout, TimeSpan.Zero, nameof(PostTimeout));
    }
}

/// <summary>Process exit codes of the function host.</summary>
public static class LambdaExitCodes
{
    /// <summary>Shutdown was requested (SIGTERM or the shutdown token).</summary>
    public const int Shutdown = 0;

    /// <summary>The handler factory failed; the init error was reported (or could not be).</summary>
    public const int InitFailed = 1;

    /// <summary>The Runtime API stayed unreachable, answered 5xx, or broke the protocol.</summary>
    public const int RuntimeApiFailed = 2;

    /// <summary><c>AWS_LAMBDA_RUNTIME_API</c> is missing or malformed, so nothing could be reported.</summary>
    public const int ConfigurationInvalid = 3;
}
