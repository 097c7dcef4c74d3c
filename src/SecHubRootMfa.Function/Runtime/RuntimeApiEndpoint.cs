using System.Diagnostics.CodeAnalysis;

namespace SecHubRootMfa.Function.Runtime;

/// <summary>The Runtime API base address, parsed from <c>AWS_LAMBDA_RUNTIME_API</c> (<c>host:port</c>).</summary>
public sealed class RuntimeApiEndpoint
{
    /// <summary>The environment variable Lambda sets to the Runtime API's <c>host:port</c>.</summary>
    public const string EnvironmentVariable = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>The Runtime API version this runtime speaks.</summary>
    public const string ApiVersion = "2018-06-01";

    private RuntimeApiEndpoint(Uri baseAddress) => BaseAddress = baseAddress;

    /// <summary>Base URI ending in <c>/2018-06-01/</c>, e.g. <c>http://127.0.0.1:9001/2018-06-01/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// Parses <paramref name="hostAndPort"/>; accepts only a host (name, IPv4 or bracketed IPv6) and an explicit port,
    /// without scheme, path, query or credentials. On failure <paramref name="error"/> says what is wrong.
    /// </summary>
    public static bool TryParse(string? hostAndPort, [NotNullWhen(true)] out RuntimeApiEndpoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        var value = hostAndPort?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            error = $"{EnvironmentVariable} is not set; it must be host:port of the Lambda Runtime API.";
            return false;
        }

        if (value.Contains("://", StringComparison.Ordinal) || value.IndexOfAny(['/', '?', '#', '@', ' ']) >= 0)
        {
            error = $"{EnvironmentVariable} must be host:port without scheme, path or credentials (got \"{value}\").";
            return false;
        }

        if (!Uri.TryCreate($"http://{value}/", UriKind.Absolute, out var uri) || uri.IsDefaultPort || string.IsNullOrEmpty(uri.Host)
            || !value.EndsWith($":{uri.Port}", StringComparison.Ordinal) || uri.Port <= 0)
        {
            error = $"{EnvironmentVariable} must be host:port with an explicit port 1-65535 (got \"{value}\").";
            return false;
        }

        endpoint = new RuntimeApiEndpoint(new Uri(uri, $"{ApiVersion}/"));
        error = null;
        return true;
    }
}
