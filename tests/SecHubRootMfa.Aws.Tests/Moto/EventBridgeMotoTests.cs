using SecHubRootMfa.Aws.EventBridge;
using SecHubRootMfa.Aws.EventBridge.Model;

namespace SecHubRootMfa.Aws.Tests.Moto;

[Collection(MotoGroup.Name)]
public sealed class EventBridgeMotoTests(MotoServerFixture moto)
{
    [Fact]
    public async Task PutEvents_ValidAndInvalidEntry_ReturnsEventIdAndPerEntryError()
    {
        using var events = new AwsClientFactory(moto.Options("eu-west-1")).CreateEventBridge();

        var response = await events.PutEventsAsync(new PutEventsRequest
        {
            Entries =
            [
                new PutEventsRequestEntry
                {
                    Source = "sechubrootmfa",
                    DetailType = "Root MFA evaluated",
                    Detail = """{"compliance":"FAILED"}""",
                    Resources = ["arn:aws:iam::123456789012:root"],
                    Time = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                },
                new PutEventsRequestEntry { Source = "sechubrootmfa", DetailType = "missing detail" },
            ],
        });

        Assert.Equal(1, response.FailedEntryCount);
        Assert.Equal(2, response.Entries.Count);
        Assert.False(string.IsNullOrEmpty(response.Entries[0].EventId));
        Assert.Equal("InvalidArgument", response.Entries[1].ErrorCode);
        Assert.Contains("Detail", response.Entries[1].ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventPublisher_AgainstMoto_PublishesValidEntriesAndReportsTheInvalidOneWithoutRetrying()
    {
        using var events = new AwsClientFactory(moto.Options("eu-west-1")).CreateEventBridge();
        var entries = Enumerable.Range(0, 12)
            .Select(i => new PutEventsRequestEntry { Source = "sechubrootmfa", DetailType = "check", Detail = i == 5 ? null : $$"""{"n":{{i}}}""" })
            .ToList();

        var outcomes = await new EventPublisher(events).PublishAsync(entries);

        Assert.Equal(11, outcomes.Count(o => o.Published));
        var failed = Assert.Single(outcomes, o => !o.Published);
        Assert.Same(entries[5], failed.Entry);
        Assert.Equal("InvalidArgument", failed.ErrorCode);
        Assert.Equal(1, failed.Attempts);
    }
}
