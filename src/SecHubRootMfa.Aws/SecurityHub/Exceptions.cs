using System.Net;
using Amazon.Runtime;

namespace SecHubRootMfa.Aws.SecurityHub;

/// <summary>Base of every error Security Hub returned.</summary>
public class AmazonSecurityHubException : AmazonServiceException
{
    /// <summary>Creates the exception with the service's code, message, request id and HTTP status.</summary>
    public AmazonSecurityHubException(
        string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode)
    {
    }
}

/// <summary><c>InvalidAccessException</c>: typically Security Hub is not enabled for the account in this region.</summary>
public sealed class InvalidAccessException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonSecurityHubException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>AccessDeniedException</c>: the caller's policy does not allow the action.</summary>
public sealed class AccessDeniedException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonSecurityHubException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>InvalidInputException</c>: the request was rejected as malformed.</summary>
public sealed class InvalidInputException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonSecurityHubException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>LimitExceededException</c>: Security Hub's throttling; the SDK retries it.</summary>
public sealed class LimitExceededException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonSecurityHubException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>InternalException</c>: a Security Hub fault; the SDK retries it.</summary>
public sealed class InternalException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonSecurityHubException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>ResourceNotFoundException</c>.</summary>
public sealed class ResourceNotFoundException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonSecurityHubException(message, innerException, errorType, errorCode, requestId, statusCode);
