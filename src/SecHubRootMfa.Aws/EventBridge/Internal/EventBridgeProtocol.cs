using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using SecHubRootMfa.Aws.EventBridge.Model;
using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.EventBridge.Internal;

/// <summary>PutEvents → awsJson1.1 <c>AWSEvents.PutEvents</c>; Time as epoch seconds like the SDKs send it.</summary>
internal sealed class PutEventsRequestMarshaller : IMarshaller<IRequest, PutEventsRequest>, IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static PutEventsRequestMarshaller Instance { get; } = new();

    public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((PutEventsRequest)input);

    public IRequest Marshall(PutEventsRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var body = JsonProtocol.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Entries");
            foreach (var entry in input.Entries ?? [])
            {
                writer.WriteStartObject();
                WriteIfSet(writer, "Source", entry.Source);
                WriteIfSet(writer, "DetailType", entry.DetailType);
                WriteIfSet(writer, "Detail", entry.Detail);
                WriteIfSet(writer, "EventBusName", entry.EventBusName);
                if (entry.Resources is { } resources)
                {
                    writer.WriteStartArray("Resources");
                    foreach (var resource in resources)
                    {
                        writer.WriteStringValue(resource);
                    }

                    writer.WriteEndArray();
                }

                if (entry.Time is { } time)
                {
                    var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
                    var seconds = new DateTimeOffset(utc).ToUnixTimeMilliseconds() / 1000.0;
                    writer.WriteNumber("Time", seconds);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        return JsonProtocol.CreateTargeted(input, "SecHubRootMfa.EventBridge", "AWSEvents.PutEvents", body);
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}

internal sealed class PutEventsWire
{
    public int? FailedEntryCount { get; set; }

    public List<PutEventsResultEntryWire>? Entries { get; set; }
}

internal sealed class PutEventsResultEntryWire
{
    public string? EventId { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }
}

internal sealed class DescribeRuleWire
{
    public string? Name { get; set; }

    public string? Arn { get; set; }

    public string? State { get; set; }

    public string? EventBusName { get; set; }

    public string? EventPattern { get; set; }

    public string? ScheduleExpression { get; set; }
}

[JsonSerializable(typeof(PutEventsWire))]
[JsonSerializable(typeof(DescribeRuleWire))]
internal sealed partial class EventBridgeJsonContext : JsonSerializerContext;

/// <summary>PutEvents answer: FailedEntryCount and one result per entry.</summary>
internal sealed class PutEventsResponseUnmarshaller : JsonResponseUnmarshaller
{
    public static PutEventsResponseUnmarshaller Instance { get; } = new();

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
    {
        var wire = JsonProtocol.Read(input, EventBridgeJsonContext.Default.PutEventsWire);
        return new PutEventsResponse
        {
            FailedEntryCount = wire.FailedEntryCount ?? 0,
            Entries = (wire.Entries ?? [])
                .Select(e => new PutEventsResultEntry { EventId = e.EventId, ErrorCode = e.ErrorCode, ErrorMessage = e.ErrorMessage })
                .ToList(),
        };
    }

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
        => EventBridgeErrors.Read(input, innerException, statusCode, "Grant the caller events:PutEvents on the target bus.");
}

/// <summary>DescribeRule → awsJson1.1 <c>AWSEvents.DescribeRule</c> with Name and, for a custom bus, EventBusName.</summary>
internal sealed class DescribeRuleRequestMarshaller : IMarshaller<IRequest, DescribeRuleRequest>, IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static DescribeRuleRequestMarshaller Instance { get; } = new();

    public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((DescribeRuleRequest)input);

    public IRequest Marshall(DescribeRuleRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(input.Name, nameof(input));
        var body = JsonProtocol.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("Name", input.Name);
            if (input.EventBusName is { } bus)
            {
                writer.WriteString("EventBusName", bus);
            }

            writer.WriteEndObject();
        });
        return JsonProtocol.CreateTargeted(input, "SecHubRootMfa.EventBridge", "AWSEvents.DescribeRule", body);
    }
}

/// <summary>DescribeRule answer: the rule's name, ARN, state, bus and pattern or schedule.</summary>
internal sealed class DescribeRuleResponseUnmarshaller : JsonResponseUnmarshaller
{
    public static DescribeRuleResponseUnmarshaller Instance { get; } = new();

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
    {
        var wire = JsonProtocol.Read(input, EventBridgeJsonContext.Default.DescribeRuleWire);
        return new DescribeRuleResponse
        {
            Name = wire.Name,
            Arn = wire.Arn,
            State = wire.State,
            EventBusName = wire.EventBusName,
            EventPattern = wire.EventPattern,
            ScheduleExpression = wire.ScheduleExpression,
        };
    }

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
        => EventBridgeErrors.Read(input, innerException, statusCode, "Grant the caller events:DescribeRule on the rule.");
}

/// <summary>EventBridge's typed errors; access denied says what to grant for the operation at hand.</summary>
internal static class EventBridgeErrors
{
    public static AmazonServiceException Read(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode, string grantHint)
    {
        ArgumentNullException.ThrowIfNull(input);
        var error = JsonProtocol.ParseErrorOrDescribe(input, statusCode, "EventBridge");

        var message = error.Message ?? $"EventBridge returned HTTP {(int)statusCode}.";
        return error.Code switch
        {
            "InternalException" => new InternalException(message, innerException, error.Type, error.Code, error.RequestId, statusCode),
            "AccessDeniedException" => new AccessDeniedException(
                $"EventBridge denied the request: {message} {grantHint}",
                innerException, error.Type, error.Code, error.RequestId, statusCode),
            "ResourceNotFoundException" => new ResourceNotFoundException(message, innerException, error.Type, error.Code, error.RequestId, statusCode),
            "ValidationException" => new ValidationException(message, innerException, error.Type, error.Code, error.RequestId, statusCode),
            _ => new AmazonEventBridgeException(message, innerException, error.Type, error.Code, error.RequestId, statusCode),
        };
    }
}
