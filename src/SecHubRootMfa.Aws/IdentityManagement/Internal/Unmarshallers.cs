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
using static SecHubRootMfa.Aws.IdentityManagement.Internal.IamXml;

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
            var requestId = result.Parent is { } root && Child(root, "ResponseMetadata") is { } meta ? Value(meta, "RequestId") : null;
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

        // A proxy's or load balancer's error page has no RequestId element; the header still names the request.
        error.RequestId ??= input.ResponseData?.GetHeaderValue("x-amzn-RequestId");

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
                var key = Value(entry, "key") ?? throw new XmlException("A SummaryMap entry has no <key>.");
                var value = Value(entry, "value") ?? throw new XmlException($"SummaryMap entry '{Bounded(key)}' has no <value>.");

                // A map has one value per key; with two, which one IAM meant is a guess (and the last one would win).
                if (!response.SummaryMap.TryAdd(key, int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)))
                {
                    throw new XmlException($"SummaryMap lists '{Bounded(key)}' more than once.");
                }
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
            SerialNumber = Value(m, "SerialNumber"),
            EnableDate = Date(m, "EnableDate"),
            User = Child(m, "User") is { } u ? ParseUser(u) : null,
        }).ToList(),
        IsTruncated = RequiredBool(result, "IsTruncated"),
        Marker = Value(result, "Marker"),
    };

    private static User ParseUser(XElement u) => new()
    {
        Arn = Value(u, "Arn"),
        UserName = Value(u, "UserName"),
        UserId = Value(u, "UserId"),
        Path = Value(u, "Path"),
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
            UserName = Value(m, "UserName"),
            SerialNumber = Value(m, "SerialNumber"),
            EnableDate = Date(m, "EnableDate"),
        }).ToList(),
        IsTruncated = RequiredBool(result, "IsTruncated"),
        Marker = Value(result, "Marker"),
    };
}

/// <summary>IAM's XML values, read strictly: formatting never changes a value, and a missing required field is an error.</summary>
internal static class IamXml
{
    // XML's own whitespace (XML 1.0 production S). Every IAM value this product reads (ARNs, serial numbers, ids, names,
    // paths, markers, numbers, booleans, dates) has a documented pattern without whitespace, so leading or trailing
    // whitespace can only be formatting (a pretty-printing proxy, a hand-written stub): it is trimmed, so that
    // " arn:aws:iam::111122223333:root " is root's ARN as IAM meant it. Rejecting it instead would turn formatting into a
    // NOT_AVAILABLE finding; keeping it would let formatting hide a virtual device on root (a wrong PASSED). Whitespace
    // or other characters inside a value are kept, and the service rejects ARNs and serials that contain them.
    private static readonly char[] XmlWhitespace = [' ', '\t', '\r', '\n'];

    /// <summary>The element's text without surrounding XML whitespace, or null when the element is absent.</summary>
    public static string? Value(XElement parent, string localName) => Text(parent, localName)?.Trim(XmlWhitespace);

    /// <summary>
    /// A boolean IAM always sends (such as <c>IsTruncated</c>): <c>true</c> or <c>false</c>. Missing or anything else is a
    /// malformed answer, never a default: a list that cannot say whether more pages follow is not complete.
    /// </summary>
    public static bool RequiredBool(XElement parent, string localName) => Value(parent, localName) switch
    {
        "true" => true,
        "false" => false,
        null => throw new XmlException($"<{parent.Name.LocalName}> has no <{localName}>; IAM always sends it."),
        var other => throw new XmlException($"<{localName}> is '{Bounded(other)}'; expected true or false."),
    };

    /// <summary>A value from the answer, cut to 64 characters for error messages.</summary>
    public static string Bounded(string value) =>
        value.Length <= 64 ? value : string.Concat(value.AsSpan(0, char.IsHighSurrogate(value[63]) ? 63 : 64), "…");
}
