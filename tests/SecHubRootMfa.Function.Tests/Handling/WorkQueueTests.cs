using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NSubstitute;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Function.Handling;
using SecHubRootMfa.Function.Routing;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;
using SecHubRootMfa.Service.WorkQueue;
using static SecHubRootMfa.Function.Tests.Routing.EventRouterStrictnessTests;

namespace SecHubRootMfa.Function.Tests.Handling;

/// <summary>
/// A root MFA device removal of any kind that IAM does not show yet: the function imports the verdict marked provisional
/// and queues a re-check; the re-check arrives from the work queue (the SQS event AWS documents) and its write clears the mark.
/// </summary>
public class WorkQueueTests
{
    private const string Account = "111122223333";
    private const string FunctionArn = "arn:aws:lambda:eu-west-1:111122223333:function:sechubrootmfa";
    private const string QueueUrl = "https://sqs.eu-west-1.amazonaws.com/111122223333/sechubrootmfa-work-queue-1234567";
    private const string QueueArn = "arn:aws:sqs:eu-west-1:111122223333:sechubrootmfa-work-queue-1234567";
    private readonly IRootMfaStateSource _state = Substitute.For<IRootMfaStateSource>();
    private readonly List<AwsSecurityFinding> _imported = [];
    private readonly IFindingStore _findings = Substitute.For<IFindingStore>();
    private readonly IRecheckScheduler _queue = Substitute.For<IRecheckScheduler>();
    private readonly StringWriter _logs = new();
    private readonly StringWriter _metrics = new();

    public WorkQueueTests()
    {
        _findings.ImportAsync(Arg.Do<AwsSecurityFinding>(_imported.Add), Arg.Any<CancellationToken>()).Returns(Task.CompletedTask);
        IamSays(mfa: 1);
    }

    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Events", name));

    private void IamSays(int mfa) =>
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(_ => new RootMfaObservation(
            Account, AwsPartition.Aws, new AccountSummary(mfa == 1, true, false, false), [], DateTimeOffset.UtcNow));

    private RootMfaFunctionHandler Handler(bool withQueue = true)
    {
        var context = new DeploymentContext("eu-west-1", Account, "0.1.0");
        var log = new JsonLineLogSink(_logs, _logs, TimeProvider.System);
        var service = new RootMfaCheckService(_state, _findings, null, new RootMfaFindingBuilder(context), context,
            new CheckOptions { ConsistencyDelay = TimeSpan.Zero }, TimeProvider.System, new Composition.CheckLog(log), recheck: withQueue ? _queue : null);
        var metrics = new MetricsWriter(_metrics, TimeProvider.System);
        return new RootMfaFunctionHandler(EventRouter.FromEmbeddedPatterns(), _ => service, log, metrics, TimeProvider.System,
            new WorkQueueConsumer(WorkQueueAddress.Parse(QueueUrl), log, metrics, TimeProvider.System));
    }

    private static LambdaInvocation Invocation(string payload) => new()
    {
        RequestId = "8f507cfc-EXAMPLE",
        Deadline = DateTimeOffset.UtcNow.AddMinutes(1),
        InvokedFunctionArn = FunctionArn,
        Payload = Encoding.UTF8.GetBytes(payload),
    };

    // A fresh removal event: the sample with its times set to just now, and the removed device's serial.
    private static string Removal(string file, string? serial = null)
    {
        var now = Quote($"{DateTimeOffset.UtcNow.AddSeconds(-10):yyyy-MM-dd'T'HH:mm:ss'Z'}");
        var json = With(With(Sample(file), "detail.eventTime", now), "time", now);
        return serial is null ? json : With(json, "detail.requestParameters.serialNumber", Quote(serial));
    }

    public static TheoryData<string, string?> NonVirtualRemovals => new()
    {
        { "cloudtrail-DeactivateMFADevice-root.json", "GAHT12345678" },
        { "cloudtrail-DeactivateMFADevice-root-assumeroot.json", null },
    };

    [Theory]
    [MemberData(nameof(NonVirtualRemovals))]
    public async Task Handle_FreshHardwareOrFidoRemovalIamStillShowsMfaOn_NeverImportsAnUnmarkedPassed(string file, string? serial)
    {
        // Without a work queue: the PASSED IAM still shows is refused while the event is fresh (the invocation fails
        // and Lambda retries); before this change it was imported as if the removal were confirmed.
        var context = new DeploymentContext("eu-west-1", Account, "0.1.0");
        var service = new RootMfaCheckService(_state, _findings, null, new RootMfaFindingBuilder(context), context,
            new CheckOptions { ConsistencyDelay = TimeSpan.Zero }, TimeProvider.System, Substitute.For<ICheckLog>());
        var handler = new RootMfaFunctionHandler(EventRouter.FromEmbeddedPatterns(), _ => service,
            new JsonLineLogSink(_logs, _logs, TimeProvider.System), new MetricsWriter(_metrics, TimeProvider.System), TimeProvider.System);

        try
        {
            await handler.HandleAsync(Invocation(Removal(file, serial)), CancellationToken.None);
        }
        catch (LambdaFunctionException)
        {
            // refused: nothing was imported
        }

        Assert.DoesNotContain(_imported, f => f.Compliance!.Status == "PASSED" && !f.ProductFields!.ContainsKey(FindingFields.RecheckAtKey));
    }

    public static TheoryData<string, string?> Removals => new()
    {
        // One per device kind; IAM still shows MFA on (it lags, or root kept another device).
        { "cloudtrail-DeactivateMFADevice-root.json", "GAHT12345678" },
        { "cloudtrail-DeactivateMFADevice-root-assumeroot.json", null },
        { "cloudtrail-DeleteVirtualMFADevice-root.json", "arn:aws:iam::111122223333:mfa/not-yet-gone" },
    };

    [Theory]
    [MemberData(nameof(Removals))]
    public async Task Handle_FreshRemoval_ImportsAProvisionalVerdictAndQueuesARecheckNamingTheAccountAndEvent(string file, string? serial)
    {
        if (serial?.Contains(":mfa/", StringComparison.Ordinal) == true)
        {
            // IAM still lists the virtual device on root (it lags); the expectation "not assigned" is never met.
            _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(_ => new RootMfaObservation(
                Account, AwsPartition.Aws, new AccountSummary(true, true, false, false),
                [new VirtualMfaDevice(serial, $"arn:aws:iam::{Account}:root")], DateTimeOffset.UtcNow));
        }

        var response = JsonDocument.Parse(await Handler().HandleAsync(Invocation(Removal(file, serial)), CancellationToken.None)).RootElement;

        var trigger = JsonNode.Parse(Sample(file))!["detail"]!["eventName"]!.GetValue<string>();
        await _queue.Received(1).ScheduleAsync(
            Arg.Is<RecheckWorkItem>(i => i.AccountId == Account && i.Trigger == trigger && i.EventTime != null),
            new CheckOptions().EventSettleTime, Arg.Any<CancellationToken>());
        var finding = _imported.Last();
        Assert.True(finding.ProductFields!.ContainsKey(FindingFields.RecheckAtKey));
        Assert.Contains("Provisional:", finding.Description, StringComparison.Ordinal);
        Assert.Equal(finding.ProductFields[FindingFields.RecheckAtKey], response.GetProperty("evaluation").GetProperty("recheckAt").GetString());
        Assert.Contains("\"event\":\"recheck.scheduled\"", _logs.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_RecheckFromTheWorkQueue_EvaluatesTheAccountOnceAndClearsTheProvisionalMark()
    {
        IamSays(mfa: 0);
        var item = new RecheckWorkItem(Account, "DeactivateMFADevice", DateTimeOffset.UtcNow.AddMinutes(-6), DateTimeOffset.UtcNow.AddMinutes(-5));

        var response = await Handler().HandleAsync(Invocation(Batch(WorkItemCodec.Write(item), WorkItemCodec.Write(item))), CancellationToken.None);

        Assert.Equal("""{"batchItemFailures":[]}""", Encoding.UTF8.GetString(response.Span));
        await _state.Received(1).ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>());
        var finding = Assert.Single(_imported, f => f.Compliance!.Status == "FAILED");
        Assert.False(finding.ProductFields!.ContainsKey(FindingFields.RecheckAtKey));
        Assert.Equal("Recheck after DeactivateMFADevice", finding.ProductFields["SecHubRootMfa/Trigger"]);
    }

    [Fact]
    public async Task Handle_RecheckThatFails_ListsItsMessagesForRetryAndTheOthersSucceed()
    {
        _findings.GetAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns<ExistingFinding?>(_ => throw new AwsCallException(AwsFailureKind.Transient, "securityhub:GetFindings: ThrottlingException"));
        var item = new RecheckWorkItem(Account, "DeactivateMFADevice", null, DateTimeOffset.UtcNow.AddMinutes(-5));

        var response = JsonDocument.Parse(await Handler().HandleAsync(Invocation(Batch(WorkItemCodec.Write(item), "{\"version\":2}")), CancellationToken.None)).RootElement;

        var failed = response.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()).ToList();
        Assert.Equal(["2e1424d4-f796-459a-8184-9c92662be6da", "059f36b4-87a3-44ab-83d2-661975830a7d"], failed);
    }

    [Theory]
    [InlineData("Test message.", "the body is not JSON")]
    [InlineData("""{"version":1,"kind":"fan-out","accountId":"111122223333"}""", "unknown kind 'fan-out'")]
    [InlineData("""{"version":1,"kind":"recheck","accountId":"111122223333","trigger":"DeactivateMFADevice","enqueuedAt":"2026-11-30T11:00:00.000Z","extra":1}""", "unexpected field 'extra'")]
    [InlineData("""{"version":1,"kind":"recheck","accountId":"1111","trigger":"DeactivateMFADevice","enqueuedAt":"2026-11-30T11:00:00.000Z"}""", "accountId '1111' is not a 12-digit account id")]
    [InlineData("""{"version":1,"kind":"recheck","accountId":"111122223333","trigger":"Deactivate MFA\n","enqueuedAt":"2026-11-30T11:00:00.000Z"}""", "is not an event name")]
    [InlineData("""{"version":1,"kind":"recheck","accountId":"111122223333","trigger":"DeactivateMFADevice","enqueuedAt":"2099-11-30T11:00:00.000Z"}""", "lies in the future")]
    [InlineData("""{"version":1,"kind":"recheck","accountId":"111122223333","trigger":"DeactivateMFADevice"}""", "enqueuedAt is missing")]
    public async Task Handle_WorkItemThatIsNotValid_IsListedForTheDeadLetterQueueWithABoundedReasonAndNothingIsEvaluated(string body, string reason)
    {
        var response = JsonDocument.Parse(await Handler().HandleAsync(Invocation(Batch(body)), CancellationToken.None)).RootElement;

        Assert.Equal(2, response.GetProperty("batchItemFailures").GetArrayLength());
        await _state.DidNotReceiveWithAnyArgs().ReadAsync(default!, default!, default);
        var rejected = _logs.ToString().Split('\n').First(l => l.Contains("workitem.rejected", StringComparison.Ordinal));
        Assert.Contains(reason, rejected, StringComparison.Ordinal);
        Assert.True(rejected.Length < 1024, rejected);
    }

    [Fact]
    public async Task Handle_RecheckNamingAnotherAccountOrFromAnotherQueue_IsListedAndNotEvaluated()
    {
        var foreign = WorkItemCodec.Write(new RecheckWorkItem("444455556666", "DeactivateMFADevice", null, DateTimeOffset.UtcNow));
        var otherQueue = Batch(WorkItemCodec.Write(new RecheckWorkItem(Account, "DeactivateMFADevice", null, DateTimeOffset.UtcNow)))
            .Replace(QueueArn, "arn:aws:sqs:eu-west-1:111122223333:someone-elses-queue", StringComparison.Ordinal);

        var a = JsonDocument.Parse(await Handler().HandleAsync(Invocation(Batch(foreign)), CancellationToken.None)).RootElement;
        var b = JsonDocument.Parse(await Handler().HandleAsync(Invocation(otherQueue), CancellationToken.None)).RootElement;

        Assert.Equal((2, 2), (a.GetProperty("batchItemFailures").GetArrayLength(), b.GetProperty("batchItemFailures").GetArrayLength()));
        await _state.DidNotReceiveWithAnyArgs().ReadAsync(default!, default!, default);
    }

    [Fact]
    public async Task Handle_RecordWithoutAMessageId_FailsTheWholeBatch()
    {
        var node = JsonNode.Parse(Batch(WorkItemCodec.Write(new RecheckWorkItem(Account, "DeactivateMFADevice", null, DateTimeOffset.UtcNow))))!;
        node["Records"]![0]!.AsObject().Remove("messageId");

        await Assert.ThrowsAsync<LambdaFunctionException>(() => Handler().HandleAsync(Invocation(node.ToJsonString()), CancellationToken.None));
    }

    // AWS's sample SQS event with our queue's ARN and the given bodies (the sample has two records; one body fills both).
    private static string Batch(params string[] bodies)
    {
        var node = JsonNode.Parse(Sample(Path.Combine("WorkQueue", "sqs-standard-queue-event.json")))!;
        var records = node["Records"]!.AsArray();
        for (var i = 0; i < records.Count; i++)
        {
            records[i]!["body"] = bodies[Math.Min(i, bodies.Length - 1)];
            records[i]!["eventSourceARN"] = QueueArn;
            records[i]!["awsRegion"] = "eu-west-1";
        }

        return node.ToJsonString();
    }
}
