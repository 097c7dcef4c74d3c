using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Bench.Org;
using SecHubRootMfa.Service.Checking;

// Org-mode benchmark (not a test): one full organization run of OrgCheckRunner against OrgStub, which runs in a
// second process (this program started with --serve) so the stand-in does not share the runner's thread pool or heap.
// dotnet run -c Release --project bench/org -- [--accounts 1000] [--latency-ms 30] [--concurrency 32] [--throttle-rate 0.02] [--keep-findings true] [--publisher] [--quick]
//   [--consumers N [--sqs-latency-ms 10]]: the run fanned out on the run queue (modelled in the stand-in), N consumer processes
Settings settings;
try
{
    settings = Settings.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"org: {e.Message} (usage: [--accounts N] [--latency-ms N] [--concurrency 1-256] [--throttle-rate 0-1] [--keep-findings true|false] [--publisher] [--consumers N] [--sqs-latency-ms N] [--quick])");
    return 2;
}

if (settings.Consume is { } consumeFrom)
{
    return await FanOutRun.ConsumeAsync(settings, consumeFrom);
}

var accounts = Enumerable.Range(0, settings.Accounts).Select(i => (200000000000L + i).ToString(CultureInfo.InvariantCulture)).ToList();
if (settings.Serve)
{
    using var served = new OrgStub(FreePort(), accounts, TimeSpan.FromMilliseconds(settings.LatencyMs), settings.ThrottleRate,
        sqsLatency: TimeSpan.FromMilliseconds(settings.SqsLatencyMs));
    served.Start();
    Console.WriteLine(served.Endpoint);
    // Serve until the runner closes our standard input (or dies, which closes it too).
    await Console.In.ReadToEndAsync();
    return 0;
}

using var stub = StubProcess.Start(args);
if (settings.Consumers > 0)
{
    return await FanOutRun.DispatchAndMeasureAsync(settings, stub, args);
}

var options = BenchAws.Options(stub.Endpoint);
var clients = new AwsClientFactory(options);
var owned = new List<IDisposable>();
using var runner = BenchAws.Runner(settings, clients, options, owned);
using var self = Process.GetCurrentProcess();
var memory = new MemorySampler();
var clock = Stopwatch.StartNew();
var report = await runner.RunAllAsync("Benchmark", import: true, null, CancellationToken.None);
clock.Stop();
await memory.DisposeAsync();
var stats = await stub.StatsAsync();
self.Refresh();

// AssumeRole, then GetFindings beside GetAccountSummary and ListVirtualMFADevices, then BatchImportFindings; with a
// publisher, a first run's change also costs a read-back (GetFindings), PutEvents and a second import.
var roundTripsPerAccount = settings.Publisher ? 6 : 3;
var latency = settings.LatencyMs / 1000.0;
var listPages = (settings.Accounts + 19) / 20;
var evaluating = (double)settings.Accounts * roundTripsPerAccount * latency / settings.Concurrency;
// Listing first, then evaluating (what a run that waits for the whole list can reach at best).
var serialBound = (listPages * latency) + evaluating;
// Listing overlapped with evaluation: the list's pages are serial and the last page's accounts still need their round
// trips; the evaluations cannot start before the first page. No schedule beats the larger of the two.
var overlappedBound = Math.Max((listPages + roundTripsPerAccount) * latency, latency + evaluating);
var wall = clock.Elapsed.TotalSeconds;
var perAccount = stats.GetProperty("perAccount");
Console.WriteLine($"accounts={settings.Accounts} latency={settings.LatencyMs}ms concurrency={settings.Concurrency} throttle-rate={settings.ThrottleRate:0.###} keep-findings={settings.KeepFindings} publisher={settings.Publisher} (stand-in in its own process, pid {stub.ProcessId})");
Console.WriteLine($"report: evaluated={report.Evaluated} failed={report.Failed} skipped={report.Skipped}");
Console.WriteLine(FormattableString.Invariant(
    $"wall time: {wall:0.00} s; ideal bound {overlappedBound:0.00} s (max of {listPages} ListAccounts pages serial + last page's {roundTripsPerAccount} round trips, and accounts x {roundTripsPerAccount} round trips x latency / concurrency); ratio {wall / overlappedBound:0.00}x"));
Console.WriteLine(FormattableString.Invariant(
    $"  listing-then-evaluating bound {serialBound:0.00} s (ratio {wall / serialBound:0.00}x); Security Hub 10 req/s per account bound 0.2 s"));
Console.WriteLine(FormattableString.Invariant(
    $"API calls per account (from the stand-in): min {perAccount.GetProperty("min").GetInt32()} max {perAccount.GetProperty("max").GetInt32()} mean {perAccount.GetProperty("mean").GetDouble():0.00} (incl. throttled retries); Security Hub throttled responses: {stats.GetProperty("throttled").GetInt32()}"));
foreach (var call in stats.GetProperty("calls").EnumerateObject())
{
    Console.WriteLine($"  {call.Name,-44} {call.Value.GetInt32()}");
}

Console.WriteLine(FormattableString.Invariant(
    $"runner CPU: {self.TotalProcessorTime.TotalSeconds:0.0} s ({self.TotalProcessorTime.TotalMilliseconds / settings.Accounts:0.00} ms per account); GC: {GC.CollectionCount(0)} gen0, {GC.CollectionCount(2)} gen2; thread pool threads at the end: {ThreadPool.ThreadCount}"));
Console.WriteLine(FormattableString.Invariant(
    $"peak memory of the runner process: working set {memory.PeakWorkingSet / (1024.0 * 1024):0.0} MB sampled (OS peak {self.PeakWorkingSet64 / (1024.0 * 1024):0.0} MB), managed heap {memory.PeakManaged / (1024.0 * 1024):0.0} MB (sampled every 20 ms)"));
return report.Failed == 0 && report.Evaluated == settings.Accounts ? 0 : 1;

static int FreePort()
{
    var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

internal sealed record Settings(
    int Accounts, int LatencyMs, int Concurrency, double ThrottleRate, bool Serve, bool KeepFindings = true, bool Publisher = false,
    int Consumers = 0, int SqsLatencyMs = 10, Uri? Consume = null)
{
    public static Settings Parse(string[] args)
    {
        var s = args.Contains("--quick") ? new Settings(20, 5, 8, 0.05, false) : new Settings(1000, 30, 32, 0.02, false);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            s = args[i] switch
            {
                "--quick" => s,
                "--serve" => s with { Serve = true },
                "--publisher" => s with { Publisher = true },
                "--keep-findings" => s with { KeepFindings = bool.TryParse(value, out var k) ? k : throw new FormatException($"--keep-findings needs true or false, got '{value}'") },
                "--accounts" => s with { Accounts = Int(args[i], value, 1, 1_000_000) },
                "--latency-ms" => s with { LatencyMs = Int(args[i], value, 0, 10_000) },
                "--concurrency" => s with { Concurrency = Int(args[i], value, 1, 256) },
                "--consumers" => s with { Consumers = Int(args[i], value, 0, 1000) },
                "--sqs-latency-ms" => s with { SqsLatencyMs = Int(args[i], value, 0, 10_000) },
                "--consume" => s with { Consume = Uri.TryCreate(value, UriKind.Absolute, out var u) ? u : throw new FormatException($"--consume needs the stand-in's URL, got '{value}'") },
                "--throttle-rate" => s with { ThrottleRate = double.TryParse(value, CultureInfo.InvariantCulture, out var r) && r is >= 0 and <= 1 ? r : throw new FormatException($"--throttle-rate needs a number from 0 to 1, got '{value}'") },
                _ => throw new FormatException($"unknown argument '{args[i]}'"),
            };
            i += args[i] is "--quick" or "--serve" or "--publisher" ? 0 : 1;
        }

        return s;
    }

    private static int Int(string name, string? value, int min, int max) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new FormatException($"{name} needs a whole number from {min} to {max}, got '{value}'");
}

/// <summary>This program again with --serve: the stand-in in its own process; disposing stops it.</summary>
internal sealed class StubProcess : IDisposable
{
    private static readonly HttpClient Http = new();
    private readonly Process _process;

    private StubProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public int ProcessId => _process.Id;

    /// <summary>This program again, with <paramref name="args"/>; standard input and output redirected.</summary>
    public static ProcessStartInfo SelfStartInfo(IEnumerable<string> args)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell this program's path.");
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            // Started as `dotnet SecHubRootMfa.Bench.Org.dll`: start the dll the same way.
            start.ArgumentList.Add(typeof(StubProcess).Assembly.Location);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }

    public static StubProcess Start(string[] args)
    {
        var process = Process.Start(SelfStartInfo(args.Append("--serve"))) ?? throw new InvalidOperationException("The stand-in process did not start.");
        var line = process.StandardOutput.ReadLine();
        if (!Uri.TryCreate(line, UriKind.Absolute, out var endpoint))
        {
            process.Kill();
            throw new InvalidOperationException($"The stand-in process did not print its endpoint (got '{line}').");
        }

        return new StubProcess(process, endpoint);
    }

    public async Task<JsonElement> StatsAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(Endpoint, OrgStub.StatsPath)));
        return document.RootElement.Clone();
    }

    /// <summary>The run queue's progress (sent, outstanding, dispatched).</summary>
    public Task<JsonElement> RunAsync() => GetRunAsync(Endpoint);

    public static async Task<JsonElement> GetRunAsync(Uri endpoint)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(endpoint, OrgStub.RunPath)));
        return document.RootElement.Clone();
    }

    public async Task PostAsync(string path) => (await Http.PostAsync(new Uri(Endpoint, path), null)).EnsureSuccessStatusCode();

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _process.Kill();
        }

        _process.Dispose();
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
