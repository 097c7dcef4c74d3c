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

[JsonSerializable(typeof(PutEventsWire))]
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
    {
        ArgumentNullException.ThrowIfNull(input);
        var error = JsonProtocol.ParseErrorOrDescribe(input, statusCode, "EventBridge");

        var message = error.Message ?? $"EventBridge returned HTTP {(int)statusCode}.";
        return error.Code switch
        {
            "InternalException" => new InternalException(message, innerException, error.Type, error.Code, error.RequestId, statusCode),
            "AccessDeniedException" => new AccessDeniedException(
                $"EventBridge denied the request: {message} Grant the caller events:PutEvents on the target bus.",
                innerException, error.Type, error.Code, error.RequestId, statusCode),
            "ResourceNotFoundException" => new ResourceNotFoundException(message, innerException, error.Type, error.Code, error.RequestId, statusCode),
            "ValidationException" => new ValidationException(message, innerException, error.Type, error.Code, error.RequestId, statusCode),
            _ => new AmazonEventBridgeException(message, innerException, error.Type, error.Code, error.RequestId, statusCode),
        };
    }
}
