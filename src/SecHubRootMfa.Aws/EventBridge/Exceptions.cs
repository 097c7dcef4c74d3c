using System.Net;
using Amazon.Runtime;

namespace SecHubRootMfa.Aws.EventBridge;

/// <summary>Base of every error EventBridge returned.</summary>
public class AmazonEventBridgeException : AmazonServiceException
{
    /// <summary>Creates the exception with the service's code, message, request id and HTTP status.</summary>
    public AmazonEventBridgeException(
        string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode)
    {
    }
}

/// <summary><c>InternalException</c>: an EventBridge fault (the SDK retries it).</summary>
public sealed class InternalException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonEventBridgeException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>AccessDeniedException</c>: the caller may not put events on that bus.</summary>
public sealed class AccessDeniedException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonEventBridgeException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>ResourceNotFoundException</c>: the event bus does not exist.</summary>
public sealed class ResourceNotFoundException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonEventBridgeException(message, innerException, errorType, errorCode, requestId, statusCode);

/// <summary><c>ValidationException</c>: the request was malformed.</summary>
public sealed class ValidationException(
    string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
    : AmazonEventBridgeException(message, innerException, errorType, errorCode, requestId, statusCode);
