using System.Net;
using Amazon.Runtime;

namespace SecHubRootMfa.Aws.Organizations;

/// <summary>Base of every error AWS Organizations returned.</summary>
public class AmazonOrganizationsException : AmazonServiceException
{
    /// <summary>Creates the exception with the service's code, message, request id and HTTP status.</summary>
    public AmazonOrganizationsException(
        string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode)
    {
    }
}

/// <summary><c>AccessDeniedException</c>: the caller is neither the management account nor a delegated administrator, or lacks the action.</summary>
public sealed class AccessDeniedException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonOrganizationsException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>AWSOrganizationsNotInUseException</c>: the calling account is not in an organization.</summary>
public sealed class AWSOrganizationsNotInUseException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonOrganizationsException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>TooManyRequestsException</c>: Organizations' throttling; the SDK retries it.</summary>
public sealed class TooManyRequestsException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonOrganizationsException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>InvalidInputException</c>: the request was malformed (for example an expired NextToken).</summary>
public sealed class InvalidInputException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonOrganizationsException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>ServiceException</c>: an Organizations fault; the SDK retries it.</summary>
public sealed class ServiceException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonOrganizationsException(message, innerException, errorType, errorCode, requestId, statusCode);
