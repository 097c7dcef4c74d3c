using System.Net;
using Amazon.Runtime;

namespace SecHubRootMfa.Aws.CloudTrail;

/// <summary>Base of every error CloudTrail returned.</summary>
public class AmazonCloudTrailException : AmazonServiceException
{
    /// <summary>Creates the exception with the service's code, message, request id and HTTP status.</summary>
    public AmazonCloudTrailException(
        string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode)
    {
    }
}

/// <summary><c>TrailNotFoundException</c>: no trail with that name or ARN (for example deleted since it was listed).</summary>
public sealed class TrailNotFoundException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonCloudTrailException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>CloudTrailARNInvalidException</c>: the ARN is not a trail ARN.</summary>
public sealed class CloudTrailARNInvalidException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonCloudTrailException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>InvalidTrailNameException</c>: the name breaks CloudTrail's naming rules.</summary>
public sealed class InvalidTrailNameException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonCloudTrailException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>OperationNotPermittedException</c>: the operation is not permitted here (for example on another account's trail).</summary>
public sealed class OperationNotPermittedException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonCloudTrailException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>UnsupportedOperationException</c>: the operation is not supported for this trail or region.</summary>
public sealed class UnsupportedOperationException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonCloudTrailException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>AccessDeniedException</c>: the caller lacks the CloudTrail read permission.</summary>
public sealed class AccessDeniedException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonCloudTrailException(message, innerException, errorType, errorCode, requestId, statusCode);
