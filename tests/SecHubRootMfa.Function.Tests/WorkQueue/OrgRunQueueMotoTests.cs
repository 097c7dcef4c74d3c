using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using NSubstitute;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.Tests.Moto;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Function.Handling;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Function.Tests.TestDoubles;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.WorkQueue;

namespace SecHubRootMfa.Function.Tests.WorkQueue;

/// <summary>
/// The organization run queue against moto's SQS, with the real AWSSDK.SQS client: the dispatcher queues every member
/// (SendMessageBatch), a consumer that dies holding a batch loses none of it (the visibility timeout hands it out again),
/// a failed member is delayed with ChangeMessageVisibility and, after the queue's maxReceiveCount, lands in the
/// dead-letter queue. The event source mapping is played by the test: receive, hand the records to the function, delete
/// every message the partial batch response does not list.
/// </summary>
[Collection(MotoGroup.Name)]
public sealed class OrgRunQueueMotoTests(MotoServerFixture moto) : IAsyncLifetime
{
    private const int VisibilitySeconds = 2;
    private const int MaxReceiveCount = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Dictionary<string, FakeMember> _members = [];

    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Run_QueuedOnSqs_EveryMemberIsEvaluatedEvenWhenAConsumerDiesHoldingABatch()
    {
        using var sqs = Sqs();
        var (url, arn, _) = await CreateQueuesAsync(sqs);
        var accounts = Members(25);
        var fanOut = new SqsMemberFanOut(sqs, url, TimeProvider.System);
        var dispatch = await new OrgRunDispatcher(new ListedAccounts([.. accounts]), fanOut, TimeProvider.System, new OrgFanOutOptions())
            .DispatchAsync(OrgRunId.New(TimeProvider.System), "Scheduled Event", false, inProcessLimit: 0, CancellationToken.None);
        Assert.Equal(25, dispatch.Enqueued);

        // A consumer takes a batch and dies: no delete, no response.
        var lost = (await ReceiveAsync(sqs, url)).Select(m => Item(m).AccountId).ToList();
        Assert.NotEmpty(lost);

        var deliveries = await DrainAsync(sqs, url, arn, Consumer(url, fanOut, new OrgFanOutOptions()), until: () => _members.Values.All(m => m.Hub.Stored is not null));

        Assert.All(accounts, a => Assert.Equal("FAILED", _members[a].Hub.Stored!.Compliance!.Status));
        Assert.All(lost, a => Assert.Contains(deliveries, d => d.Account == a && d.ReceiveCount == 2));
        Assert.Equal(0, await DepthAsync(sqs, url));
    }

    [Fact]
    public async Task Run_AMemberThatKeepsFailing_IsDelayedEachTimeThenDeadLetteredWhileTheOthersAreDone()
    {
        using var sqs = Sqs();
        var (url, arn, dlqUrl) = await CreateQueuesAsync(sqs);
        var accounts = Members(5);
        _members[accounts[2]].ThrottledReads = int.MaxValue;
        var fanOut = new SqsMemberFanOut(sqs, url, TimeProvider.System);
        var options = new OrgFanOutOptions { FirstRetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(1) };
        await new OrgRunDispatcher(new ListedAccounts([.. accounts]), fanOut, TimeProvider.System, options)
            .DispatchAsync(OrgRunId.New(TimeProvider.System), "Scheduled Event", false, inProcessLimit: 0, CancellationToken.None);

        var dead = new List<Message>();
        var deliveries = await DrainAsync(sqs, url, arn, Consumer(url, fanOut, options), until: () =>
        {
            dead.AddRange(sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlqUrl, MaxNumberOfMessages = 10 }).GetAwaiter().GetResult().Messages ?? []);
            return dead.Count > 0;
        });

        Assert.Equal(accounts[2], Item(Assert.Single(dead)).AccountId);
        Assert.Equal(Enumerable.Range(1, MaxReceiveCount), deliveries.Where(d => d.Account == accounts[2]).Select(d => d.ReceiveCount));
        Assert.All(accounts.Where(a => a != accounts[2]), a => Assert.Equal("FAILED", _members[a].Hub.Stored!.Compliance!.Status));
        Assert.Equal(0, await DepthAsync(sqs, url));
    }

    private IAmazonSQS Sqs() => new AwsClientFactory(moto.Options() with { SqsServiceUrl = moto.Endpoint }).CreateSqs();

    private List<string> Members(int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => (200000000000L + i).ToString(CultureInfo.InvariantCulture)).ToList();
        foreach (var id in ids)
        {
            _members[id] = new FakeMember(id, TimeProvider.System);
        }

        return ids;
    }

    private static async Task<(string Url, string Arn, string DlqUrl)> CreateQueuesAsync(IAmazonSQS sqs)
    {
        var dlqUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = "sechubrootmfa-org-run-dlq" })).QueueUrl;
        var dlqArn = await ArnAsync(sqs, dlqUrl);
        var url = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = "sechubrootmfa-org-run-queue",
            Attributes = new Dictionary<string, string>
            {
                ["VisibilityTimeout"] = VisibilitySeconds.ToString(CultureInfo.InvariantCulture),
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":{{MaxReceiveCount}}}""",
            },
        })).QueueUrl;
        return (url, await ArnAsync(sqs, url), dlqUrl);
    }

    private static async Task<string> ArnAsync(IAmazonSQS sqs, string url) =>
        (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["QueueArn"] })).Attributes["QueueArn"];

    private static async Task<int> DepthAsync(IAmazonSQS sqs, string url)
    {
        var a = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = url, AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        })).Attributes;
        return int.Parse(a["ApproximateNumberOfMessages"], CultureInfo.InvariantCulture) + int.Parse(a["ApproximateNumberOfMessagesNotVisible"], CultureInfo.InvariantCulture);
    }

    private static async Task<List<Message>> ReceiveAsync(IAmazonSQS sqs, string url) =>
        (await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = url, MaxNumberOfMessages = 10, MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        })).Messages ?? [];

    private static MemberWorkItem Item(Message m) => WorkItemCodec.Read(m.Body, TimeProvider.System, TimeSpan.FromMinutes(5)).Member!;

    private MemberQueueConsumer Consumer(string url, SqsMemberFanOut fanOut, OrgFanOutOptions options)
    {
        var runner = new OrgCheckRunner(new ListedAccounts([.. _members.Keys]), new FakeMemberAccess(_members), new OrgRunOptions
        {
            HomeRegion = "us-east-1",
            Check = new CheckOptions { ConsistencyRetries = 0, ConsistencyDelay = TimeSpan.Zero },
        }, TimeProvider.System, Substitute.For<ICheckLog>());
        return new MemberQueueConsumer(WorkQueueAddress.Parse(url)!, runner, fanOut, options, 10,
            new JsonLineLogSink(new StringWriter(), new StringWriter(), TimeProvider.System), new MetricsWriter(new StringWriter(), TimeProvider.System),
            TimeProvider.System);
    }

    // The event source mapping: receive, invoke with the records, delete what the response does not list; until done.
    private static async Task<List<(string Account, int ReceiveCount)>> DrainAsync(
        IAmazonSQS sqs, string url, string arn, MemberQueueConsumer consumer, Func<bool> until)
    {
        var deliveries = new List<(string Account, int ReceiveCount)>();
        var stop = DateTime.UtcNow + Patience;
        while (!until())
        {
            Assert.True(DateTime.UtcNow < stop, $"the run did not finish within {Patience}; delivered: {string.Join(", ", deliveries)}");
            var messages = await ReceiveAsync(sqs, url);
            if (messages.Count == 0)
            {
                await Task.Delay(250);
                continue;
            }

            deliveries.AddRange(messages.Select(m => (Item(m).AccountId, int.Parse(m.Attributes["ApproximateReceiveCount"], CultureInfo.InvariantCulture))));
            var response = await consumer.HandleAsync(new LambdaInvocation
            {
                RequestId = Guid.NewGuid().ToString(),
                Deadline = DateTimeOffset.UtcNow.AddMinutes(1),
                InvokedFunctionArn = $"arn:aws:lambda:us-east-1:{MotoServerFixture.AccountId}:function:sechubrootmfa",
                Payload = Encoding.UTF8.GetBytes(Records(messages, arn)),
            }, CancellationToken.None);
            var failed = JsonDocument.Parse(response).RootElement.GetProperty("batchItemFailures").EnumerateArray()
                .Select(f => f.GetProperty("itemIdentifier").GetString()).ToHashSet(StringComparer.Ordinal);
            foreach (var m in messages.Where(m => !failed.Contains(m.MessageId)))
            {
                await sqs.DeleteMessageAsync(url, m.ReceiptHandle);
            }
        }

        return deliveries;
    }

    private static string Records(List<Message> messages, string arn) =>
        SqsRecords.Of(arn, "us-east-1", messages.Select(m => (m.MessageId, m.ReceiptHandle, m.Body, int.Parse(m.Attributes["ApproximateReceiveCount"], CultureInfo.InvariantCulture))));
}
