using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SecHubRootMfa.Function.Runtime;

namespace SecHubRootMfa.Function.Tests.Runtime;

public sealed class JsonLineLogSinkTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-28T04:05:06.789Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Write_Info_WritesOneJsonObjectLineToOutputWithFields()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var sink = new JsonLineLogSink(output, error, _time);

        sink.Write(LogSeverity.Info, "invocation.completed", "Invocation succeeded.",
            LogField.Of("requestId", "8476a536-e9f4-11e8-9739-2dfe598c3fcd"), LogField.Of("durationMs", 42));

        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("2026-11-28T04:05:06.789Z", root.GetProperty("timestamp").GetString());
        Assert.Equal("INFO", root.GetProperty("level").GetString());
        Assert.Equal("invocation.completed", root.GetProperty("event").GetString());
        Assert.Equal("8476a536-e9f4-11e8-9739-2dfe598c3fcd", root.GetProperty("requestId").GetString());
        Assert.Equal(42, root.GetProperty("durationMs").GetInt64());
        Assert.Empty(error.ToString());
    }

    [Fact]
    public void Write_InATracedColdInvocation_CarriesTheKeysLambdaLogToolingReadsAndJsonBooleans()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var sink = new JsonLineLogSink(output, error, _time, context: new LambdaLogContext("SecHubRootMfa", "root-mfa-check"));

        sink.BeginInvocation("req-1", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        sink.Write(LogSeverity.Info, "evaluation.completed", "FAILED NO_ROOT_MFA", LogField.Of("changePublished", true));
        sink.BeginInvocation("req-2", null);
        sink.Write(LogSeverity.Info, "evaluation.completed", "FAILED NO_ROOT_MFA", LogField.Of("changePublished", false));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(("SecHubRootMfa", "root-mfa-check", "req-1", true, "1-5759e988-bd862e3fe1be46a994272793"),
            (lines[0].GetProperty("service").GetString(), lines[0].GetProperty("function_name").GetString(),
                lines[0].GetProperty("function_request_id").GetString(), lines[0].GetProperty("cold_start").GetBoolean(),
                lines[0].GetProperty("xray_trace_id").GetString()));
        Assert.Equal(JsonValueKind.True, lines[0].GetProperty("changePublished").ValueKind);
        Assert.Equal(("req-2", false, JsonValueKind.False), (lines[1].GetProperty("function_request_id").GetString(),
            lines[1].GetProperty("cold_start").GetBoolean(), lines[1].GetProperty("changePublished").ValueKind));
        Assert.False(lines[1].TryGetProperty("xray_trace_id", out _));
    }

    [Fact]
    public void Write_BeforeAnyInvocation_HasNoInvocationKeys()
    {
        using var output = new StringWriter();
        var sink = new JsonLineLogSink(output, TextWriter.Null, _time, context: new LambdaLogContext("SecHubRootMfa", null));

        sink.Write(LogSeverity.Info, "init.completed", "ready");

        var line = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal("SecHubRootMfa", line.GetProperty("service").GetString());
        Assert.False(line.TryGetProperty("function_request_id", out _));
        Assert.False(line.TryGetProperty("cold_start", out _));
        Assert.False(line.TryGetProperty("function_name", out _));
    }

    [Fact]
    public void Write_WarnAndError_GoToTheErrorWriter()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var sink = new JsonLineLogSink(output, error, _time);

        sink.Write(LogSeverity.Warn, "a", "first");
        sink.Write(LogSeverity.Error, "b", "second \"quoted\"\nnext line");

        Assert.Empty(output.ToString());
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("second \"quoted\"\nnext line", JsonDocument.Parse(lines[1]).RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void Write_BelowMinimum_WritesNothing()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var sink = new JsonLineLogSink(output, error, _time, LogSeverity.Warn);

        sink.Write(LogSeverity.Info, "quiet", "not shown");

        Assert.False(sink.IsEnabled(LogSeverity.Info));
        Assert.Empty(output.ToString());
    }

    [Theory]
    [InlineData("DEBUG", LogSeverity.Debug)]
    [InlineData("trace", LogSeverity.Debug)]
    [InlineData("WARN", LogSeverity.Warn)]
    [InlineData("FATAL", LogSeverity.Error)]
    [InlineData(null, LogSeverity.Info)]
    [InlineData("verbose-ish", LogSeverity.Info)]
    public void ParseMinimum_AwsLambdaLogLevelValues(string? value, LogSeverity expected) =>
        Assert.Equal(expected, JsonLineLogSink.ParseMinimum(value));
}
