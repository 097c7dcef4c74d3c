using System.Net;
using System.Text;
using SecHubRootMfa.Aws.EventBridge;
using SecHubRootMfa.Aws.EventBridge.Internal;
using SecHubRootMfa.Aws.EventBridge.Model;
using static SecHubRootMfa.Aws.Tests.Marshalling.PayloadHarness;

namespace SecHubRootMfa.Aws.Tests.Marshalling;

public sealed class EventBridgeMarshallingTests
{
    [Fact]
    public void PutEventsMarshaller_FullEntry_WritesAwsJson11WithTargetAndEpochTime()
    {
        var request = PutEventsRequestMarshaller.Instance.Marshall(new PutEventsRequest
        {
            Entries =
            [
                new PutEventsRequestEntry
                {
                    Source = "sechubrootmfa",
                    DetailType = "Root MFA evaluated",
                    Detail = """{"status":"FAILED"}""",
                    EventBusName = "default",
                    Resources = ["arn:aws:iam::123456789012:root"],
                    Time = new DateTime(2025, 1, 2, 3, 4, 5, 500, DateTimeKind.Utc),
                },
            ],
        });

        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("AWSEvents.PutEvents", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        Assert.Equal(
            """{"Entries":[{"Source":"sechubrootmfa","DetailType":"Root MFA evaluated","Detail":"{\"status\":\"FAILED\"}","EventBusName":"default","Resources":["arn:aws:iam::123456789012:root"],"Time":1735787045.5}]}""",
            Encoding.UTF8.GetString(request.Content));
    }

    [Fact]
    public void PutEventsUnmarshaller_DocumentationSample_ReadsEventIds()
    {
        var response = (PutEventsResponse)UnmarshallJson(PutEventsResponseUnmarshaller.Instance, "EventBridge/PutEvents-success.json");

        Assert.Equal(0, response.FailedEntryCount);
        Assert.Equal(["11710aed-b79e-4468-a20b-bb3c0c3b4860", "d804d26a-88db-4b66-9eaf-9a11c708ae82"], response.Entries.Select(e => e.EventId));
    }

    [Fact]
    public void PutEventsUnmarshaller_PartialFailure_KeepsPositionsAndErrorCodes()
    {
        var response = (PutEventsResponse)UnmarshallJson(PutEventsResponseUnmarshaller.Instance, "EventBridge/PutEvents-partial.json");

        Assert.Equal(2, response.FailedEntryCount);
        Assert.Equal([null, "InternalFailure", "MalformedDetail"], response.Entries.Select(e => e.ErrorCode));
        Assert.Equal("Internal Service Failure", response.Entries[1].ErrorMessage);
    }

    [Fact]
    public void PutEventsErrorUnmarshaller_TypeInBody_IsTypedResourceNotFound()
    {
        var error = UnmarshallJsonError(
            PutEventsResponseUnmarshaller.Instance, "EventBridge/Error-ResourceNotFound.json", HttpStatusCode.BadRequest,
            new() { ["x-amzn-RequestId"] = "req-3" });

        var typed = Assert.IsType<ResourceNotFoundException>(error);
        Assert.Equal("Event bus sechubrootmfa does not exist.", typed.Message);
        Assert.Equal("req-3", typed.RequestId);
    }
}
