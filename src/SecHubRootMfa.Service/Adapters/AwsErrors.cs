using System.Net;
using Amazon.Runtime;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Adapters;

/// <summary>
/// Turns what an AWS call threw (after the SDK's own retries) into an <see cref="AwsCallException"/> that says whether
/// retrying later can help, with a message a person can act on and no request signatures or credentials.
/// </summary>
public static class AwsErrors
{
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
                return new AwsCallException(AwsFailureKind.Transient, $"{operation}: could not reach AWS ({client.InnerException!.Message}).", error);
            case AmazonClientException client when IsMissingCredentials(client):
                return new AwsCallException(AwsFailureKind.Permanent,
                    $"{operation}: no AWS credentials found (set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where a role is attached).", error);
            case HttpRequestException or TimeoutException or IOException:
                return new AwsCallException(AwsFailureKind.Transient, $"{operation}: could not reach AWS ({error.Message}).", error);
            case TaskCanceledException or OperationCanceledException:
                return new AwsCallException(AwsFailureKind.Transient, $"{operation}: timed out.", error);
            case FormatException or System.Xml.XmlException or System.Text.Json.JsonException or InvalidOperationException:
                return new AwsCallException(AwsFailureKind.Permanent, $"{operation}: unexpected answer from AWS ({error.Message}).", error);
            default:
                return new AwsCallException(AwsFailureKind.Permanent, $"{operation}: {error.GetType().Name}: {error.Message}", error);
        }
    }

    private static AwsCallException FromService(AmazonServiceException e, string operation, string? region, string? accountId)
    {
        var code = e.ErrorCode ?? "";
        var where = $"{(region is null ? "" : $" in {region}")}{(accountId is null ? "" : $" for account {accountId}")}";
        var detail = $"{code}{(string.IsNullOrEmpty(e.Message) ? "" : $": {e.Message}")}{(string.IsNullOrEmpty(e.RequestId) ? "" : $" (request {e.RequestId})")}";

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
}
