namespace SecHubRootMfa.Function.Runtime;

/// <summary>Processes one Lambda invocation: raw event bytes in, raw response bytes out.</summary>
/// <remarks>
/// Thrown exceptions become invocation errors (the loop keeps running). Throw <see cref="LambdaFunctionException"/> to
/// choose the reported error type. Honour the token: it fires shortly before the invocation deadline.
/// </remarks>
public interface ILambdaHandler
{
    /// <summary>Handles <paramref name="invocation"/> and returns the response body (normally JSON, at most 6 MiB).</summary>
    Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>Creates the handler once per sandbox (the Lambda init phase); an exception is reported as an init error.</summary>
public delegate ValueTask<ILambdaHandler> LambdaHandlerFactory(LambdaHostContext context, CancellationToken cancellationToken);
