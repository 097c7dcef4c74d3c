using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using NSubstitute;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.Tests.Moto;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Function.Handling;
using SecHubRootMfa.Function.Routing;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;
using SecHubRootMfa.Service.WorkQueue;

namespace SecHubRootMfa.Function.Tests.WorkQueue;

/// <summary>
/// The enqueue and consume path against moto's SQS: the production scheduler sends a delayed re-check with the real
/// AWSSDK.SQS client, SQS holds it for its delay, and the message SQS hands out, wrapped as the event source mapping
/// wraps it, is consumed by the function and evaluates that account.
/// </summary>
[Collection(MotoGroup.Name)]
public sealed class WorkQueueMotoTests(MotoServerFixture moto) : IAsyncLifetime
{
    private const string Account = MotoServerFixture.AccountId;

    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Recheck_QueuedWithItsDelay_IsHeldThenConsumedByTheFunctionForThatAccount()
    {
        using var sqs = new AwsClientFactory(moto.Options() with { SqsServiceUrl = moto.Endpoint }).CreateSqs();
        var queueUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = "sechubrootmfa-work-queue" })).QueueUrl;
        var queueArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] })).Attributes["QueueArn"];
        var item = new RecheckWorkItem(Account, "DeactivateMFADevice", DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow);

        await new SqsRecheckScheduler(sqs, queueUrl).ScheduleAsync(item, TimeSpan.FromSeconds(2), CancellationToken.None);

        var early = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl });
        Assert.Empty(early.Messages ?? []);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var message = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MessageSystemAttributeNames = ["All"] })).Messages);
        Assert.Equal(item with { EnqueuedAt = RootMfaFindingBuilder.ToMilliseconds(item.EnqueuedAt), EventTime = RootMfaFindingBuilder.ToMilliseconds(item.EventTime!.Value) },
            WorkItemCodec.Read(message.Body, TimeProvider.System, TimeSpan.FromMinutes(5)).Item);

        // The record as the event source mapping delivers it (AWS's sample event with this message's fields).
        var batch = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Events", "WorkQueue", "sqs-standard-queue-event.json")))!;
        var record = batch["Records"]![0]!;
        record["messageId"] = message.MessageId;
        record["receiptHandle"] = message.ReceiptHandle;
        record["body"] = message.Body;
        record["eventSourceARN"] = queueArn;
        batch["Records"]!.AsArray().RemoveAt(1);

        var state = Substitute.For<IRootMfaStateSource>();
        state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(new RootMfaObservation(
            Account, AwsPartition.Aws, new AccountSummary(false, true, false, false), [], DateTimeOffset.UtcNow));
        var findings = Substitute.For<IFindingStore>();
        var context = new DeploymentContext("us-east-1", Account, "0.1.0");
        var service = new RootMfaCheckService(state, findings, null, new RootMfaFindingBuilder(context), context, new CheckOptions(),
            TimeProvider.System, Substitute.For<ICheckLog>());
        var log = new JsonLineLogSink(new StringWriter(), new StringWriter(), TimeProvider.System);
        var metrics = new MetricsWriter(new StringWriter(), TimeProvider.System);
        var handler = new RootMfaFunctionHandler(EventRouter.FromEmbeddedPatterns(), _ => service, log, metrics, TimeProvider.System,
            new WorkQueueConsumer(WorkQueueAddress.Parse(queueUrl), log, metrics, TimeProvider.System));

        var response = await handler.HandleAsync(new LambdaInvocation
        {
            RequestId = "8f507cfc-EXAMPLE",
            Deadline = DateTimeOffset.UtcNow.AddMinutes(1),
            InvokedFunctionArn = $"arn:aws:lambda:us-east-1:{Account}:function:sechubrootmfa",
            Payload = Encoding.UTF8.GetBytes(batch.ToJsonString()),
        }, CancellationToken.None);

        Assert.Equal(0, JsonDocument.Parse(response).RootElement.GetProperty("batchItemFailures").GetArrayLength());
        await findings.Received().ImportAsync(
            Arg.Is<AwsSecurityFinding>(f => f.AwsAccountId == Account && f.ProductFields!["SecHubRootMfa/Trigger"] == "Recheck after DeactivateMFADevice"),
            Arg.Any<CancellationToken>());
    }
}
