using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Bench.Org;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Organization;

// Org-mode benchmark (not a test): one full organization run of OrgCheckRunner against OrgStub on 127.0.0.1.
// dotnet run -c Release --project bench/org -- [--accounts 1000] [--latency-ms 30] [--concurrency 32] [--throttle-rate 0.02] [--quick]
var settings = Settings.Parse(args);
var accounts = Enumerable.Range(0, settings.Accounts).Select(i => (200000000000L + i).ToString(CultureInfo.InvariantCulture)).ToList();
using var stub = new OrgStub(FreePort(), accounts, TimeSpan.FromMilliseconds(settings.LatencyMs), settings.ThrottleRate);
stub.Start();

var options = new AwsClientOptions
{
    Region = "eu-west-1",
    IamServiceUrl = stub.Endpoint,
    SecurityHubServiceUrl = stub.Endpoint,
    StsServiceUrl = stub.Endpoint,
    OrganizationsServiceUrl = stub.Endpoint,
    Credentials = new BasicAWSCredentials("AKIDBENCHADMIN000001", "bench-secret"),
    Retry = new SecHubRootMfa.Aws.Runtime.AwsRetryPolicy { MaxAttempts = 6 },
};
var clients = new AwsClientFactory(options);
using var sts = clients.CreateSecurityTokenService();
using var organizations = clients.CreateOrganizations();
var limiter = new SecurityHubRequestLimiter();
using var runner = new OrgCheckRunner(
    new OrganizationsAccountDirectory(organizations),
    new AssumeRoleMemberAccess(sts, options, new MemberRoleSettings(ExternalId: "bench-external-id"), limiter, null, TimeProvider.System),
    new OrgRunOptions { HomeRegion = "eu-west-1", Concurrency = settings.Concurrency },
    TimeProvider.System,
    new NoLog());

long peakManaged = 0;
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
        await Task.Delay(20);
    }
});

var clock = Stopwatch.StartNew();
var report = await runner.RunAllAsync("Benchmark", import: true, null, CancellationToken.None);
clock.Stop();
sampling.Cancel();
await sampler;

var perAccount = stub.CallsByAccount.Values.ToArray();
// AssumeRole, then GetFindings beside GetAccountSummary and ListVirtualMFADevices, then BatchImportFindings.
const int RoundTripsPerAccount = 3;
var listPages = (settings.Accounts + 19) / 20;
var ideal = TimeSpan.FromMilliseconds((listPages * settings.LatencyMs) + ((double)settings.Accounts * RoundTripsPerAccount * settings.LatencyMs / settings.Concurrency));
// Security Hub's quota is per account and region: 2 calls per account fit in one second, so it only bounds a run
// whose accounts each need more than 10 calls; per-run lower bound = 2 calls / 10 per s, once per account in parallel.
var hubBound = TimeSpan.FromSeconds(0.2);
Console.WriteLine($"accounts={settings.Accounts} latency={settings.LatencyMs}ms concurrency={settings.Concurrency} throttle-rate={settings.ThrottleRate:0.###}");
Console.WriteLine($"report: evaluated={report.Evaluated} failed={report.Failed} skipped={report.Skipped}");
Console.WriteLine($"wall time: {clock.Elapsed.TotalSeconds:0.00} s; ideal bound {ideal.TotalSeconds:0.00} s ({listPages} ListAccounts pages serial + accounts x {RoundTripsPerAccount} round trips x latency / concurrency); Security Hub 10 req/s per account bound {hubBound.TotalSeconds:0.0} s; ratio {clock.Elapsed / ideal:0.00}x");
Console.WriteLine($"API calls per account: min {perAccount.DefaultIfEmpty().Min()} max {perAccount.DefaultIfEmpty().Max()} mean {perAccount.DefaultIfEmpty().Average():0.00} (incl. throttled retries); Security Hub throttled responses: {stub.Throttled}");
foreach (var (op, n) in stub.Calls.OrderBy(c => c.Key, StringComparer.Ordinal))
{
    Console.WriteLine($"  {op,-40} {n}");
}

using var self = Process.GetCurrentProcess();
Console.WriteLine($"peak memory: working set {self.PeakWorkingSet64 / (1024.0 * 1024):0.0} MB (process incl. stub), managed heap {peakManaged / (1024.0 * 1024):0.0} MB (sampled every 20 ms)");
return report.Failed == 0 && report.Evaluated == settings.Accounts ? 0 : 1;

static int FreePort()
{
    var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

internal sealed record Settings(int Accounts, int LatencyMs, int Concurrency, double ThrottleRate)
{
    public static Settings Parse(string[] args)
    {
        var s = args.Contains("--quick") ? new Settings(20, 5, 8, 0.05) : new Settings(1000, 30, 32, 0.02);
        for (var i = 0; i + 1 < args.Length; i++)
        {
            s = args[i] switch
            {
                "--accounts" => s with { Accounts = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--latency-ms" => s with { LatencyMs = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--concurrency" => s with { Concurrency = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--throttle-rate" => s with { ThrottleRate = double.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                _ => s,
            };
        }

        return s;
    }
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
