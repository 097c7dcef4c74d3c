using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using SecHubRootMfa.Aws.CloudTrail.Model;
using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.CloudTrail.Internal;

/// <summary>What every CloudTrail request shares: awsJson1.1 with the service's target prefix.</summary>
internal static class CloudTrailRequests
{
    public const string TargetPrefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";

    public static IRequest Create(AmazonWebServiceRequest input, string operation, Action<Utf8JsonWriter> body) =>
        JsonProtocol.CreateTargeted(input, "SecHubRootMfa.CloudTrail", $"{TargetPrefix}.{operation}", JsonProtocol.Write(body));

    /// <summary>Typed CloudTrail errors; AccessDenied names the action to grant.</summary>
    public static AmazonServiceException Error(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode, string operation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var error = JsonProtocol.ParseErrorOrDescribe(input, statusCode, "CloudTrail");
        var message = error.Message ?? $"CloudTrail returned HTTP {(int)statusCode}.";
        // CloudTrail's error codes are the exception names, sometimes namespaced (com.amazonaws...#Name).
        var code = error.Code is { } c && c.LastIndexOf('#') is var hash and >= 0 ? c[(hash + 1)..] : error.Code;
        return code switch
        {
            "TrailNotFoundException" => new TrailNotFoundException(message, innerException, error.Type, code, error.RequestId, statusCode),
            "CloudTrailARNInvalidException" => new CloudTrailARNInvalidException(message, innerException, error.Type, code, error.RequestId, statusCode),
            "InvalidTrailNameException" => new InvalidTrailNameException(message, innerException, error.Type, code, error.RequestId, statusCode),
            "OperationNotPermittedException" => new OperationNotPermittedException(message, innerException, error.Type, code, error.RequestId, statusCode),
            "UnsupportedOperationException" => new UnsupportedOperationException(message, innerException, error.Type, code, error.RequestId, statusCode),
            "AccessDeniedException" => new AccessDeniedException(
                $"CloudTrail denied {operation}: {message} Grant the caller cloudtrail:{operation}.",
                innerException, error.Type, code, error.RequestId, statusCode),
            _ => new AmazonCloudTrailException(message, innerException, error.Type, code, error.RequestId, statusCode),
        };
    }
}

/// <summary>DescribeTrails → <c>{"trailNameList":[...],"includeShadowTrails":bool}</c> (the API's own lower-case names).</summary>
internal sealed class DescribeTrailsRequestMarshaller : IMarshaller<IRequest, DescribeTrailsRequest>, IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static DescribeTrailsRequestMarshaller Instance { get; } = new();

    public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((DescribeTrailsRequest)input);

    public IRequest Marshall(DescribeTrailsRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return CloudTrailRequests.Create(input, "DescribeTrails", writer =>
        {
            writer.WriteStartObject();
            if (input.TrailNameList is { Count: > 0 } names)
            {
                writer.WriteStartArray("trailNameList");
                foreach (var name in names)
                {
                    writer.WriteStringValue(name);
                }

                writer.WriteEndArray();
            }

            if (input.IncludeShadowTrails is { } shadow)
            {
                writer.WriteBoolean("includeShadowTrails", shadow);
            }

            writer.WriteEndObject();
        });
    }
}

/// <summary>GetTrailStatus → <c>{"Name":"..."}</c>.</summary>
internal sealed class GetTrailStatusRequestMarshaller : IMarshaller<IRequest, GetTrailStatusRequest>, IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static GetTrailStatusRequestMarshaller Instance { get; } = new();

    public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((GetTrailStatusRequest)input);

    public IRequest Marshall(GetTrailStatusRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(input.Name, nameof(input));
        return CloudTrailRequests.Create(input, "GetTrailStatus", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("Name", input.Name);
            writer.WriteEndObject();
        });
    }
}

/// <summary>GetEventSelectors → <c>{"TrailName":"..."}</c>.</summary>
internal sealed class GetEventSelectorsRequestMarshaller : IMarshaller<IRequest, GetEventSelectorsRequest>, IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static GetEventSelectorsRequestMarshaller Instance { get; } = new();

    public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((GetEventSelectorsRequest)input);

    public IRequest Marshall(GetEventSelectorsRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(input.TrailName, nameof(input));
        return CloudTrailRequests.Create(input, "GetEventSelectors", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("TrailName", input.TrailName);
            writer.WriteEndObject();
        });
    }
}

internal sealed class DescribeTrailsWire
{
    [JsonPropertyName("trailList")]
    public List<TrailWire>? TrailList { get; set; }
}

internal sealed class TrailWire
{
    public string? Name { get; set; }

    public string? TrailARN { get; set; }

    public string? HomeRegion { get; set; }

    public bool? IsMultiRegionTrail { get; set; }

    public bool? IsOrganizationTrail { get; set; }

    public bool? IncludeGlobalServiceEvents { get; set; }

    public bool? HasCustomEventSelectors { get; set; }

    public string? S3BucketName { get; set; }
}

internal sealed class GetTrailStatusWire
{
    public bool? IsLogging { get; set; }

    public double? StartLoggingTime { get; set; }

    public double? StopLoggingTime { get; set; }

    public double? LatestDeliveryTime { get; set; }

    public string? LatestDeliveryError { get; set; }
}

internal sealed class GetEventSelectorsWire
{
    public string? TrailARN { get; set; }

    public List<EventSelectorWire>? EventSelectors { get; set; }

    public List<AdvancedEventSelectorWire>? AdvancedEventSelectors { get; set; }
}

internal sealed class EventSelectorWire
{
    public string? ReadWriteType { get; set; }

    public bool? IncludeManagementEvents { get; set; }

    public List<string>? ExcludeManagementEventSources { get; set; }

    public List<JsonElement>? DataResources { get; set; }
}

internal sealed class AdvancedEventSelectorWire
{
    public string? Name { get; set; }

    public List<AdvancedFieldSelectorWire>? FieldSelectors { get; set; }
}

internal sealed class AdvancedFieldSelectorWire
{
    public string? Field { get; set; }

    // "Equals" would hide object.Equals.
    [JsonPropertyName("Equals")]
    public List<string>? EqualsValues { get; set; }

    public List<string>? StartsWith { get; set; }

    public List<string>? EndsWith { get; set; }

    public List<string>? NotEquals { get; set; }

    public List<string>? NotStartsWith { get; set; }

    public List<string>? NotEndsWith { get; set; }
}

[JsonSerializable(typeof(DescribeTrailsWire))]
[JsonSerializable(typeof(GetTrailStatusWire))]
[JsonSerializable(typeof(GetEventSelectorsWire))]
internal sealed partial class CloudTrailJsonContext : JsonSerializerContext;

/// <summary>DescribeTrails answer: <c>trailList</c>, each trail with the fields this product reads.</summary>
internal sealed class DescribeTrailsResponseUnmarshaller : JsonResponseUnmarshaller
{
    public static DescribeTrailsResponseUnmarshaller Instance { get; } = new();

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
    {
        var wire = JsonProtocol.Read(input, CloudTrailJsonContext.Default.DescribeTrailsWire);
        return new DescribeTrailsResponse
        {
            TrailList = (wire.TrailList ?? throw new JsonException("DescribeTrails answer lacks the trailList array."))
                .Select(t => new Trail
                {
                    Name = t.Name,
                    TrailARN = t.TrailARN,
                    HomeRegion = t.HomeRegion,
                    IsMultiRegionTrail = t.IsMultiRegionTrail,
                    IsOrganizationTrail = t.IsOrganizationTrail,
                    IncludeGlobalServiceEvents = t.IncludeGlobalServiceEvents,
                    HasCustomEventSelectors = t.HasCustomEventSelectors,
                    S3BucketName = t.S3BucketName,
                })
                .ToList(),
        };
    }

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
        => CloudTrailRequests.Error(input, innerException, statusCode, "DescribeTrails");
}

/// <summary>GetTrailStatus answer: IsLogging and the delivery times (epoch seconds).</summary>
internal sealed class GetTrailStatusResponseUnmarshaller : JsonResponseUnmarshaller
{
    public static GetTrailStatusResponseUnmarshaller Instance { get; } = new();

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
    {
        var wire = JsonProtocol.Read(input, CloudTrailJsonContext.Default.GetTrailStatusWire);
        return new GetTrailStatusResponse
        {
            IsLogging = wire.IsLogging,
            StartLoggingTime = JsonProtocol.FromEpochSeconds(wire.StartLoggingTime),
            StopLoggingTime = JsonProtocol.FromEpochSeconds(wire.StopLoggingTime),
            LatestDeliveryTime = JsonProtocol.FromEpochSeconds(wire.LatestDeliveryTime),
            LatestDeliveryError = wire.LatestDeliveryError,
        };
    }

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
        => CloudTrailRequests.Error(input, innerException, statusCode, "GetTrailStatus");
}

/// <summary>GetEventSelectors answer: basic and advanced selectors (one of the two lists is empty or absent).</summary>
internal sealed class GetEventSelectorsResponseUnmarshaller : JsonResponseUnmarshaller
{
    public static GetEventSelectorsResponseUnmarshaller Instance { get; } = new();

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
    {
        var wire = JsonProtocol.Read(input, CloudTrailJsonContext.Default.GetEventSelectorsWire);
        return new GetEventSelectorsResponse
        {
            TrailARN = wire.TrailARN,
            EventSelectors = (wire.EventSelectors ?? [])
                .Select(s => new EventSelector
                {
                    ReadWriteType = s.ReadWriteType,
                    IncludeManagementEvents = s.IncludeManagementEvents,
                    ExcludeManagementEventSources = s.ExcludeManagementEventSources ?? [],
                    DataResourceCount = s.DataResources?.Count ?? 0,
                })
                .ToList(),
            AdvancedEventSelectors = (wire.AdvancedEventSelectors ?? [])
                .Select(a => new AdvancedEventSelector
                {
                    Name = a.Name,
                    FieldSelectors = (a.FieldSelectors ?? throw new JsonException("An advanced event selector lacks FieldSelectors."))
                        .Select(f => new AdvancedFieldSelector
                        {
                            Field = f.Field,
                            EqualsValues = f.EqualsValues,
                            StartsWith = f.StartsWith,
                            EndsWith = f.EndsWith,
                            NotEquals = f.NotEquals,
                            NotStartsWith = f.NotStartsWith,
                            NotEndsWith = f.NotEndsWith,
                        })
                        .ToList(),
                })
                .ToList(),
        };
    }

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
        => CloudTrailRequests.Error(input, innerException, statusCode, "GetEventSelectors");
}
