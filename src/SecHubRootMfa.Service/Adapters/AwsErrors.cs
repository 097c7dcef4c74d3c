using System.Net;
using System.Text;
using Amazon.Runtime;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Adapters;

/// <summary>
/// Turns what an AWS call threw (after the SDK's own retries) into an <see cref="AwsCallException"/> that says whether
/// retrying later can help, with a message a person can act on and no request signatures or credentials. What AWS (or a
/// proxy in front of it) said is kept as its error code, request id and a short plain-text message: the message ends up
/// in findings and log lines, where a whole HTML error page would be noise at best.
/// </summary>
public static class AwsErrors
{
    /// <summary>The most characters of an error message from outside that are kept (after markup is removed).</summary>
    public const int MaxMessageLength = 256;

    /// <summary>The most characters of an error code or request id that are kept.</summary>
    public const int MaxIdLength = 64;

    // Reading stops here: an error body can be megabytes, and only its start is ever shown.
    private const int MaxScannedLength = 16 * 1024;

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
        "RequestThrottled", "RequestThrottledException", "SlowDown", "ProvisionedThroughputExceededException",
    };

    /// <summary>Classifies <paramref name="error"/> raised while doing <paramref name="operation"/> (e.g. <c>iam:GetAccountSummary</c>).</summary>
    public static AwsCallException Classify(Exception error, string operation, string? region = null, string? accountId = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        switch (error)
        {
            case AwsCallException already:
                return already;
            case AmazonServiceException service:
                return FromService(service, operation, region, accountId);
            case AmazonClientException client when client.InnerException is HttpRequestException or TimeoutException:
                return new AwsCallException(AwsFailureKind.Transient, $"{operation}: could not reach AWS ({Plain(client.InnerException!.Message)}).", error);
            case AmazonClientException client when IsMissingCredentials(client):
                return new AwsCallException(AwsFailureKind.Permanent,
                    $"{operation}: no AWS credentials found (set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where a role is attached).", error);
            case HttpRequestException or TimeoutException or IOException:
                return new AwsCallException(AwsFailureKind.Transient, $"{operation}: could not reach AWS ({Plain(error.Message)}).", error);
            case TaskCanceledException or OperationCanceledException:
                return new AwsCallException(AwsFailureKind.Transient, $"{operation}: timed out.", error);
            case FormatException or System.Xml.XmlException or System.Text.Json.JsonException or InvalidOperationException:
                return new AwsCallException(AwsFailureKind.Permanent, $"{operation}: unexpected answer from AWS ({Plain(error.Message)}).", error);
            default:
                return new AwsCallException(AwsFailureKind.Permanent, $"{operation}: {error.GetType().Name}: {Plain(error.Message)}", error);
        }
    }

    private static AwsCallException FromService(AmazonServiceException e, string operation, string? region, string? accountId)
    {
        var code = e.ErrorCode ?? "";
        var where = $"{(region is null ? "" : $" in {region}")}{(accountId is null ? "" : $" for account {accountId}")}";
        // The SDK wraps a parse error in a long message of its own (with the body); the parse error is what matters.
        var message = Plain(e is AmazonUnmarshallingException { InnerException: { } parse } ? $"unexpected answer: {parse.Message}" : e.Message);
        var requestId = Plain(e.RequestId, MaxIdLength);
        var label = code.Length > 0 ? Plain(code, MaxIdLength) : $"HTTP {(int)e.StatusCode}";
        var detail = $"{label}{(message.Length == 0 ? "" : $": {message}")}{(requestId.Length == 0 ? "" : $" (request {requestId})")}";

        if (code == "InvalidAccessException" && operation.StartsWith("securityhub:", StringComparison.Ordinal))
        {
            return new AwsCallException(AwsFailureKind.Permanent,
                $"Security Hub is not enabled{where}: enable it (aws securityhub enable-security-hub) or set the right home region. {operation}: {detail}", e);
        }

        if (code is "AccessDenied" or "AccessDeniedException" or "UnauthorizedOperation" or "UnrecognizedClientException"
            or "InvalidClientTokenId" or "ExpiredToken" or "ExpiredTokenException" || e.StatusCode == HttpStatusCode.Forbidden)
        {
            return new AwsCallException(AwsFailureKind.Permanent,
                $"Access denied for {operation}{where}: grant it to the evaluating role. {detail}", e);
        }

        var transient = ThrottlingCodes.Contains(code)
            || (code == "LimitExceededException" && !operation.StartsWith("iam:", StringComparison.Ordinal))
            || e.StatusCode == HttpStatusCode.TooManyRequests
            || (int)e.StatusCode >= 500
            || e.ErrorType == ErrorType.Receiver;
        return new AwsCallException(transient ? AwsFailureKind.Transient : AwsFailureKind.Permanent, $"{operation}{where} failed: {detail}", e);
    }

    private static bool IsMissingCredentials(AmazonClientException e) =>
        e.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <paramref name="text"/> as one short line of plain text: entities decoded, HTML/XML tags (and the contents of
    /// <c>script</c> and <c>style</c>) removed, control characters and runs of whitespace turned into one space, unpaired
    /// surrogates replaced, and cut to <paramref name="max"/> characters with an ellipsis.
    /// </summary>
    public static string Plain(string? text, int max = MaxMessageLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        // Entities are decoded first, so that an escaped tag ("&lt;script&gt;") is removed like a literal one.
        var decoded = WithoutMarkup(WebUtility.HtmlDecode(text.Length > MaxScannedLength ? text[..MaxScannedLength] : text));
        var line = new StringBuilder(decoded.Length);
        for (var i = 0; i < decoded.Length; i++)
        {
            var c = decoded[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (line.Length > 0 && line[^1] != ' ')
                {
                    line.Append(' ');
                }
            }
            else if (char.IsHighSurrogate(c) && i + 1 < decoded.Length && char.IsLowSurrogate(decoded[i + 1]))
            {
                line.Append(c).Append(decoded[++i]);
            }
            else
            {
                line.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        // When only the start was read, the ellipsis says that more followed even if the start alone fits.
        var plain = line.ToString().TrimEnd() + (text.Length > MaxScannedLength ? AsffText.Ellipsis.ToString() : "");
        return AsffText.Fit(plain, max);
    }

    // Only a document (it closes a tag, declares itself or has a comment) loses its tags; a message that names an
    // element ("no <IsTruncated>") or compares ("length < 64") keeps its text. In a document, a tag is '<' followed by
    // a letter, '/', '!' or '?', up to the next '>'.
    private static string WithoutMarkup(string text)
    {
        if (!(text.Contains("</", StringComparison.Ordinal) || text.Contains("/>", StringComparison.Ordinal)
            || text.Contains("<!", StringComparison.Ordinal) || text.Contains("<?", StringComparison.Ordinal)))
        {
            return text;
        }

        var plain = new StringBuilder(text.Length);
        string? skipUntil = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var isTag = c == '<' && i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] is '/' or '!' or '?');
            if (!isTag)
            {
                if (skipUntil is null)
                {
                    plain.Append(c);
                }

                continue;
            }

            var end = text.IndexOf('>', i + 1);
            var tag = end < 0 ? text[(i + 1)..] : text[(i + 1)..end];
            i = end < 0 ? text.Length : end;
            var name = TagName(tag);
            if (skipUntil is not null)
            {
                if (name.Equals("/" + skipUntil, StringComparison.OrdinalIgnoreCase))
                {
                    skipUntil = null;
                }

                continue;
            }

            // Script and style bodies are code, not message; block-level tags separate words.
            if (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase))
            {
                skipUntil = name.ToLowerInvariant();
            }

            plain.Append(' ');
        }

        return plain.ToString();
    }

    private static string TagName(string tag)
    {
        var end = 0;
        while (end < tag.Length && !char.IsWhiteSpace(tag[end]) && tag[end] != '>' && (end == 0 || tag[end] != '/'))
        {
            end++;
        }

        return tag[..end];
    }
}
