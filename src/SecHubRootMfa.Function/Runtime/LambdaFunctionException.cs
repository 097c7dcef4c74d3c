namespace SecHubRootMfa.Function.Runtime;

/// <summary>
/// An error whose <see cref="ErrorType"/> is reported to Lambda verbatim, both as <c>errorType</c> in the error body
/// and as the <c>Lambda-Runtime-Function-Error-Type</c> header. Use the <c>Category.Reason</c> form Lambda recommends.
/// </summary>
public sealed class LambdaFunctionException : Exception
{
    /// <summary>Creates an error of type <paramref name="errorType"/> (e.g. <c>Function.ConfigInvalid</c>).</summary>
    public LambdaFunctionException(string errorType, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorType);
        ErrorType = errorType;
    }

    /// <summary>The reported error type.</summary>
    public string ErrorType { get; }
}

/// <summary>Error types this runtime reports on its own (the <c>Runtime.</c> category) or for unhandled exceptions.</summary>
public static class LambdaErrorTypes
{
    /// <summary>Header value for an exception the handler did not classify (the body carries the exception type).</summary>
    public const string FunctionUnhandled = "Function.Unhandled";

    /// <summary>Header value for a handler factory failure (the body carries the exception type).</summary>
    public const string InitFailed = "Runtime.InitFailed";

    /// <summary>The handler did not finish before the deadline token fired.</summary>
    public const string DeadlineExceeded = "Runtime.DeadlineExceeded";

    /// <summary>The handler's response exceeded the response size limit, so it was not posted.</summary>
    public const string ResponseTooLarge = "Runtime.ResponseTooLarge";

    /// <summary>The invocation's headers were missing or malformed, so the handler was not called.</summary>
    public const string InvalidInvocation = "Runtime.InvalidInvocation";

    /// <summary>The process was asked to shut down while the handler was running.</summary>
    public const string ShuttingDown = "Runtime.ShuttingDown";
}
