using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Function.Configuration;
using SecHubRootMfa.Function.Handling;
using SecHubRootMfa.Function.Routing;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;
using SecHubRootMfa.Service.Tests.Checking;
using SecHubRootMfa.Service.WorkQueue;
using SecHubRootMfa.Function.Tests.TestDoubles;

namespace SecHubRootMfa.Function.Tests.Organization;

/// <summary>
/// An organization run on the run queue: the scheduled invocation queues past its in-process limit, each member is
/// evaluated from its own message, a failed member alone comes back after a growing backoff, a member the invocation
/// had no time for is sent back, and a member delivered twice (even at once) leaves one finding and one change.
/// </summary>
public sealed class OrgRunQueueTests
{
    private const string Admin = "999988887777";
    private const string A = "111122223333";
    private const string B = "444455556666";
    private const string C = "777788880000";
    private const string RunId = "20261205T030000Z-0a1b2c3d";
    private const string FunctionArn = $"arn:aws:lambda:eu-west-1:{Admin}:function:sechubrootmfa";
    private const string QueueUrl = $"https://sqs.eu-west-1.amazonaws.com/{Admin}/sechubrootmfa-org-run-queue-1234567";
    private const string QueueArn = $"arn:aws:sqs:eu-west-1:{Admin}:sechubrootmfa-org-run-queue-1234567";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 3, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<string, FakeMember> _members = [];
    private readonly RecordingBus _bus = new();
    private readonly RecordingFanOut _queue = new();
    private readonly StringWriter _logs = new();
    private readonly StringWriter _metrics = new();

    public OrgRunQueueTests()
    {
        foreach (var id in new[] { A, B, C })
        {
            // Root has no MFA: a first evaluation is a change (null -> FAILED) that the bus must see exactly once.
            _members[id] = new FakeMember(id, _clock);
        }
    }

    [Fact]
    public async Task Consume_SameMemberTwiceInOneBatch_EvaluatesItOnceAndAcknowledgesBothMessages()
    {
        var response = await Consume(Batch(Message("m-1", A), Message("m-2", A)));

        Assert.Empty(Failures(response));
        Assert.Equal(1, _members[A].Iam.Reads);
        Assert.Equal("FAILED", _members[A].Hub.Stored!.Compliance!.Status);
        Assert.Single(_bus.Delivered);
    }

    [Fact]
    public async Task Consume_SameMemberDeliveredAgainAfterItsFirstEvaluation_ChangesNothingAndPublishesNoSecondChange()
    {
        await Consume(Batch(Message("m-1", A)));
        var first = _members[A].Hub.Stored!;
        _clock.Advance(TimeSpan.FromSeconds(30));

        var again = await Consume(Batch(Message("m-1", A, receiveCount: 2)));

        Assert.Empty(Failures(again));
        var stored = _members[A].Hub.Stored!;
        Assert.Equal((first.Id, first.Compliance!.Status, first.FirstObservedAt), (stored.Id, stored.Compliance!.Status, stored.FirstObservedAt));
        var change = Assert.Single(_bus.Delivered);
        Assert.Equal((null, ComplianceStatus.Failed), (change.OldStatus, change.NewStatus));
    }

    [Fact]
    public async Task Consume_SameMemberInTwoBatchesAtOnce_LeavesOneFailedFindingAndPublishesOneChange()
    {
        // The first delivery's import is held in flight while the duplicate is evaluated and imported to the end.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _members[A].Hub.HoldNextImport = () =>
        {
            held.SetResult();
            return release.Task;
        };
        var first = Consume(Batch(Message("m-1", A)));
        await held.Task.WaitAsync(TimeSpan.FromSeconds(10));

        _clock.Advance(TimeSpan.FromMilliseconds(5));
        var second = await Consume(Batch(Message("m-2", A)));
        release.SetResult();
        var firstResponse = await first.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(Failures(firstResponse));
        Assert.Empty(Failures(second));
        Assert.All(_members[A].Hub.Received, f => Assert.Equal("FAILED", f.Compliance!.Status));
        Assert.Equal("FAILED", _members[A].Hub.Stored!.Compliance!.Status);
        var change = Assert.Single(_bus.Delivered);
        Assert.Equal((null, ComplianceStatus.Failed), (change.OldStatus, change.NewStatus));
    }

    [Theory]
    [InlineData(1, 15, 30)]
    [InlineData(3, 60, 120)]
    [InlineData(9, 450, 900)]
    public async Task Consume_AMemberThrottled_OnlyItsMessageComesBackAfterABackoffGrowingWithItsReceiveCount(int receiveCount, int least, int most)
    {
        _members[B].ThrottledReads = 1;

        var response = await Consume(Batch(Message("m-a", A), Message("m-b", B, receiveCount), Message("m-c", C)));

        Assert.Equal(["m-b"], Failures(response));
        var (handle, delay) = Assert.Single(_queue.Retries);
        Assert.Equal("handle-m-b", handle);
        Assert.InRange(delay.TotalSeconds, least, most);
        Assert.Equal("FAILED", _members[A].Hub.Stored!.Compliance!.Status);
        Assert.Equal("FAILED", _members[C].Hub.Stored!.Compliance!.Status);
        Assert.Contains("\"event\":\"member.retry\"", _logs.ToString(), StringComparison.Ordinal);
        Assert.Contains(RunMetrics(), m => m.GetProperty("MembersRetried").GetInt32() == 1 && m.GetProperty("MembersEvaluated").GetInt32() == 2);
    }

    [Fact]
    public async Task Consume_ThrottledMemberRedelivered_IsEvaluatedOnItsOwnNextDelivery()
    {
        _members[B].ThrottledReads = 1;
        await Consume(Batch(Message("m-a", A), Message("m-b", B)));
        _clock.Advance(TimeSpan.FromSeconds(30));

        var retry = await Consume(Batch(Message("m-b", B, receiveCount: 2)));

        Assert.Empty(Failures(retry));
        Assert.Equal((1, 1), (_members[A].Iam.Reads, _members[B].Iam.Reads));
        Assert.Equal("FAILED", _members[B].Hub.Stored!.Compliance!.Status);
    }

    [Fact]
    public async Task Consume_AMemberWhoseAuditRoleIsRefused_IsAFinalFailureNotRetried()
    {
        _members[B].Denied = true;

        var response = await Consume(Batch(Message("m-a", A), Message("m-b", B)));

        Assert.Empty(Failures(response));
        Assert.Empty(_queue.Retries);
        Assert.Contains("\"event\":\"account.failed\"", _logs.ToString(), StringComparison.Ordinal);
        Assert.Contains(RunMetrics(), m => m.GetProperty("MembersFailed").GetInt32() == 1 && m.GetProperty("RunId").GetString() == RunId);
    }

    [Fact]
    public async Task Consume_InvocationRunsOutOfTime_SendsBackTheMemberStillRunningAndKeepsTheFinishedOne()
    {
        // B's IAM never answers; the invocation's deadline leaves MemberQueueConsumer.DeadlineMargin plus a moment.
        _members[B].Hang = true;

        var response = await Consume(
            Batch(Message("m-a", A), Message("m-b", B)), deadline: _clock.GetUtcNow() + MemberQueueConsumer.DeadlineMargin + TimeSpan.FromMilliseconds(300))
            .WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(["m-b"], Failures(response));
        Assert.Equal("handle-m-b", Assert.Single(_queue.Retries).Handle);
        Assert.Equal("FAILED", _members[A].Hub.Stored!.Compliance!.Status);
        Assert.Null(_members[B].Hub.Stored);
    }

    [Fact]
    public async Task Consume_ARecheckOrAMessageFromAnotherQueue_IsListedAndNotEvaluated()
    {
        var recheck = WorkItemCodec.Write(new RecheckWorkItem(A, "DeactivateMFADevice", null, _clock.GetUtcNow()));
        var batch = Batch(Message("m-1", A), Message("m-2", A));
        var node = JsonNode.Parse(batch)!;
        node["Records"]![0]!["body"] = recheck;
        node["Records"]![1]!["eventSourceARN"] = $"arn:aws:sqs:eu-west-1:{Admin}:someone-elses-queue";

        var response = await Consume(node.ToJsonString());

        Assert.Equal(["m-1", "m-2"], Failures(response).Order(StringComparer.Ordinal));
        Assert.Equal(0, _members[A].Iam.Reads);
    }

    [Fact]
    public async Task Schedule_MoreMembersThanTheInvocationCanEvaluate_QueuesEveryMemberOnceUnderOneRunId()
    {
        // With one member at a time and the 4 s per-account budget, 16 s of remaining time keep 2 members in-process (half of it).
        var response = await Schedule(remaining: TimeSpan.FromSeconds(16), concurrency: 1);

        Assert.Equal("queued", response.GetProperty("status").GetString());
        var run = response.GetProperty("run");
        Assert.Equal(("queued", 3, 3, 2), (run.GetProperty("mode").GetString(), run.GetProperty("listed").GetInt32(),
            run.GetProperty("enqueued").GetInt32(), run.GetProperty("inProcessLimit").GetInt32()));
        var runId = run.GetProperty("runId").GetString()!;
        Assert.True(OrgRunId.IsValid(runId));
        var sent = _queue.Sent.SelectMany(b => b).ToList();
        Assert.Equal([A, B, C], sent.Select(m => m.AccountId).Order(StringComparer.Ordinal));
        Assert.All(sent, m => Assert.Equal((runId, "Scheduled Event", true), (m.RunId, m.Trigger, m.CheckEventPath)));
        Assert.All(_members.Values, m => Assert.Equal(0, m.Iam.Reads));
        Assert.Contains(RunMetrics(), m => m.GetProperty("MembersEnqueued").GetInt32() == 3 && m.GetProperty("RunId").GetString() == runId);
    }

    [Fact]
    public async Task Schedule_OrganizationWithinTheLimit_IsEvaluatedInProcessUnderARunIdAndQueuesNothing()
    {
        var response = await Schedule(remaining: TimeSpan.FromSeconds(24), concurrency: 1);

        Assert.Equal("evaluated", response.GetProperty("status").GetString());
        var run = response.GetProperty("run");
        Assert.Equal(("in-process", 3, 0, 3), (run.GetProperty("mode").GetString(), run.GetProperty("listed").GetInt32(),
            run.GetProperty("enqueued").GetInt32(), run.GetProperty("inProcessLimit").GetInt32()));
        Assert.Equal(3, response.GetProperty("organization").GetProperty("evaluated").GetInt32());
        Assert.Empty(_queue.Sent);
        Assert.Contains(RunMetrics(), m => m.GetProperty("MembersEnqueued").GetInt32() == 3 && m.GetProperty("MembersEvaluated").GetInt32() == 3
            && m.GetProperty("RunId").GetString() == run.GetProperty("runId").GetString());
    }

    [Fact]
    public async Task MemberEvent_WithARunQueue_IsStillEvaluatedDirectlyForThatMemberAlone()
    {
        var payload = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Events", "cloudtrail-EnableMFADevice-root.json"))
            .Replace("111122223333", B, StringComparison.Ordinal);

        var response = await Invoke(Encoding.UTF8.GetBytes(payload), _clock.GetUtcNow().AddMinutes(1), concurrency: 16);

        Assert.Equal("evaluated", response.GetProperty("status").GetString());
        Assert.Equal(B, response.GetProperty("evaluation").GetProperty("accountId").GetString());
        Assert.Empty(_queue.Sent);
        Assert.Equal((0, 0), (_members[A].Iam.Reads, _members[C].Iam.Reads));
    }

    [Fact]
    public void FromEnvironment_RunQueueUrl_IsReadAndOneThatIsNoQueueUrlNamesTheVariable()
    {
        var env = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "eu-west-1", ["SECHUBROOTMFA_MODE"] = "org", ["SECHUBROOTMFA_AUDIT_EXTERNAL_ID"] = "ext-0001",
            ["SECHUBROOTMFA_ORG_RUN_QUEUE_URL"] = QueueUrl,
        };

        var org = FunctionOptions.FromEnvironment(n => env.GetValueOrDefault(n)).Org!;
        env["SECHUBROOTMFA_ORG_RUN_QUEUE_URL"] = "arn:aws:sqs:eu-west-1:999988887777:queue";
        var error = Assert.Throws<FunctionConfigurationException>(() => FunctionOptions.FromEnvironment(n => env.GetValueOrDefault(n)));

        Assert.Equal(("sechubrootmfa-org-run-queue-1234567", Admin), (org.RunQueue!.Name, org.RunQueue.AccountId));
        Assert.Contains("SECHUBROOTMFA_ORG_RUN_QUEUE_URL='arn:aws:sqs:eu-west-1:999988887777:queue' is not an SQS queue URL", error.Message, StringComparison.Ordinal);
    }

    private static List<string?> Failures(ReadOnlyMemory<byte> response) =>
        [.. JsonDocument.Parse(response).RootElement.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString())];

    private List<JsonElement> RunMetrics() =>
        [.. _metrics.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty(MetricsWriter.RunIdProperty, out _))
            .Select(e => Defaults(e))];

    // A run metric line leaves zero counts out; the assertions read them as 0.
    private static JsonElement Defaults(JsonElement line)
    {
        var node = JsonNode.Parse(line.GetRawText())!.AsObject();
        foreach (var name in new[] { "MembersEnqueued", "MembersEvaluated", "MembersFailed", "MembersRetried" })
        {
            node[name] ??= 0;
        }

        return JsonDocument.Parse(node.ToJsonString()).RootElement;
    }

    private (string Id, string Body, string Handle, int ReceiveCount) Message(string id, string account, int receiveCount = 1) =>
        (id, WorkItemCodec.Write(new MemberWorkItem(RunId, account, null, "Scheduled Event", false, _clock.GetUtcNow().AddMinutes(-1))), $"handle-{id}", receiveCount);

    private static string Batch(params (string Id, string Body, string Handle, int ReceiveCount)[] messages) =>
        SqsRecords.Of(QueueArn, "eu-west-1", messages.Select(m => (m.Id, m.Handle, m.Body, m.ReceiveCount)));

    private async Task<ReadOnlyMemory<byte>> Consume(string batch, DateTimeOffset? deadline = null) =>
        await Handler(concurrency: 16).HandleAsync(Invocation(Encoding.UTF8.GetBytes(batch), deadline ?? _clock.GetUtcNow().AddMinutes(5)), CancellationToken.None);

    private async Task<JsonElement> Schedule(TimeSpan remaining, int concurrency)
    {
        var payload = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Events", "scheduled-event.json")).Replace("111122223333", Admin, StringComparison.Ordinal);
        return await Invoke(Encoding.UTF8.GetBytes(payload), _clock.GetUtcNow() + remaining, concurrency);
    }

    private async Task<JsonElement> Invoke(byte[] payload, DateTimeOffset deadline, int concurrency)
    {
        var bytes = await Handler(concurrency).HandleAsync(Invocation(payload, deadline), CancellationToken.None);
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    private static LambdaInvocation Invocation(byte[] payload, DateTimeOffset deadline) => new()
    {
        RequestId = "8f507cfc-EXAMPLE",
        Deadline = deadline,
        InvokedFunctionArn = FunctionArn,
        Payload = payload,
    };

    private OrgFunctionHandler Handler(int concurrency)
    {
        var log = new JsonLineLogSink(_logs, _logs, _clock);
        var metrics = new MetricsWriter(_metrics, _clock);
        var directory = new ListedAccounts(A, B, C);
        var runner = new OrgCheckRunner(directory, new FakeMemberAccess(_members), new OrgRunOptions
        {
            HomeRegion = "eu-west-1",
            Concurrency = concurrency,
            Check = new CheckOptions { ConsistencyRetries = 0, ConsistencyDelay = TimeSpan.Zero },
        }, _clock, Substitute.For<ICheckLog>(), _bus);
        var options = new OrgFanOutOptions();
        var fanOut = new OrgRunFanOut(
            new OrgRunDispatcher(directory, _queue, _clock, options),
            new MemberQueueConsumer(WorkQueueAddress.Parse(QueueUrl)!, runner, _queue, options, concurrency, log, metrics, _clock),
            options, concurrency);
        return new OrgFunctionHandler(EventRouter.FromEmbeddedPatterns(TimeProvider.System), runner, AwsPartition.Aws, log, metrics, _clock, fanOut: fanOut);
    }

    private sealed class RecordingFanOut : IMemberFanOut
    {
        public ConcurrentQueue<IReadOnlyList<MemberWorkItem>> Sent { get; } = new();

        public ConcurrentQueue<(string Handle, TimeSpan Delay)> Retries { get; } = new();

        public Task SendAsync(IReadOnlyList<MemberWorkItem> items, CancellationToken cancellationToken)
        {
            _ = items.Select(WorkItemCodec.Write).ToList();
            Sent.Enqueue(items);
            return Task.CompletedTask;
        }

        public Task RetryLaterAsync(string receiptHandle, TimeSpan delay, CancellationToken cancellationToken)
        {
            Retries.Enqueue((receiptHandle, delay));
            return Task.CompletedTask;
        }
    }
}
