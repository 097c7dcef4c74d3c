using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SecHubRootMfa.Bench.Harness.AwsStub;
using SecHubRootMfa.Bench.Harness.Measuring;
using SecHubRootMfa.Function.Tests.Emulator;
using SecHubRootMfa.Function.Tests.Publishing;

namespace SecHubRootMfa.Bench.Harness.Memory;

/// <summary>RSS after invocation <paramref name="Invocation"/>, while the process waits in its next long poll.</summary>
internal sealed record RssSample(int Invocation, long RssKiB, long HwmKiB, double CpuMs);

/// <summary>
/// What one long-lived process did: RSS samples, warm invocation latency, and the growth after warm-up
/// (<paramref name="GrowthKiB"/> = last sample minus the first sample at or after <paramref name="WarmFrom"/>;
/// <paramref name="SlopeKiBPer100"/> = least-squares slope over those samples).
/// </summary>
internal sealed record RssReport(
    string Machine, string Target, int Invocations, int WarmFrom, long PeakHwmKiB, long GrowthKiB, double SlopeKiBPer100,
    Stats WarmInvocationMs, IReadOnlyList<RssSample> Samples);

/// <summary>
/// Runs one function process through many sequential invocations (a rotation of real sample events: scheduled,
/// root sign-ins with and without MFA, an ignored near miss, a direct invocation), each a full evaluation against the
/// canned AWS stub, and samples VmRSS/VmHWM from /proc.
/// </summary>
internal static class RssBenchmark
{
    /// <summary>Lambda's smallest memory size, which the issue asks the function to fit.</summary>
    public const long LambdaMinimumMiB = 128;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    public static async Task<RssReport> RunAsync(string mode, int invocations, int every, TextWriter progress)
    {
        var machine = MachineInfo.Describe();
        var target = FunctionTargets.Function(mode);
        (string Payload, string Status)[] events =
        [
            (FunctionTargets.SampleEvent("scheduled-event.json"), "evaluated"),
            (FunctionTargets.SampleEvent("signin-root-mfa-fido.json"), "evaluated"),
            (FunctionTargets.SampleEvent("signin-root-nomfa.json"), "evaluated"),
            (FunctionTargets.SampleEvent("nearmiss-EnableMFADevice-iamuser.json"), "ignored"),
            ("""{"action":"evaluate"}""", "evaluated"),
        ];
        await using var aws = CannedAwsServer.Start(RepositoryLayout.Root);
        await using var emulator = RuntimeApiEmulator.Start();
        await using var process = target.Start(emulator, aws);
        var samples = new List<RssSample>();
        var latencies = new List<double>();
        for (var i = 1; i <= invocations; i++)
        {
            var (payload, status) = events[(i - 1) % events.Length];
            var started = Stopwatch.GetTimestamp();
            var outcome = await emulator.WaitForOutcomeAsync(emulator.Enqueue(payload, functionArn: FunctionTarget.FunctionArn), Wait);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i > 1)
            {
                latencies.Add(elapsed);
            }

            (target with { ExpectedStatus = status }).Verify(outcome, process);
            if (i == 1 || i % every == 0 || i == invocations)
            {
                var (rss, hwm) = ProcFs.Memory(process.Id);
                samples.Add(new RssSample(i, rss, hwm, ProcFs.CpuMilliseconds(process.Id)));
            }

            if (i % Math.Max(1, invocations / 10) == 0)
            {
                progress.Write(string.Create(CultureInfo.InvariantCulture, $" {i}"));
            }
        }

        progress.WriteLine();
        if (aws.Calls.TryGetValue("Unexpected", out var unexpected))
        {
            throw new InvalidOperationException($"The function made {unexpected} AWS call(s) the stub does not serve.\n{process.Transcript()}");
        }

        process.Terminate();
        await process.WaitForExitAsync(Wait);

        // Warm-up: the first tenth of the run (heap and pools settle); growth is judged after it.
        var warmFrom = Math.Max(2, invocations / 10);
        var warm = samples.Where(s => s.Invocation >= warmFrom).ToList();
        return new RssReport(machine, target.Name, invocations, warmFrom, samples.Max(s => s.HwmKiB),
            warm[^1].RssKiB - warm[0].RssKiB, Slope(warm) * 100, Stats.Of(latencies), samples);
    }

    public static void Print(RssReport report, TextWriter output)
    {
        output.WriteLine(FormattableString.Invariant($"RSS of {report.Target} over {report.Invocations} sequential invocations, {report.Machine}"));
        output.WriteLine("| after invocation | VmRSS MiB | VmHWM MiB | CPU s |");
        output.WriteLine("| ---: | ---: | ---: | ---: |");
        var step = Math.Max(1, report.Samples.Count / 12);
        foreach (var s in report.Samples.Where((s, i) => i % step == 0 || i == report.Samples.Count - 1))
        {
            output.WriteLine(FormattableString.Invariant($"| {s.Invocation} | {s.RssKiB / 1024.0:0.0} | {s.HwmKiB / 1024.0:0.0} | {s.CpuMs / 1000:0.00} |"));
        }

        var w = report.WarmInvocationMs;
        var fits = report.PeakHwmKiB / 1024.0 < LambdaMinimumMiB;
        output.WriteLine();
        output.WriteLine(FormattableString.Invariant(
            $"Peak RSS (VmHWM) {report.PeakHwmKiB / 1024.0:0.0} MiB: {(fits ? "fits" : "does NOT fit")} a {LambdaMinimumMiB} MB Lambda."));
        output.WriteLine(FormattableString.Invariant(
            $"RSS growth after invocation {report.WarmFrom}: {report.GrowthKiB / 1024.0:+0.00;-0.00} MiB (slope {report.SlopeKiBPer100:+0.0;-0.0} KiB per 100 invocations)."));
        output.WriteLine(FormattableString.Invariant(
            $"Warm invocation (enqueue to response, stub AWS) ms: median {w.Median:0.00}, min {w.Min:0.00}, p25 {w.P25:0.00}, p75 {w.P75:0.00}, max {w.Max:0.00}."));
    }

    private static double Slope(List<RssSample> samples)
    {
        if (samples.Count < 2)
        {
            return 0;
        }

        var meanX = samples.Average(s => (double)s.Invocation);
        var meanY = samples.Average(s => (double)s.RssKiB);
        var num = samples.Sum(s => (s.Invocation - meanX) * (s.RssKiB - meanY));
        var den = samples.Sum(s => (s.Invocation - meanX) * (s.Invocation - meanX));
        return den == 0 ? 0 : num / den;
    }
}
