using System.Text.Json.Serialization;

namespace SecHubRootMfa.Function.Runtime;

/// <summary>The error document Lambda expects on <c>/invocation/{id}/error</c> and <c>/init/error</c>.</summary>
public sealed record LambdaErrorReport
{
    // Bounds keep an error report small and well under the payload limit, whatever the exception holds.
    internal const int MaxMessageChars = 4096;
    internal const int MaxStackLines = 64;
    internal const int MaxStackLineChars = 512;

    /// <summary>Human-readable cause.</summary>
    public required string ErrorMessage { get; init; }

    /// <summary>Classification, e.g. an exception type name or a <c>Category.Reason</c> string.</summary>
    public required string ErrorType { get; init; }

    /// <summary>Stack frames, one per entry (may be empty).</summary>
    public IReadOnlyList<string> StackTrace { get; init; } = [];

    /// <summary>Builds a report for a runtime-detected problem that has no exception.</summary>
    public static LambdaErrorReport Create(string errorType, string message) =>
        new() { ErrorType = errorType, ErrorMessage = Truncate(message, MaxMessageChars) };

    /// <summary>
    /// Builds a report from <paramref name="exception"/>: the type is <see cref="LambdaFunctionException.ErrorType"/>
    /// or the exception's type name; the stack includes inner exceptions' types and messages.
    /// </summary>
    public static LambdaErrorReport FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var errorType = exception is LambdaFunctionException lfe ? lfe.ErrorType : exception.GetType().Name;
        var lines = new List<string>();
        for (var current = exception; current is not null && lines.Count < MaxStackLines; current = current.InnerException)
        {
            if (!ReferenceEquals(current, exception))
            {
                lines.Add(Truncate($"--- caused by {current.GetType().Name}: {current.Message}", MaxStackLineChars));
            }

            foreach (var line in (current.StackTrace ?? string.Empty).Split('\n'))
            {
                var trimmed = line.Trim();
                if (trimmed.Length > 0 && lines.Count < MaxStackLines)
                {
                    lines.Add(Truncate(trimmed, MaxStackLineChars));
                }
            }
        }

        return new LambdaErrorReport
        {
            ErrorType = errorType,
            ErrorMessage = Truncate(exception.Message, MaxMessageChars),
            StackTrace = lines,
        };
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : string.Concat(value.AsSpan(0, max - 1), "…");
}

/// <summary>Source-generated JSON metadata for the runtime's own documents.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LambdaErrorReport))]
public sealed partial class RuntimeJsonContext : JsonSerializerContext;
