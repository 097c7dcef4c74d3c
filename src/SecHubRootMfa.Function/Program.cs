using SecHubRootMfa.Function.Runtime;

// Composition root only. The lead replaces PlaceholderHandler with the real handler factory.
return await LambdaHost.RunFromEnvironmentAsync(static (_, _) => ValueTask.FromResult<ILambdaHandler>(new PlaceholderHandler()));

/// <summary>
/// PLACEHOLDER until the real event handler is wired: answers every invocation with
/// <c>{"status":"ignored","reason":"handler not wired yet"}</c>.
/// </summary>
internal sealed class PlaceholderHandler : ILambdaHandler
{
    private static readonly byte[] Response = """{"status":"ignored","reason":"handler not wired yet"}"""u8.ToArray();

    /// <inheritdoc />
    public Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken) =>
        Task.FromResult<ReadOnlyMemory<byte>>(Response);
}
