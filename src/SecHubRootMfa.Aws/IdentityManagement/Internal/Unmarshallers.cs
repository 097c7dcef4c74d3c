using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using SecHubRootMfa.Aws.IdentityManagement.Model;
using SecHubRootMfa.Aws.Runtime;
using static SecHubRootMfa.Aws.Runtime.XmlProtocol;

namespace SecHubRootMfa.Aws.IdentityManagement.Internal;

/// <summary>Shared IAM answer handling: ResponseMetadata/RequestId and the typed errors.</summary>
internal abstract class IamResponseUnmarshaller : XmlResponseUnmarshaller
{
    protected abstract string Action { get; }

    public sealed override AmazonWebServiceResponse Unmarshall(XmlUnmarshallerContext input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Guard(input, () =>
        {
            var result = LoadResult(input, Action);
            var response = Parse(result);
            var requestId = result.Parent is { } root && Child(root, "ResponseMetadata") is { } meta ? Text(meta, "RequestId") : null;
            response.ResponseMetadata = new ResponseMetadata { RequestId = requestId };
            return response;
        });
    }

    protected abstract AmazonWebServiceResponse Parse(XElement result);

    public override AmazonServiceException UnmarshallException(XmlUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
    {
        ArgumentNullException.ThrowIfNull(input);
        ErrorResponse error;
        try
        {
            error = ParseError(input);
        }
        catch (XmlException e)
        {
            error = new ErrorResponse { Message = $"IAM returned HTTP {(int)statusCode} with a body that is not XML: {e.Message}" };
        }

        return IamErrors.Create(error, innerException, statusCode);
    }
}

internal static class IamErrors
{
    public static AmazonIdentityManagementServiceException Create(ErrorResponse error, Exception? inner, HttpStatusCode status)
    {
        var message = error.Message ?? $"IAM returned HTTP {(int)status}.";
        return error.Code switch
        {
            "NoSuchEntity" => new NoSuchEntityException(message, inner, error.Type, error.Code, error.RequestId, status),
            "InvalidInput" => new InvalidInputException(message, inner, error.Type, error.Code, error.RequestId, status),
            "LimitExceeded" => new LimitExceededException(message, inner, error.Type, error.Code, error.RequestId, status),
            "ServiceFailure" => new ServiceFailureException(message, inner, error.Type, error.Code, error.RequestId, status),
            "AccessDenied" or "AccessDeniedException" => new AccessDeniedException(
                $"IAM denied the request: {message} Grant the caller the IAM read permission named in that message.",
                inner, error.Type, error.Code, error.RequestId, status),
            _ => new AmazonIdentityManagementServiceException(message, inner, error.Type, error.Code, error.RequestId, status),
        };
    }
}

/// <summary>GetAccountSummaryResult/SummaryMap/entry(key,value) → Dictionary.</summary>
internal sealed class GetAccountSummaryResponseUnmarshaller : IamResponseUnmarshaller
{
    public static GetAccountSummaryResponseUnmarshaller Instance { get; } = new();

    protected override string Action => "GetAccountSummary";

    protected override AmazonWebServiceResponse Parse(XElement result)
    {
        var response = new GetAccountSummaryResponse();
        if (Child(result, "SummaryMap") is { } map)
        {
            foreach (var entry in Children(map, "entry"))
            {
                var key = Text(entry, "key") ?? throw new XmlException("A SummaryMap entry has no <key>.");
                var value = Text(entry, "value") ?? throw new XmlException($"SummaryMap entry '{key}' has no <value>.");
                response.SummaryMap[key] = int.Parse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
        }

        return response;
    }
}

/// <summary>ListVirtualMFADevicesResult → devices, IsTruncated, Marker.</summary>
internal sealed class ListVirtualMFADevicesResponseUnmarshaller : IamResponseUnmarshaller
{
    public static ListVirtualMFADevicesResponseUnmarshaller Instance { get; } = new();

    protected override string Action => "ListVirtualMFADevices";

    protected override AmazonWebServiceResponse Parse(XElement result) => new ListVirtualMFADevicesResponse
    {
        VirtualMFADevices = Members(result, "VirtualMFADevices").Select(m => new VirtualMFADevice
        {
            SerialNumber = Text(m, "SerialNumber"),
            EnableDate = Date(m, "EnableDate"),
            User = Child(m, "User") is { } u ? ParseUser(u) : null,
        }).ToList(),
        IsTruncated = Bool(result, "IsTruncated"),
        Marker = Text(result, "Marker"),
    };

    private static User ParseUser(XElement u) => new()
    {
        Arn = Text(u, "Arn"),
        UserName = Text(u, "UserName"),
        UserId = Text(u, "UserId"),
        Path = Text(u, "Path"),
        CreateDate = Date(u, "CreateDate"),
        PasswordLastUsed = Date(u, "PasswordLastUsed"),
    };
}

/// <summary>ListMFADevicesResult → devices, IsTruncated, Marker.</summary>
internal sealed class ListMFADevicesResponseUnmarshaller : IamResponseUnmarshaller
{
    public static ListMFADevicesResponseUnmarshaller Instance { get; } = new();

    protected override string Action => "ListMFADevices";

    protected override AmazonWebServiceResponse Parse(XElement result) => new ListMFADevicesResponse
    {
        MFADevices = Members(result, "MFADevices").Select(m => new MFADevice
        {
            UserName = Text(m, "UserName"),
            SerialNumber = Text(m, "SerialNumber"),
            EnableDate = Date(m, "EnableDate"),
        }).ToList(),
        IsTruncated = Bool(result, "IsTruncated"),
        Marker = Text(result, "Marker"),
    };
}
