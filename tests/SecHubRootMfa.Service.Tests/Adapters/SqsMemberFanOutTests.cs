using Amazon.SQS;
using Amazon.SQS.Model;
using NSubstitute;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Ports;
using SecHubRootMfa.Service.WorkQueue;

namespace SecHubRootMfa.Service.Tests.Adapters;

/// <summary>The run queue on SQS: SendMessageBatch's per-entry failures, and a retry's backoff as a visibility change.</summary>
public sealed class SqsMemberFanOutTests
{
    private const string Url = "https://sqs.eu-west-1.amazonaws.com/999988887777/sechubrootmfa-org-run";
    private readonly IAmazonSQS _sqs = Substitute.For<IAmazonSQS>();
    private readonly List<SendMessageBatchRequest> _calls = [];

    private static readonly MemberWorkItem[] Items =
    [
        new("20261128T040000Z-0a1b2c3d", "111111111111", null, "Scheduled Event", true, DateTimeOffset.UnixEpoch),
        new("20261128T040000Z-0a1b2c3d", "222222222222", "two", "Scheduled Event", true, DateTimeOffset.UnixEpoch),
    ];

    private void Answer(params Func<SendMessageBatchRequest, SendMessageBatchResponse>[] answers)
    {
        var next = 0;
        _sqs.SendMessageBatchAsync(Arg.Any<SendMessageBatchRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var request = call.Arg<SendMessageBatchRequest>();
            _calls.Add(request);
            return Task.FromResult(answers[Math.Min(next++, answers.Length - 1)](request));
        });
    }

    private static SendMessageBatchResponse Failing(SendMessageBatchRequest request, string id, bool senderFault) => new()
    {
        Successful = [.. request.Entries.Where(e => e.Id != id).Select(e => new SendMessageBatchResultEntry { Id = e.Id, MessageId = "m-" + e.Id })],
        Failed = [.. request.Entries.Where(e => e.Id == id).Select(e => new BatchResultErrorEntry
        {
            Id = e.Id, Code = senderFault ? "InvalidParameterValue" : "InternalError", Message = "entry refused", SenderFault = senderFault,
        })],
    };

    private static SendMessageBatchResponse AllSent(SendMessageBatchRequest request) => new()
    {
        Successful = [.. request.Entries.Select(e => new SendMessageBatchResultEntry { Id = e.Id, MessageId = "m-" + e.Id })],
        Failed = [],
    };

    [Fact]
    public async Task Send_AnEntrySqsFailedOnItsSide_IsSentAgainAloneAndTheBatchSucceeds()
    {
        Answer(r => Failing(r, "1", senderFault: false), AllSent);

        await new SqsMemberFanOut(_sqs, Url, TimeProvider.System).SendAsync(Items, CancellationToken.None);

        Assert.Equal([2, 1], _calls.Select(c => c.Entries.Count));
        Assert.Contains("\"accountId\":\"222222222222\"", _calls[1].Entries[0].MessageBody, StringComparison.Ordinal);
        Assert.All(_calls, c => Assert.Equal(Url, c.QueueUrl));
    }

    [Fact]
    public async Task Send_AnEntryRefusedAsTheSendersFault_FailsAtOnceNamingTheMember()
    {
        Answer(r => Failing(r, "0", senderFault: true));

        var error = await Assert.ThrowsAsync<AwsCallException>(() => new SqsMemberFanOut(_sqs, Url, TimeProvider.System).SendAsync(Items, CancellationToken.None));

        Assert.Equal(AwsFailureKind.Permanent, error.Kind);
        Assert.Contains("111111111111", error.Message, StringComparison.Ordinal);
        Assert.Single(_calls);
    }

    [Fact]
    public async Task Send_AnEntrySqsKeepsFailing_FailsTransientlyAfterTheLastAttempt()
    {
        Answer(r => Failing(r, "1", senderFault: false));

        var error = await Assert.ThrowsAsync<AwsCallException>(() => new SqsMemberFanOut(_sqs, Url, TimeProvider.System).SendAsync(Items, CancellationToken.None));

        Assert.Equal(AwsFailureKind.Transient, error.Kind);
        Assert.Equal(SqsMemberFanOut.SendAttempts, _calls.Count);
        Assert.Contains("InternalError", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("not-an-id")]
    public async Task Send_AnAnswerAboutAnEntryThisCallDidNotSend_FailsTransientlyWithoutGuessingWhichMembersWereQueued(string strayId)
    {
        Answer(r => new SendMessageBatchResponse
        {
            Successful = [],
            Failed = [new BatchResultErrorEntry { Id = strayId, Code = "InternalError", Message = "entry refused", SenderFault = false }],
        });

        var error = await Assert.ThrowsAsync<AwsCallException>(() => new SqsMemberFanOut(_sqs, Url, TimeProvider.System).SendAsync(Items, CancellationToken.None));

        Assert.Equal(AwsFailureKind.Transient, error.Kind);
        Assert.Contains($"entry '{strayId}', which this call did not send", error.Message, StringComparison.Ordinal);
        Assert.Single(_calls);
    }

    [Fact]
    public async Task Send_MoreThanTenMembers_IsRefusedBeforeAnyCall()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            new SqsMemberFanOut(_sqs, Url, TimeProvider.System).SendAsync([.. Enumerable.Repeat(Items[0], 11)], CancellationToken.None));

        Assert.Empty(_calls);
    }

    [Theory]
    [InlineData(29.2, 30)]
    [InlineData(100000, 43200)]
    [InlineData(-5, 0)]
    public async Task RetryLater_ChangesTheMessagesVisibilityToTheDelayInWholeSecondsWithinSqsLimits(double seconds, int expected)
    {
        await new SqsMemberFanOut(_sqs, Url, TimeProvider.System).RetryLaterAsync("handle-1", TimeSpan.FromSeconds(seconds), CancellationToken.None);

        await _sqs.Received(1).ChangeMessageVisibilityAsync(
            Arg.Is<ChangeMessageVisibilityRequest>(r => r.QueueUrl == Url && r.ReceiptHandle == "handle-1" && r.VisibilityTimeout == expected),
            Arg.Any<CancellationToken>());
    }
}
