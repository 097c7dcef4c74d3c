using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SecHubRootMfa.Function.Telemetry;

namespace SecHubRootMfa.Function.Tests.Telemetry;

public sealed class MetricsWriterTests
{
    private static List<JsonElement> Lines(StringWriter output) =>
        [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];

    private static string[] Dimensions(JsonElement line) =>
        [.. line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()!)];

    [Fact]
    public void FirstMetricOfTheSandbox_AddsOneColdStartByService()
    {
        using var output = new StringWriter();
        var metrics = new MetricsWriter(output, new FakeTimeProvider());

        metrics.Evaluation("FAILED", 12.5);
        metrics.Ignored();

        var lines = Lines(output);
        Assert.Equal(3, lines.Count);
        Assert.Equal((1, "SecHubRootMfa"), (lines[0].GetProperty("ColdStart").GetInt32(), lines[0].GetProperty("Service").GetString()));
        Assert.Equal(["Service"], Dimensions(lines[0]));
        Assert.Single(lines, l => l.TryGetProperty("ColdStart", out _));
    }

    [Fact]
    public void Evaluation_IsDimensionedByServiceAndStatus()
    {
        using var output = new StringWriter();
        var metrics = new MetricsWriter(output, new FakeTimeProvider());

        metrics.Evaluation("PASSED", 3);

        var evaluation = Lines(output)[^1];
        Assert.Equal(["Service", "Status"], Dimensions(evaluation));
        Assert.Equal(("SecHubRootMfa", "PASSED", 1), (evaluation.GetProperty("Service").GetString(), evaluation.GetProperty("Status").GetString(),
            evaluation.GetProperty("Evaluations").GetInt32()));
    }

    [Fact]
    public void Evaluation_MatchesTheSampleLineThePulumiAlarmsAreTestedAgainst()
    {
        // infra-pulumi/tests/stack.test.ts reads the same file and checks that every alarm on the product's
        // metrics queries a dimension set this line declares: the function and the alarms cannot drift apart.
        using var output = new StringWriter();
        var metrics = new MetricsWriter(output, new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero)));
        metrics.Evaluation("NOT_AVAILABLE", 12);

        var sample = Path.Combine(AppContext.BaseDirectory, "Telemetry", "emf-evaluation.sample.json");
        var actual = Lines(output)[^1].GetRawText();
        Assert.Equal(
            JsonSerializer.Serialize(JsonDocument.Parse(File.ReadAllText(sample)).RootElement),
            JsonSerializer.Serialize(JsonDocument.Parse(actual).RootElement));
        Assert.Contains(["Status"], AllDimensionSets(Lines(output)[^1]));
    }

    [Fact]
    public void Failure_MatchesTheSampleLineTheOrgFailuresAlarmIsTestedAgainst()
    {
        // infra-pulumi/tests/stack.test.ts reads every emf-*.sample.json: the org Failures alarm must query a dimension set
        // this line declares, or it would never see a datapoint.
        using var output = new StringWriter();
        var metrics = new MetricsWriter(output, new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero)));
        metrics.Failure();

        var sample = Path.Combine(AppContext.BaseDirectory, "Telemetry", "emf-failure.sample.json");
        Assert.Equal(
            JsonSerializer.Serialize(JsonDocument.Parse(File.ReadAllText(sample)).RootElement),
            JsonSerializer.Serialize(JsonDocument.Parse(Lines(output)[^1].GetRawText()).RootElement));
        Assert.Contains(["Status"], AllDimensionSets(Lines(output)[^1]));
    }

    private static List<string[]> AllDimensionSets(JsonElement line) =>
        [.. line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions").EnumerateArray()
            .Select(set => set.EnumerateArray().Select(d => d.GetString()!).ToArray())];

    [Fact]
    public void EventPathChecked_MatchesTheSampleLineThePulumiEventPathAlarmIsTestedAgainst()
    {
        // infra-pulumi/tests/stack.test.ts reads every emf-*.sample.json here: the event-path alarm must query a dimension
        // set this line declares.
        using var output = new StringWriter();
        var metrics = new MetricsWriter(output, new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero)));
        metrics.EventPathChecked("blind");

        var sample = Path.Combine(AppContext.BaseDirectory, "Telemetry", "emf-event-path.sample.json");
        Assert.Equal(
            JsonSerializer.Serialize(JsonDocument.Parse(File.ReadAllText(sample)).RootElement),
            JsonSerializer.Serialize(JsonDocument.Parse(Lines(output)[^1].GetRawText()).RootElement));
        Assert.Contains(["EventPath"], AllDimensionSets(Lines(output)[^1]));
    }
}
