using System.Net;
using Amazon.Runtime;

namespace SecHubRootMfa.Aws.IdentityManagement;

/// <summary>Base of every error IAM returned.</summary>
public class AmazonIdentityManagementServiceException : AmazonServiceException
{
    /// <summary>Creates the exception with the service's code, message, request id and HTTP status.</summary>
    public AmazonIdentityManagementServiceException(
        string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode)
    {
    }
}

/// <summary>IAM <c>NoSuchEntity</c>: the named user or device does not exist.</summary>
public sealed class NoSuchEntityException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonIdentityManagementServiceException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary>IAM <c>InvalidInput</c>: a parameter was rejected.</summary>
public sealed class InvalidInputException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonIdentityManagementServiceException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary>IAM <c>LimitExceeded</c>: an account quota was hit (not throttling; not retried).</summary>
public sealed class LimitExceededException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonIdentityManagementServiceException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary>IAM <c>ServiceFailure</c>: an internal error (retried by the SDK as a 5xx).</summary>
public sealed class ServiceFailureException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonIdentityManagementServiceException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary>IAM <c>AccessDenied</c>: the caller's policy does not allow the action.</summary>
public sealed class AccessDeniedException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonIdentityManagementServiceException(message, innerException, errorType, errorCode, requestId, statusCode);
