using System.Globalization;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using SecHubRootMfa.Aws.IdentityManagement.Model;
using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.IdentityManagement.Internal;

internal static class IamQuery
{
    public const string ServiceName = "SecHubRootMfa.IdentityManagement";

    public static IRequest Create(AmazonWebServiceRequest original, string action, IEnumerable<KeyValuePair<string, string>> parameters)
        => QueryProtocol.Create(original, ServiceName, action, AwsServiceDefinition.IdentityManagement.ApiVersion, parameters);

    public static IEnumerable<KeyValuePair<string, string>> Paging(string? marker, int? maxItems)
    {
        if (marker is not null)
        {
            yield return new("Marker", marker);
        }

        if (maxItems is { } max)
        {
            if (max is < 1 or > 1000)
            {
                throw new ArgumentOutOfRangeException(nameof(maxItems), max, "IAM MaxItems must be between 1 and 1000.");
            }

            yield return new("MaxItems", max.ToString(CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>GetAccountSummary → <c>Action=GetAccountSummary&amp;Version=2010-05-08</c>.</summary>
internal sealed class GetAccountSummaryRequestMarshaller
    : IMarshaller<IRequest, GetAccountSummaryRequest>, IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static GetAccountSummaryRequestMarshaller Instance { get; } = new();

    public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((GetAccountSummaryRequest)input);

    public IRequest Marshall(GetAccountSummaryRequest input) => IamQuery.Create(input, "GetAccountSummary", []);
}

/// <summary>ListVirtualMFADevices → AssignmentStatus, Marker, MaxItems.</summary>
internal sealed class ListVirtualMFADevicesRequestMarshaller
    : IMarshaller<IRequest, ListVirtualMFADevicesRequest>, IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static ListVirtualMFADevicesRequestMarshaller Instance { get; } = new();

    public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((ListVirtualMFADevicesRequest)input);

    public IRequest Marshall(ListVirtualMFADevicesRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var parameters = new List<KeyValuePair<string, string>>();
        if (input.AssignmentStatus is { } status)
        {
            parameters.Add(new("AssignmentStatus", status.Value));
        }

        parameters.AddRange(IamQuery.Paging(input.Marker, input.MaxItems));
        return IamQuery.Create(input, "ListVirtualMFADevices", parameters);
    }
}

/// <summary>ListMFADevices → UserName, Marker, MaxItems.</summary>
internal sealed class ListMFADevicesRequestMarshaller
    : IMarshaller<IRequest, ListMFADevicesRequest>, IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static ListMFADevicesRequestMarshaller Instance { get; } = new();

    public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((ListMFADevicesRequest)input);

    public IRequest Marshall(ListMFADevicesRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var parameters = new List<KeyValuePair<string, string>>();
        if (!string.IsNullOrEmpty(input.UserName))
        {
            parameters.Add(new("UserName", input.UserName));
        }

        parameters.AddRange(IamQuery.Paging(input.Marker, input.MaxItems));
        return IamQuery.Create(input, "ListMFADevices", parameters);
    }
}
