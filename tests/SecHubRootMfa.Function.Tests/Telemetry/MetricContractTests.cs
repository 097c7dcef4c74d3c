using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Function.Tests.Publishing;

namespace SecHubRootMfa.Function.Tests.Telemetry;

/// <summary>
/// infra-pulumi/contracts/metrics.json is the one home of the metric names, units and dimensions the alarms read: every
/// line MetricsWriter writes must match it, and every metric it declares must be written by some call.
/// </summary>
public sealed class MetricContractTests
{
    private sealed record ContractMetric(string Name, string Unit, string? Dimension, string? Value);

    private static (string Namespace, string Service, List<ContractMetric> Metrics) Contract()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "infra-pulumi", "contracts", "metrics.json")));
        var root = doc.RootElement;
        var metrics = root.GetProperty("metrics").EnumerateArray().Select(m => new ContractMetric(
            m.GetProperty("name").GetString()!, m.GetProperty("unit").GetString()!,
            m.GetProperty("dimension").ValueKind == JsonValueKind.Null ? null : m.GetProperty("dimension").GetString(),
            m.TryGetProperty("value", out var v) ? v.GetString() : null)).ToList();
        return (root.GetProperty("namespace").GetString()!, root.GetProperty("serviceDimension").GetString()!, metrics);
    }

    // One call of every kind of line the function writes.
    private static List<JsonElement> EveryKindOfLine()
    {
        using var output = new StringWriter();
        var metrics = new MetricsWriter(output, new FakeTimeProvider());
        metrics.Evaluation("PASSED", 12);
        metrics.Failure();
        metrics.Ignored();
        metrics.EventPathChecked("blind");
        metrics.DegradedEvent();
        return [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    [Fact]
    public void EveryMetricTheFunctionWrites_HasTheContractsNamespaceUnitAndDimensionSets()
    {
        var (ns, service, declared) = Contract();

        foreach (var line in EveryKindOfLine())
        {
            var cw = line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
            Assert.Equal(ns, cw.GetProperty("Namespace").GetString());
            var sets = cw.GetProperty("Dimensions").EnumerateArray().Select(s => string.Join(',', s.EnumerateArray().Select(d => d.GetString()))).ToList();
            foreach (var metric in cw.GetProperty("Metrics").EnumerateArray())
            {
                var name = metric.GetProperty("Name").GetString()!;
                var contract = Assert.Single(declared, m => m.Name == name);
                Assert.Equal(contract.Unit, metric.GetProperty("Unit").GetString());
                Assert.Equal(contract.Dimension is { } d ? [$"{service},{d}", d] : [service], sets);
                if (contract.Value is { } fixedValue)
                {
                    Assert.Equal(fixedValue, line.GetProperty(contract.Dimension!).GetString());
                }
            }
        }
    }

    [Fact]
    public void EveryMetricTheContractDeclares_IsWrittenBySomeCall()
    {
        var written = EveryKindOfLine()
            .SelectMany(l => l.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray())
            .Select(m => m.GetProperty("Name").GetString())
            .ToHashSet();

        Assert.All(Contract().Metrics, m => Assert.Contains(m.Name, written));
    }
}
