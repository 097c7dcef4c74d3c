using System.Globalization;
using System.Text.Json.Nodes;

namespace SecHubRootMfa.Function.Tests.TestDoubles;

/// <summary>An SQS event as the event source mapping delivers it: AWS's sample record with each message's fields.</summary>
internal static class SqsRecords
{
    public static string Of(string queueArn, string region, IEnumerable<(string Id, string Handle, string Body, int ReceiveCount)> messages)
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Events", "WorkQueue", "sqs-standard-queue-event.json")))!["Records"]![0]!;
        var records = new JsonArray();
        foreach (var (id, handle, body, receiveCount) in messages)
        {
            var record = template.DeepClone();
            record["messageId"] = id;
            record["receiptHandle"] = handle;
            record["body"] = body;
            record["attributes"]!["ApproximateReceiveCount"] = receiveCount.ToString(CultureInfo.InvariantCulture);
            record["eventSourceARN"] = queueArn;
            record["awsRegion"] = region;
            records.Add(record);
        }

        return new JsonObject { ["Records"] = records }.ToJsonString();
    }
}
