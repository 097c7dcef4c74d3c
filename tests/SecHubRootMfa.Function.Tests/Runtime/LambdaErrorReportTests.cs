using System.Text.Json;
using SecHubRootMfa.Function.Runtime;

namespace SecHubRootMfa.Function.Tests.Runtime;

public sealed class LambdaErrorReportTests
{
    [Fact]
    public void Serialize_UsesTheRuntimeApiFieldNames()
    {
        var report = LambdaErrorReport.Create("Runtime.ResponseTooLarge", "too big");

        var json = JsonSerializer.Serialize(report, RuntimeJsonContext.Default.LambdaErrorReport);

        Assert.Equal("""{"errorMessage":"too big","errorType":"Runtime.ResponseTooLarge","stackTrace":[]}""", json);
    }

    [Fact]
    public void FromException_ThrownWithInnerCause_KeepsTypeMessageFramesAndCause()
    {
        var exception = Capture(() => Throw(new TimeoutException("socket read timed out")));

        var report = LambdaErrorReport.FromException(exception);

        Assert.Equal("InvalidOperationException", report.ErrorType);
        Assert.Equal("Could not read the account summary.", report.ErrorMessage);
        Assert.Contains(report.StackTrace, line => line.Contains(nameof(Throw), StringComparison.Ordinal));
        Assert.Contains("--- caused by TimeoutException: socket read timed out", report.StackTrace);
    }

    [Fact]
    public void FromException_HugeMessage_IsTruncatedToABoundedReport()
    {
        var report = LambdaErrorReport.FromException(new InvalidOperationException(new string('x', 100_000)));

        Assert.Equal(LambdaErrorReport.MaxMessageChars, report.ErrorMessage.Length);
        Assert.EndsWith("…", report.ErrorMessage, StringComparison.Ordinal);
    }

    private static void Throw(Exception inner) => throw new InvalidOperationException("Could not read the account summary.", inner);

    private static InvalidOperationException Capture(Action action)
    {
        try
        {
            action();
        }
        catch (InvalidOperationException ex)
        {
            return ex;
        }

        throw new InvalidOperationException("Expected an exception.");
    }
}
