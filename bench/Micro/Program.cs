using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SecHubRootMfa.Bench.Micro;

// micro [--quick] [--artifacts DIR]: runs every per-evaluation benchmark in-process (no generated project to build,
// so it runs the same on CI). Full: 5 warm-ups and 20 iterations of 250 ms per benchmark (about 10 s each; BDN's
// default adaptive job takes minutes each on this machine). --quick: 1 warm-up and 3 short iterations, enough to
// prove it runs, not to quote.
var quick = args.Contains("--quick");
var artifactsIndex = Array.IndexOf(args, "--artifacts");
var artifacts = artifactsIndex >= 0 && artifactsIndex + 1 < args.Length ? args[artifactsIndex + 1] : "BenchmarkDotNet.Artifacts";

var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance);
job = quick
    ? job.WithWarmupCount(1).WithIterationCount(3).WithIterationTime(TimeInterval.FromMilliseconds(50)).WithId("Quick")
    : job.WithWarmupCount(5).WithIterationCount(20).WithIterationTime(TimeInterval.FromMilliseconds(250)).WithId("Full");
var config = ManualConfig.CreateEmpty()
    .AddJob(job)
    .AddColumnProvider(DefaultColumnProviders.Instance)
    .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max)
    .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
    .AddExporter(MarkdownExporter.GitHub, JsonExporter.Brief)
    .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
    .WithArtifactsPath(artifacts)
    .WithOptions(ConfigOptions.JoinSummary);

var summaries = BenchmarkRunner.Run([typeof(RouteBenchmarks), typeof(EvaluationBenchmarks)], config);
var failed = summaries.Sum(s => s.Reports.Count(r => !r.Success)) + summaries.Count(s => s.HasCriticalValidationErrors);
var ran = summaries.Sum(s => s.Reports.Count(r => r.Success));
Console.WriteLine($"micro: {ran} benchmarks ran, {failed} failed");
return failed == 0 && ran > 0 ? 0 : 1;
