using SecHubRootMfa.Function.Runtime;

namespace SecHubRootMfa.Function.Tests.Runtime;

public sealed class RuntimeApiEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:9001", "http://127.0.0.1:9001/2018-06-01/")]
    [InlineData("localhost:65535", "http://localhost:65535/2018-06-01/")]
    [InlineData(" 169.254.100.1:9001 ", "http://169.254.100.1:9001/2018-06-01/")]
    [InlineData("[::1]:9001", "http://[::1]:9001/2018-06-01/")]
    public void TryParse_HostAndPort_GivesVersionedBaseAddress(string value, string expected)
    {
        Assert.True(RuntimeApiEndpoint.TryParse(value, out var endpoint, out var error), error);
        Assert.Equal(expected, endpoint.BaseAddress.AbsoluteUri);
    }

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("", "is not set")]
    [InlineData("http://127.0.0.1:9001", "without scheme")]
    [InlineData("127.0.0.1:9001/path", "without scheme")]
    [InlineData("user@127.0.0.1:9001", "without scheme")]
    [InlineData("127.0.0.1", "explicit port")]
    [InlineData("127.0.0.1:0", "explicit port")]
    [InlineData("127.0.0.1:70000", "explicit port")]
    [InlineData("127.0.0.1:port", "explicit port")]
    public void TryParse_Malformed_ExplainsWhatIsWrong(string? value, string expectedFragment)
    {
        Assert.False(RuntimeApiEndpoint.TryParse(value, out _, out var error));
        Assert.Contains("AWS_LAMBDA_RUNTIME_API", error, StringComparison.Ordinal);
        Assert.Contains(expectedFragment, error, StringComparison.Ordinal);
    }
}
