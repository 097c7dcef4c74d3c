using System.Text;
using System.Text.Json;
using SecHubRootMfa.Function.Runtime;

namespace SecHubRootMfa.Function.Tests.Emulator;

/// <summary>An invocation the emulator hands out on <c>next</c>. Header values are raw strings so tests can break them.</summary>
public sealed record EmulatedInvocation
{
    /// <summary>The ARN sent when a test does not choose one.</summary>
    public const string DefaultFunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:sechub-root-mfa";

    public string RequestId { get; init; } = Guid.NewGuid().ToString();
    public required byte[] Payload { get; init; }

    /// <summary><c>Lambda-Runtime-Deadline-Ms</c>; null omits the header.</summary>
    public string? DeadlineMs { get; init; }

    /// <summary><c>Lambda-Runtime-Invoked-Function-Arn</c>; null omits the header.</summary>
    public string? FunctionArn { get; init; } = DefaultFunctionArn;

    /// <summary><c>Lambda-Runtime-Trace-Id</c>; null omits the header.</summary>
    public string? TraceId { get; init; }

    public static string DeadlineHeader(DateTimeOffset deadline) =>
        deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What the runtime posted for one invocation: a response or an error.</summary>
public sealed record InvocationOutcome(string RequestId, byte[]? Response, byte[]? ErrorBody, string? ErrorTypeHeader)
{
    public bool IsError => ErrorBody is not null;

    public string ResponseText => Response is null
        ? throw new InvalidOperationException($"Invocation {RequestId} ended with an error: {Encoding.UTF8.GetString(ErrorBody!)}")
        : Encoding.UTF8.GetString(Response);

    /// <summary>The error body, read with the production serializer.</summary>
    public LambdaErrorReport Error => ErrorBody is null
        ? throw new InvalidOperationException($"Invocation {RequestId} succeeded: {Encoding.UTF8.GetString(Response!)}")
        : JsonSerializer.Deserialize(ErrorBody, RuntimeJsonContext.Default.LambdaErrorReport)
          ?? throw new InvalidOperationException("The error body is JSON null.");
}

/// <summary>A posted init error.</summary>
public sealed record InitErrorRecord(byte[] Body, string? ErrorTypeHeader)
{
    public LambdaErrorReport Error => JsonSerializer.Deserialize(Body, RuntimeJsonContext.Default.LambdaErrorReport)
        ?? throw new InvalidOperationException("The init error body is JSON null.");
}
