using System.Diagnostics;
using System.Globalization;
using SecHubRootMfa.Bench.Harness.AwsStub;
using SecHubRootMfa.Bench.Harness.Measuring;
using SecHubRootMfa.Function.Tests.Emulator;
using SecHubRootMfa.Function.Tests.Publishing;

namespace SecHubRootMfa.Bench.Harness.ColdStart;

/// <summary>One cold start: process start to the first invocation's response reaching the Runtime API.</summary>
/// <param name="Target">Which binary.</param>
/// <param name="Round">Round number (1-based); every target runs once per round.</param>
/// <param name="WallMs">Wall time from just before process start until the emulator accepted the response.</param>
/// <param name="InitMs">Wall time from just before process start until the first <c>GET next</c> (Lambda's Init Duration).</param>
/// <param name="CpuMs">CPU time the process used by then (all threads).</param>
/// <param name="HwmKiB">Peak RSS by then.</param>
internal sealed record ColdStartSample(string Target, int Round, double WallMs, double InitMs, double CpuMs, long HwmKiB);

/// <summary>Per-target order statistics of one run.</summary>
internal sealed record ColdStartSummary(string Target, Stats WallMs, Stats InitMs, Stats CpuMs, Stats HwmMiB);

/// <summary>A ratio of two targets' wall times: of their medians, and the spread of the per-round ratios.</summary>
internal sealed record ColdStartRatio(string Numerator, string Denominator, double RatioOfMedians, Stats PerRound);

/// <summary>Everything one cold-start run measured.</summary>
internal sealed record ColdStartReport(
    string Machine, int Rounds, IReadOnlyList<ColdStartSummary> Targets, IReadOnlyList<ColdStartRatio> Ratios,
    IReadOnlyList<ColdStartSample> Samples);

/// <summary>
/// Starts each target as a fresh process per round against a fresh Runtime API emulator with the invocation already
/// queued, and the canned AWS stub. Targets are interleaved (and their order rotated every round) so machine noise
/// hits them alike; round 0 warms the page cache and the harness's own JIT and is discarded.
/// </summary>
internal static class ColdStartBenchmark
{
    /// <summary>
    /// The goal that stands: the AOT bootstrap within this factor of hello-aws-aot, the floor that makes the same signed
    /// AWS calls. The bare hello loop (hello-aot, no AWS call) was the first floor and is retired as a goal.
    /// </summary>
    public const double Goal = 1.5;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    public static async Task<ColdStartReport> RunAsync(int rounds, string? candidate, TextWriter progress)
    {
        var machine = MachineInfo.Describe();
        var targets = FunctionTargets.ColdStartSet(candidate);
        await using var aws = CannedAwsServer.Start(RepositoryLayout.Root);
        var samples = new List<ColdStartSample>();
        for (var round = 0; round <= rounds; round++)
        {
            for (var k = 0; k < targets.Count; k++)
            {
                var sample = await MeasureAsync(targets[(k + round) % targets.Count], aws, round);
                if (round > 0)
                {
                    samples.Add(sample);
                }
            }

            progress.Write(round == 0 ? "warm-up done; rounds:" : string.Create(CultureInfo.InvariantCulture, $" {round}"));
        }

        progress.WriteLine();
        var summaries = targets.Select(t =>
        {
            var mine = samples.Where(s => s.Target == t.Name).ToList();
            return new ColdStartSummary(t.Name, Stats.Of(mine.Select(s => s.WallMs)), Stats.Of(mine.Select(s => s.InitMs)), Stats.Of(mine.Select(s => s.CpuMs)),
                Stats.Of(mine.Select(s => s.HwmKiB / 1024.0)));
        }).ToList();
        List<ColdStartRatio> ratios =
        [
            Ratio(samples, summaries, "function-aot", "hello-aot"), Ratio(samples, summaries, "function-aot-ignored", "hello-aot"),
            Ratio(samples, summaries, "function-managed", "function-aot"),
            Ratio(samples, summaries, "function-aot", "hello-aws-aot"), Ratio(samples, summaries, "hello-aws-aot", "hello-aot"),
        ];
        if (candidate is not null)
        {
            ratios.Add(Ratio(samples, summaries, FunctionTargets.Candidate, "function-aot"));
            ratios.Add(Ratio(samples, summaries, FunctionTargets.Candidate, "hello-aot"));
        }

        return new ColdStartReport(machine, rounds, summaries, ratios, samples);
    }

    public static void Print(ColdStartReport report, TextWriter output)
    {
        output.WriteLine(FormattableString.Invariant($"Cold start, {report.Rounds} rounds (+1 discarded warm-up), {report.Machine}"));
        output.WriteLine("| target | n | wall median ms | wall min / p25 / p75 / max ms | init median ms | CPU median ms | peak RSS median MiB |");
        output.WriteLine("| --- | ---: | ---: | --- | ---: | ---: | ---: |");
        foreach (var t in report.Targets)
        {
            var w = t.WallMs;
            output.WriteLine(FormattableString.Invariant(
                $"| {t.Target} | {w.Count} | {w.Median:0.0} | {w.Min:0.0} / {w.P25:0.0} / {w.P75:0.0} / {w.Max:0.0} | {t.InitMs.Median:0.0} | {t.CpuMs.Median:0.0} | {t.HwmMiB.Median:0.0} |"));
        }

        output.WriteLine();
        output.WriteLine("| ratio (wall) | of medians | per-round median | per-round min / p25 / p75 / max |");
        output.WriteLine("| --- | ---: | ---: | --- |");
        foreach (var r in report.Ratios)
        {
            var p = r.PerRound;
            output.WriteLine(FormattableString.Invariant(
                $"| {r.Numerator} / {r.Denominator} | {r.RatioOfMedians:0.00} | {p.Median:0.00} | {p.Min:0.00} / {p.P25:0.00} / {p.P75:0.00} / {p.Max:0.00} |"));
        }

        double Init(string target) => report.Targets.Single(t => t.Target == target).InitMs.Median;
        output.WriteLine();
        output.WriteLine(FormattableString.Invariant(
            $"Init phase only (process start to the first GET next, Lambda's Init Duration): function-aot / hello-aot = {Init("function-aot") / Init("hello-aot"):0.00} (ratio of medians)"));
        var goal = report.Ratios.Single(r => r is { Numerator: "function-aot", Denominator: "hello-aws-aot" });
        var bare = report.Ratios.Single(r => r is { Numerator: "function-aot", Denominator: "hello-aot" });
        output.WriteLine();
        output.WriteLine(FormattableString.Invariant(
            $"Goal (function-aot within {Goal}x of hello-aws-aot, the floor that makes the same signed AWS calls): {(goal.RatioOfMedians <= Goal ? "MET" : "NOT MET")} at {goal.RatioOfMedians:0.00}x (per-round median {goal.PerRound.Median:0.00}x)"));
        output.WriteLine(FormattableString.Invariant(
            $"For scale, not a goal: function-aot / hello-aot (the bare loop, no AWS call) = {bare.RatioOfMedians:0.00}x"));
    }

    /// <summary>
    /// One cold start of the named target with its command prefixed by <paramref name="wrap"/> (a profiler such as
    /// <c>strace -f -ttt -o FILE</c> or <c>valgrind --tool=callgrind</c>); the answer and the AWS calls are still checked.
    /// </summary>
    public static async Task<ColdStartSample> ProfileAsync(string name, string? candidate, IReadOnlyList<string> wrap)
    {
        var set = FunctionTargets.ColdStartSet(candidate);
        var target = set.SingleOrDefault(t => t.Name == name)
            ?? throw new ArgumentException($"--target must be one of {string.Join(", ", set.Select(t => t.Name))} (got '{name}')");
        if (wrap.Count > 0)
        {
            target = target with { FileName = wrap[0], Arguments = [.. wrap.Skip(1), target.FileName, .. target.Arguments] };
        }

        await using var aws = CannedAwsServer.Start(RepositoryLayout.Root);
        return await MeasureAsync(target, aws, round: 1, TimeSpan.FromMinutes(5));
    }

    private static async Task<ColdStartSample> MeasureAsync(FunctionTarget target, CannedAwsServer aws, int round, TimeSpan? wait = null)
    {
        aws.ResetCounts();
        await using var emulator = RuntimeApiEmulator.Start();
        var id = emulator.Enqueue(target.Payload, functionArn: FunctionTarget.FunctionArn);
        var started = Stopwatch.GetTimestamp();
        await using var process = target.Start(emulator, aws);
        var outcome = await emulator.WaitForOutcomeAsync(id, wait ?? Wait);
        var wall = Stopwatch.GetElapsedTime(started);
        var init = Stopwatch.GetElapsedTime(started, emulator.FirstNextTimestamp
            ?? throw new InvalidOperationException($"{target.Name}: answered without ever asking for the next invocation"));
        var cpu = ProcFs.CpuMilliseconds(process.Id);
        var (_, hwm) = ProcFs.Memory(process.Id);
        target.Verify(outcome, process);
        VerifyAwsCalls(target, aws, process);
        process.Terminate();
        await process.WaitForExitAsync(Wait);
        return new ColdStartSample(target.Name, round, wall.TotalMilliseconds, init.TotalMilliseconds, cpu, hwm);
    }

    private static void VerifyAwsCalls(FunctionTarget target, CannedAwsServer aws, FunctionProcess process)
    {
        var expected = target.CallsAws ? CannedAwsServer.FirstEvaluationCalls : [];
        var actual = aws.Calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => FormattableString.Invariant($"{c.Key}={c.Value}")).ToArray();
        if (!expected.SequenceEqual(actual))
        {
            throw new InvalidOperationException(
                $"{target.Name}: expected AWS calls [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]\n{process.Transcript()}");
        }
    }

    private static ColdStartRatio Ratio(List<ColdStartSample> samples, List<ColdStartSummary> summaries, string numerator, string denominator)
    {
        double Median(string name) => summaries.Single(s => s.Target == name).WallMs.Median;
        var perRound = samples.GroupBy(s => s.Round).Select(g => g.Single(s => s.Target == numerator).WallMs / g.Single(s => s.Target == denominator).WallMs);
        return new ColdStartRatio(numerator, denominator, Median(numerator) / Median(denominator), Stats.Of(perRound));
    }
}
