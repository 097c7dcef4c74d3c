using System.Text;
using SecHubRootMfa.Function.Runtime;

namespace SecHubRootMfa.Function.Tests.TestDoubles;

/// <summary>A handler whose behaviour each test writes inline.</summary>
internal sealed class DelegateHandler(Func<LambdaInvocation, CancellationToken, Task<ReadOnlyMemory<byte>>> handle) : ILambdaHandler
{
    public static DelegateHandler Echo() => new((invocation, _) => Task.FromResult(invocation.Payload));

    public static ReadOnlyMemory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken) =>
        handle(invocation, cancellationToken);
}
