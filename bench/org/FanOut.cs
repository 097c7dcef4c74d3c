using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.EventBridge;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Function.Handling;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Organization;

namespace SecHubRootMfa.Bench.Org;

/// <summary>The clients and the runner every process of the bench builds the same way, against the stand-in.</summary>
internal static class BenchAws
{
    public const string QueueAccount = "000000000000";
    public const string QueueName = "bench-org-run-queue";

    public static AwsClientOptions Options(Uri endpoint) => new()
    {
        Region = "eu-west-1",
        IamServiceUrl = endpoint,
        SecurityHubServiceUrl = endpoint,
        StsServiceUrl = endpoint,
        OrganizationsServiceUrl = endpoint,
        EventBridgeServiceUrl = endpoint,
        SqsServiceUrl = endpoint,
        Credentials = new BasicAWSCredentials("AKIDBENCHADMIN000001", "bench-secret"),
        Retry = new SecHubRootMfa.Aws.Runtime.AwsRetryPolicy { MaxAttempts = 6 },
    };

    public static string QueueUrl(Uri endpoint) => new Uri(endpoint, $"{QueueAccount}/{QueueName}").ToString();

    /// <summary>The runner as deployed in org mode (no reachability recorder: the stand-in has no administrator hub).</summary>
    public static OrgCheckRunner Runner(Settings settings, AwsClientFactory clients, AwsClientOptions options, List<IDisposable> owned)
    {
        var sts = clients.CreateSecurityTokenService();
        var organizations = clients.CreateOrganizations();
        var events = clients.CreateEventBridge();
        owned.AddRange([sts, organizations, events]);
        return new OrgCheckRunner(
            new OrganizationsAccountDirectory(organizations),
            new AssumeRoleMemberAccess(sts, options, new MemberRoleSettings(ExternalId: "bench-external-id"), new SecurityHubRequestLimiter(), null, TimeProvider.System),
            new OrgRunOptions { HomeRegion = "eu-west-1", Concurrency = settings.Concurrency, KeepFindings = settings.KeepFindings },
            TimeProvider.System,
            new NoLog(),
            // As deployed: members' changes go to the administrator's bus (on a first run, every member changes).
            settings.Publisher ? new EventBridgeChangePublisher(new EventPublisher(events, TimeProvider.System), "bench-bus") : null);
    }
}

/// <summary>Peak memory of this process, sampled every 20 ms while a run is in flight.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public MemorySampler()
    {
        using var self = Process.GetCurrentProcess();
        _sampling = Task.Run(async () =>
        {
            using var me = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                me.Refresh();
                PeakManaged = Math.Max(PeakManaged, GC.GetTotalMemory(false));
                PeakWorkingSet = Math.Max(PeakWorkingSet, me.WorkingSet64);
                await Task.Delay(20);
            }
        });
    }

    public long PeakManaged { get; private set; }

    public long PeakWorkingSet { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}

/// <summary>
/// A run fanned out on the run queue: this process dispatches (lists the accounts and queues them, as the scheduled
/// invocation does) while N consumer processes, each a Lambda sandbox running one invocation at a time, receive
/// batches of the mapping's size, hand them to <see cref="MemberQueueConsumer"/> as the event source mapping's records,
/// and delete what the partial batch response does not list.
/// </summary>
internal static class FanOutRun
{
    /// <summary>The event source mapping's batch size (ORG_RUN_QUEUE.batchSize in infra-pulumi/src/orgRunQueue.ts).</summary>
    public const int BatchSize = 10;

    public static async Task<int> DispatchAndMeasureAsync(Settings settings, StubProcess stub, string[] args)
    {
        var options = BenchAws.Options(stub.Endpoint);
        var clients = new AwsClientFactory(options);
        using var organizations = clients.CreateOrganizations();
        using var sqs = clients.CreateSqs();
        var consumers = Enumerable.Range(0, settings.Consumers).Select(_ => ConsumerProcess.Start(args, stub.Endpoint)).ToList();
        var dispatcher = new OrgRunDispatcher(new OrganizationsAccountDirectory(organizations), new SqsMemberFanOut(sqs, BenchAws.QueueUrl(stub.Endpoint), TimeProvider.System),
            TimeProvider.System, new OrgFanOutOptions());
        OrgDispatch dispatch;
        double dispatched;
        var clock = Stopwatch.StartNew();
        await using (var memory = new MemorySampler())
        {
            dispatch = await dispatcher.DispatchAsync(OrgRunId.New(TimeProvider.System), "Benchmark", false, inProcessLimit: 0, CancellationToken.None);
            dispatched = clock.Elapsed.TotalSeconds;
            await stub.PostAsync(OrgStub.DispatchedPath);
            while ((await stub.RunAsync()).GetProperty("outstanding").GetInt64() > 0)
            {
                await Task.Delay(100);
            }

            clock.Stop();
            Console.WriteLine(FormattableString.Invariant(
                $"dispatcher process: peak working set {memory.PeakWorkingSet / (1024.0 * 1024):0.0} MB, managed heap {memory.PeakManaged / (1024.0 * 1024):0.0} MB"));
        }

        var reports = new List<JsonElement>();
        foreach (var c in consumers)
        {
            reports.Add(await c.ReportAsync());
        }

        var stats = await stub.StatsAsync();
        var latency = settings.LatencyMs / 1000.0;
        var roundTrips = settings.Publisher ? 6 : 3;
        var concurrency = Math.Min(settings.Concurrency, BatchSize);
        var listPages = (settings.Accounts + 19) / 20;
        var listing = listPages * latency;
        var evaluating = (double)settings.Accounts * roundTrips * latency / (settings.Consumers * concurrency);
        var bound = Math.Max(listing, evaluating);
        var wall = clock.Elapsed.TotalSeconds;
        var invocations = reports.Sum(r => r.GetProperty("invocations").GetInt32());
        var messages = reports.Sum(r => r.GetProperty("messages").GetInt32());
        var sentBack = reports.Sum(r => r.GetProperty("sentBack").GetInt32());
        Console.WriteLine($"accounts={settings.Accounts} latency={settings.LatencyMs}ms sqs-latency={settings.SqsLatencyMs}ms consumers={settings.Consumers} concurrency per consumer={concurrency} (batch size {BatchSize}) throttle-rate={settings.ThrottleRate:0.###} publisher={settings.Publisher} (stand-in pid {stub.ProcessId}, its SQS model)");
        Console.WriteLine($"dispatch: listed={dispatch.Listed} enqueued={dispatch.Enqueued} in {dispatched:0.00} s");
        Console.WriteLine(FormattableString.Invariant(
            $"wall time: {wall:0.00} s (dispatch start to an empty queue); ideal bound {bound:0.00} s = max(serial listing {listing:0.00} s = {listPages} pages x latency, accounts x {roundTrips} round trips x latency / ({settings.Consumers} consumers x {concurrency}) = {evaluating:0.00} s); ratio {wall / bound:0.00}x"));
        Console.WriteLine($"invocations (batches consumed): {invocations}; messages delivered: {messages} for {dispatch.Enqueued} members; sent back for a retry: {sentBack}");
        foreach (var call in stats.GetProperty("calls").EnumerateObject())
        {
            Console.WriteLine($"  {call.Name,-44} {call.Value.GetInt32()}");
        }

        var peaks = reports.Select(r => r.GetProperty("peakWorkingSetMb").GetDouble()).Order().ToList();
        var managed = reports.Select(r => r.GetProperty("peakManagedMb").GetDouble()).ToList();
        Console.WriteLine(FormattableString.Invariant(
            $"peak memory per consumer process (sampled every 20 ms): working set min {peaks[0]:0.0} / median {peaks[peaks.Count / 2]:0.0} / max {peaks[^1]:0.0} MB, managed heap max {managed.Max():0.0} MB; consumer CPU total {reports.Sum(r => r.GetProperty("cpuSeconds").GetDouble()):0.0} s"));
        return reports.Sum(r => r.GetProperty("messages").GetInt32() - r.GetProperty("sentBack").GetInt32()) >= settings.Accounts ? 0 : 1;
    }

    /// <summary>One consumer process: invocation after invocation until the dispatcher is done and the queue is empty.</summary>
    public static async Task<int> ConsumeAsync(Settings settings, Uri endpoint)
    {
        var options = BenchAws.Options(endpoint);
        var clients = new AwsClientFactory(options);
        var owned = new List<IDisposable>();
        using var runner = BenchAws.Runner(settings, clients, options, owned);
        using var sqs = clients.CreateSqs();
        var url = BenchAws.QueueUrl(endpoint);
        var fanOut = new SqsMemberFanOut(sqs, url, TimeProvider.System);
        var consumer = new MemberQueueConsumer(WorkQueueAddress.Parse(url)!, runner, fanOut, new OrgFanOutOptions(), Math.Min(settings.Concurrency, BatchSize),
            new JsonLineLogSink(TextWriter.Null, TextWriter.Null, TimeProvider.System), new MetricsWriter(TextWriter.Null, TimeProvider.System), TimeProvider.System);
        var arn = $"arn:aws:sqs:eu-west-1:{BenchAws.QueueAccount}:{BenchAws.QueueName}";
        int invocations = 0, messages = 0, sentBack = 0;
        long peakManaged, peakWorkingSet;
        await using (var memory = new MemorySampler())
        {
            while (true)
            {
                var received = (await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
                {
                    QueueUrl = url, MaxNumberOfMessages = BatchSize, WaitTimeSeconds = 1, MessageSystemAttributeNames = ["ApproximateReceiveCount"],
                })).Messages ?? [];
                if (received.Count == 0)
                {
                    var run = await StubProcess.GetRunAsync(endpoint);
                    if (run.GetProperty("dispatched").GetBoolean() && run.GetProperty("outstanding").GetInt64() == 0)
                    {
                        break;
                    }

                    continue;
                }

                invocations++;
                messages += received.Count;
                var response = await consumer.HandleAsync(new LambdaInvocation
                {
                    RequestId = Guid.NewGuid().ToString(),
                    Deadline = DateTimeOffset.UtcNow.AddSeconds(900),
                    InvokedFunctionArn = "arn:aws:lambda:eu-west-1:000000000000:function:bench",
                    Payload = Records(received, arn),
                }, CancellationToken.None);
                using var answer = JsonDocument.Parse(response);
                var failed = answer.RootElement.GetProperty("batchItemFailures").EnumerateArray()
                    .Select(f => f.GetProperty("itemIdentifier").GetString()).ToHashSet(StringComparer.Ordinal);
                sentBack += failed.Count;
                var done = received.Where(m => !failed.Contains(m.MessageId)).Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList();
                if (done.Count > 0)
                {
                    // The event source mapping deletes every message the response does not list.
                    await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest { QueueUrl = url, Entries = done });
                }
            }

            peakManaged = memory.PeakManaged;
            peakWorkingSet = memory.PeakWorkingSet;
        }

        foreach (var o in owned)
        {
            o.Dispose();
        }

        using var self = Process.GetCurrentProcess();
        Console.WriteLine(FormattableString.Invariant(
            $"{{\"invocations\":{invocations},\"messages\":{messages},\"sentBack\":{sentBack},\"peakWorkingSetMb\":{Math.Max(peakWorkingSet, self.PeakWorkingSet64) / (1024.0 * 1024):0.0},\"peakManagedMb\":{peakManaged / (1024.0 * 1024):0.0},\"cpuSeconds\":{self.TotalProcessorTime.TotalSeconds:0.0}}}"));
        return 0;
    }

    // The records as the event source mapping delivers them (the fields MemberQueueConsumer reads).
    private static byte[] Records(List<Message> messages, string arn)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("Records");
            foreach (var m in messages)
            {
                json.WriteStartObject();
                json.WriteString("messageId", m.MessageId);
                json.WriteString("receiptHandle", m.ReceiptHandle);
                json.WriteString("body", m.Body);
                json.WriteStartObject("attributes");
                json.WriteString("ApproximateReceiveCount", m.Attributes["ApproximateReceiveCount"]);
                json.WriteEndObject();
                json.WriteString("eventSource", "aws:sqs");
                json.WriteString("eventSourceARN", arn);
                json.WriteString("awsRegion", "eu-west-1");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>A consumer process (this program with --consume ENDPOINT); its report is the last line it prints.</summary>
internal sealed class ConsumerProcess(Process process)
{
    public static ConsumerProcess Start(string[] args, Uri endpoint) =>
        new(Process.Start(StubProcess.SelfStartInfo([.. args, "--consume", endpoint.ToString()])) ?? throw new InvalidOperationException("A consumer process did not start."));

    public async Task<JsonElement> ReportAsync()
    {
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (process.ExitCode != 0 || last is null || !last.StartsWith('{'))
        {
            throw new InvalidOperationException($"A consumer process failed (exit {process.ExitCode}): {output}");
        }

        using var document = JsonDocument.Parse(last);
        return document.RootElement.Clone();
    }
}
