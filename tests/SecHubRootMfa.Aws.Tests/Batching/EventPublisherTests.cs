using NSubstitute;
using SecHubRootMfa.Aws.EventBridge;
using SecHubRootMfa.Aws.EventBridge.Model;

namespace SecHubRootMfa.Aws.Tests.Batching;

public sealed class EventPublisherTests
{
    private readonly IAmazonEventBridge _events = Substitute.For<IAmazonEventBridge>();
    private readonly List<List<string>> _calls = [];

    [Fact]
    public async Task Publish_25Entries_SplitsIntoCallsOfAtMost10()
    {
        Answer(_ => null);
        var entries = Enumerable.Range(0, 25).Select(i => Entry($"e{i}")).ToList();

        var outcomes = await Publisher().PublishAsync(entries);

        Assert.Equal([10, 10, 5], _calls.Select(c => c.Count));
        Assert.All(outcomes, o => Assert.True(o.Published));
    }

    [Fact]
    public async Task Publish_EntriesOver256KBTogether_AreSplitBySize()
    {
        Answer(_ => null);
        var detail = $$"""{"pad":"{{new string('x', 100_000)}}"}""";
        var entries = Enumerable.Range(0, 5).Select(i => Entry($"e{i}", detail)).ToList();

        await Publisher().PublishAsync(entries);

        Assert.Equal([2, 2, 1], _calls.Select(c => c.Count));
    }

    [Fact]
    public async Task Publish_InternalFailureOnOneEntry_RetriesOnlyThatEntry()
    {
        var round = 0;
        Answer(source => round == 0 && source == "e1" ? "InternalFailure" : source == "e2" ? "MalformedDetail" : null, () => round++);

        var outcomes = await Publisher().PublishAsync([Entry("e0"), Entry("e1"), Entry("e2")]);

        Assert.Equal([["e0", "e1", "e2"], ["e1"]], _calls);
        Assert.True(outcomes[0].Published);
        Assert.True(outcomes[1].Published);
        Assert.Equal(2, outcomes[1].Attempts);
        Assert.False(outcomes[2].Published);
        Assert.Equal("MalformedDetail", outcomes[2].ErrorCode);
    }

    [Fact]
    public async Task Publish_PersistentThrottling_StopsAfterBoundedRetries()
    {
        Answer(_ => "ThrottlingException");

        var outcomes = await new EventPublisher(_events, TimeProvider.System, maxEntryRetries: 2, retryBaseDelay: TimeSpan.Zero)
            .PublishAsync([Entry("e0")]);

        Assert.Equal(3, _calls.Count);
        Assert.Equal("ThrottlingException", Assert.Single(outcomes).ErrorCode);
    }

    [Fact]
    public async Task Publish_ResultCountMismatch_MarksEntriesUnknownInsteadOfGuessing()
    {
        _events.PutEventsAsync(Arg.Any<PutEventsRequest>(), Arg.Any<CancellationToken>())
            .Returns(new PutEventsResponse { FailedEntryCount = 0, Entries = [new PutEventsResultEntry { EventId = "x" }] });

        var outcomes = await Publisher().PublishAsync([Entry("e0"), Entry("e1")]);

        Assert.All(outcomes, o => Assert.Equal("InconsistentResponse", o.ErrorCode));
    }

    private EventPublisher Publisher() => new(_events, TimeProvider.System, retryBaseDelay: TimeSpan.Zero);

    private static PutEventsRequestEntry Entry(string source, string detail = "{}")
        => new() { Source = source, DetailType = "test", Detail = detail };

    private void Answer(Func<string, string?> errorFor, Action? afterCall = null)
    {
        _events.PutEventsAsync(Arg.Any<PutEventsRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var request = call.Arg<PutEventsRequest>();
            _calls.Add(request.Entries.Select(e => e.Source!).ToList());
            var results = request.Entries.Select(e => errorFor(e.Source!) is { } code
                ? new PutEventsResultEntry { ErrorCode = code, ErrorMessage = code }
                : new PutEventsResultEntry { EventId = Guid.NewGuid().ToString() }).ToList();
            afterCall?.Invoke();
            return new PutEventsResponse { FailedEntryCount = results.Count(r => r.ErrorCode is not null), Entries = results };
        });
    }
}
