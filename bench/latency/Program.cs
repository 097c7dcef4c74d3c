using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Bench.Org;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Function.Handling;
using SecHubRootMfa.Function.Routing;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Checking;

// Evaluation latency (not a test): event -> response of the function's handler, through the real AWS client layer,
// against a local stand-in that answers every call after a fixed latency. Sequential reads (the finding, then IAM) and
// concurrent reads are interleaved in one run, so their ratio is not skewed by this noisy machine's drift.
// dotnet run -c Release --project bench/latency -- [--latency-ms 50] [--rounds 20] [--quick]
var latencyMs = 50;
var rounds = 20;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--latency-ms" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var l) && l > 0:
            latencyMs = l;
            i++;
            break;
        case "--rounds" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var r) && r > 0:
            rounds = r;
            i++;
            break;
        case "--quick":
            rounds = 3;
            break;
        default:
            Console.Error.WriteLine($"latency: unknown argument '{args[i]}' (usage: [--latency-ms N] [--rounds N] [--quick])");
            return 2;
    }
}

const string Account = "111122223333";
using var stub = new OrgStub(FreePort(), [Account], TimeSpan.FromMilliseconds(latencyMs), throttleRate: 0, enforceHubQuota: false);
stub.Start();
var options = new AwsClientOptions
{
    Region = "eu-west-1",
    IamServiceUrl = stub.Endpoint,
    SecurityHubServiceUrl = stub.Endpoint,
    Credentials = new BasicAWSCredentials("AKIDBENCHLATENCY0001", "bench-secret"),
    Retry = new SecHubRootMfa.Aws.Runtime.AwsRetryPolicy { MaxAttempts = 1 },
};
var clients = new AwsClientFactory(options);
using var iam = clients.CreateIdentityManagement();
using var hub = clients.CreateSecurityHub();
var deployment = new DeploymentContext("eu-west-1", Account);

RootMfaFunctionHandler Handler(bool sequential)
{
    var service = new RootMfaCheckService(
        new IamRootMfaStateSource(iam, TimeProvider.System),
        new SecurityHubFindingStore(hub, new SecurityHubFindingImporter(hub), "eu-west-1", Account),
        null, new RootMfaFindingBuilder(deployment), deployment,
        new CheckOptions { ReadExistingFindingFirst = sequential, ChangeDelivery = ChangeDelivery.Disabled },
        TimeProvider.System, new NoLog());
    return new RootMfaFunctionHandler(EventRouter.FromEmbeddedPatterns(), _ => service,
        new JsonLineLogSink(TextWriter.Null, TextWriter.Null, TimeProvider.System), new MetricsWriter(TextWriter.Null, TimeProvider.System),
        TimeProvider.System);
}

var scheduled = Encoding.UTF8.GetBytes($$"""
    {"version":"0","id":"bench","detail-type":"Scheduled Event","source":"aws.events","account":"{{Account}}",
     "time":"2026-11-30T12:00:00Z","region":"eu-west-1","resources":[],"detail":{} }
    """);
var handlers = new[] { ("sequential reads (before)", Handler(sequential: true), 3), ("concurrent reads (after)", Handler(sequential: false), 2) };
var samples = handlers.Select(_ => new List<double>()).ToArray();

async Task<double> InvokeAsync(ILambdaHandler handler)
{
    var watch = Stopwatch.StartNew();
    await handler.HandleAsync(new LambdaInvocation
    {
        RequestId = "bench",
        Deadline = DateTimeOffset.UtcNow.AddMinutes(1),
        InvokedFunctionArn = $"arn:aws:lambda:eu-west-1:{Account}:function:sechubrootmfa",
        Payload = scheduled,
    }, CancellationToken.None);
    return watch.Elapsed.TotalMilliseconds;
}

// One warm-up each (JIT, connection pool), then interleaved rounds.
foreach (var (_, handler, _) in handlers)
{
    await InvokeAsync(handler);
}

for (var round = 0; round < rounds; round++)
{
    for (var h = 0; h < handlers.Length; h++)
    {
        samples[h].Add(await InvokeAsync(handlers[h].Item2));
    }
}

Console.WriteLine($"event -> response, one account, every AWS call answered after {latencyMs} ms, {rounds} interleaved rounds");
Console.WriteLine("| reads | round trips | ideal (ms) | median (ms) | p25-p75 (ms) | median / ideal |");
Console.WriteLine("|---|---|---|---|---|---|");
var medians = new double[handlers.Length];
for (var h = 0; h < handlers.Length; h++)
{
    var sorted = samples[h].Order().ToArray();
    var ideal = handlers[h].Item3 * latencyMs;
    medians[h] = Quantile(sorted, 0.5);
    Console.WriteLine(FormattableString.Invariant(
        $"| {handlers[h].Item1} | {handlers[h].Item3} | {ideal} | {medians[h]:0.0} | {Quantile(sorted, 0.25):0.0}-{Quantile(sorted, 0.75):0.0} | {medians[h] / ideal:0.00}x |"));
}

Console.WriteLine(FormattableString.Invariant($"after / before (medians, same run): {medians[1] / medians[0]:0.00}x"));
foreach (var (op, n) in stub.Calls.OrderBy(c => c.Key, StringComparer.Ordinal))
{
    Console.WriteLine($"  {op,-40} {n}");
}

return 0;

static double Quantile(double[] sorted, double q)
{
    var position = (sorted.Length - 1) * q;
    var lower = (int)Math.Floor(position);
    var upper = (int)Math.Ceiling(position);
    return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

internal sealed class NoLog : ICheckLog
{
    public void WaitingForConsistency(string accountId, string expectation, int reads, TimeSpan delay)
    {
    }

    public void ConsistencyGaveUp(string accountId, string expectation, int reads)
    {
    }
}
