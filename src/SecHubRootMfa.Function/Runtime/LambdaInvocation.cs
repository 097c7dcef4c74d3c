namespace SecHubRootMfa.Function.Runtime;

/// <summary>One invocation as delivered by <c>GET /runtime/invocation/next</c>, after validation.</summary>
public sealed class LambdaInvocation
{
    /// <summary>The Lambda request id (<c>Lambda-Runtime-Aws-Request-Id</c>).</summary>
    public required string RequestId { get; init; }

    /// <summary>When Lambda stops the invocation (<c>Lambda-Runtime-Deadline-Ms</c>).</summary>
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>The ARN the caller invoked: function, version or alias (<c>Lambda-Runtime-Invoked-Function-Arn</c>).</summary>
    public required string InvokedFunctionArn { get; init; }

    /// <summary>The X-Ray trace header (<c>Lambda-Runtime-Trace-Id</c>), or null when Lambda sent none.</summary>
    public string? TraceId { get; init; }

    /// <summary>The raw event document (UTF-8 JSON as sent by the invoking service).</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Time left until <see cref="Deadline"/> according to <paramref name="timeProvider"/>; never negative.</summary>
    public TimeSpan RemainingTime(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var remaining = Deadline - timeProvider.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}
