using System.Globalization;
using Amazon.Runtime;
using SecHubRootMfa.Aws.SecurityHub;

namespace SecHubRootMfa.Aws.Runtime;

/// <summary>
/// The AWS client layer's retries: the SDK's attempts per request and mode (<c>AWS_MAX_ATTEMPTS</c>, <c>AWS_RETRY_MODE</c>,
/// as the AWS CLI reads them), the retry rounds for findings BatchImportFindings rejects one by one, and Security Hub's
/// request rate that <see cref="SecurityHubRequestLimiter"/> keeps per account and region. The product's other retry
/// mechanisms are listed in the README's "Retries" table.
/// </summary>
public sealed record AwsRetryPolicy
{
    /// <summary>The environment variable with the attempts per request, first one included (1–11).</summary>
    public const string MaxAttemptsVariable = "AWS_MAX_ATTEMPTS";

    /// <summary>The environment variable with the SDK retry mode: <c>standard</c> or <c>adaptive</c>.</summary>
    public const string RetryModeVariable = "AWS_RETRY_MODE";

    /// <summary>
    /// Security Hub requests per second (and burst) per account and region: BatchImportFindings' documented rate. GetFindings
    /// is documented lower (3/s, burst 6), but a member makes one GetFindings per evaluation, far below either.
    /// </summary>
    public const int SecurityHubRequestsPerSecond = 10;

    /// <summary>Most attempts accepted: 10 retries after the first.</summary>
    public const int MaxAttemptsLimit = 11;

    /// <summary>Standard mode and the default <see cref="MaxAttempts"/>: the SDK's backoff with jitter between attempts.</summary>
    public static AwsRetryPolicy Default { get; } = new();

    /// <summary>Attempts per request, the first one included; also 1 + the retry rounds of a rejected finding. Default 4.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The SDK retry mode. Default standard.</summary>
    public RequestRetryMode Mode { get; init; } = RequestRetryMode.Standard;

    /// <summary>Delay before a rejected finding's first retry round; the backoff doubles it each round (with jitter), capped at 5 s. Default 500 ms.</summary>
    public TimeSpan FindingRetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Retries after the first attempt, as the SDK's MaxErrorRetry counts them.</summary>
    public int Retries => MaxAttempts - 1;

    /// <summary>
    /// Reads <c>AWS_MAX_ATTEMPTS</c> and <c>AWS_RETRY_MODE</c>; unset or empty keeps the default. Throws
    /// <see cref="ArgumentException"/> naming the variable and the accepted values when one is invalid.
    /// </summary>
    public static AwsRetryPolicy FromEnvironment(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var policy = Default;
        if (getEnvironmentVariable(MaxAttemptsVariable) is { Length: > 0 } attempts)
        {
            if (!int.TryParse(attempts.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxAttemptsLimit)
            {
                throw new ArgumentException(
                    $"{MaxAttemptsVariable}='{Bounded(attempts)}' is not a whole number from 1 to {MaxAttemptsLimit} (attempts per request, the first one included).");
            }

            policy = policy with { MaxAttempts = n };
        }

        if (getEnvironmentVariable(RetryModeVariable) is { Length: > 0 } mode)
        {
            policy = policy with
            {
                Mode = mode.Trim().ToLowerInvariant() switch
                {
                    "standard" => RequestRetryMode.Standard,
                    "adaptive" => RequestRetryMode.Adaptive,
                    // The AWS CLI also knows "legacy"; AWS SDK for .NET v4 dropped it, so say so instead of silently mapping it.
                    "legacy" => throw new ArgumentException($"{RetryModeVariable}='legacy' is not supported by the AWS SDK for .NET v4: use standard or adaptive."),
                    _ => throw new ArgumentException($"{RetryModeVariable}='{Bounded(mode)}' is not one of standard, adaptive."),
                },
            };
        }

        return policy;
    }

    /// <summary>The importer's settings under this policy: <see cref="Retries"/> retry rounds for a rejected finding.</summary>
    public FindingImporterOptions ImporterOptions() =>
        new() { MaxFindingRetries = Retries, RetryBaseDelay = FindingRetryBaseDelay };

    /// <summary>Applies the SDK side (mode, retries) to a client configuration.</summary>
    public void ApplyTo(ClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.RetryMode = Mode;
        config.MaxErrorRetry = Retries;
    }

    /// <summary>One line for logs and <c>--verbose</c>: the mode, the attempts per request and per finding, Security Hub's request rate.</summary>
    public override string ToString() =>
        $"{Mode.ToString().ToLowerInvariant()}, {MaxAttempts} attempts per request and per finding, Security Hub <= {SecurityHubRequestsPerSecond} requests/s per account and region";

    private static string Bounded(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
