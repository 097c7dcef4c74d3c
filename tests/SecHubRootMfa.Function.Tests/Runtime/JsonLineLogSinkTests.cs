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
