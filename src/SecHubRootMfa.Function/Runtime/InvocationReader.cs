using System.Globalization;

namespace SecHubRootMfa.Function.Runtime;

/// <summary>Validates the headers of a <c>next</c> response and turns them into a <see cref="LambdaInvocation"/>.</summary>
internal static class InvocationReader
{
    private const int MaxRequestIdLength = 256;
    private const int MaxArnLength = 2048;
    private const int MaxTraceIdLength = 2048;

    /// <summary>True when the request id can be used in a Runtime API path (non-empty, bounded, printable ASCII).</summary>
    public static bool IsUsableRequestId(string? requestId) =>
        !string.IsNullOrEmpty(requestId) && requestId.Length <= MaxRequestIdLength && requestId.All(c => c is > ' ' and < '\u007f');

    /// <summary>Builds the invocation, or returns null with <paramref name="problem"/> naming the invalid header.</summary>
    public static LambdaInvocation? TryRead(NextInvocationResponse next, string requestId, out string? problem)
    {
        if (string.IsNullOrEmpty(next.DeadlineMs)
            || !long.TryParse(next.DeadlineMs, NumberStyles.None, CultureInfo.InvariantCulture, out var deadlineMs)
            || deadlineMs <= 0 || deadlineMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            problem = "Lambda-Runtime-Deadline-Ms is missing or not a positive Unix time in milliseconds.";
            return null;
        }

        if (string.IsNullOrWhiteSpace(next.InvokedFunctionArn) || next.InvokedFunctionArn.Length > MaxArnLength
            || !next.InvokedFunctionArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            problem = "Lambda-Runtime-Invoked-Function-Arn is missing or not an ARN.";
            return null;
        }

        if (next.TraceId is { Length: > MaxTraceIdLength })
        {
            problem = "Lambda-Runtime-Trace-Id is longer than 2048 characters.";
            return null;
        }

        problem = null;
        return new LambdaInvocation
        {
            RequestId = requestId,
            Deadline = DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs),
            InvokedFunctionArn = next.InvokedFunctionArn,
            TraceId = string.IsNullOrEmpty(next.TraceId) ? null : next.TraceId,
            Payload = next.Body,
        };
    }
}
