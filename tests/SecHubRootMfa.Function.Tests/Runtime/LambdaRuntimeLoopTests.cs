using System.Text;
using Microsoft.Extensions.Time.Testing;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Tests.Emulator;
using SecHubRootMfa.Function.Tests.TestDoubles;

namespace SecHubRootMfa.Function.Tests.Runtime;

/// <summary>Loops share the process-wide trace-id environment variable, so their tests never run in parallel.</summary>
[CollectionDefinition(Name)]
public sealed class RuntimeLoopTestGroup
{
    public const string Name = "In-process runtime loop";
}

[Collection(RuntimeLoopTestGroup.Name)]
public sealed class LambdaRuntimeLoopTests
{
    [Fact]
    public async Task Run_HandlerReturns_PostsEachResponseForItsOwnRequestId()
    {
        await using var harness = RuntimeHarness.Start();
        var first = harness.Emulator.Enqueue("""{"n":1}""");
        var second = harness.Emulator.Enqueue("""{"n":2}""");
        var loop = harness.RunLoop(DelegateHandler.Echo());

        Assert.Equal("""{"n":1}""", (await harness.Emulator.WaitForOutcomeAsync(first)).ResponseText);
        Assert.Equal("""{"n":2}""", (await harness.Emulator.WaitForOutcomeAsync(second)).ResponseText);
        Assert.Equal(LambdaExitCodes.Shutdown, await harness.StopAsync(loop));
    }

    [Fact]
    public async Task Run_HandlerThrows_PostsErrorWithExceptionTypeAndServesTheNextInvocation()
    {
        await using var harness = RuntimeHarness.Start();
        var failing = harness.Emulator.Enqueue("""{"fail":true}""");
        var healthy = harness.Emulator.Enqueue("""{"fail":false}""");
        var loop = harness.RunLoop(new DelegateHandler((invocation, _) =>
            Encoding.UTF8.GetString(invocation.Payload.Span).Contains("true", StringComparison.Ordinal)
                ? throw new InvalidOperationException("Event source is not supported.")
                : Task.FromResult(DelegateHandler.Utf8("""{"ok":true}"""))));

        var error = await harness.Emulator.WaitForOutcomeAsync(failing);
        Assert.True(error.IsError);
        Assert.Equal(LambdaErrorTypes.FunctionUnhandled, error.ErrorTypeHeader);
        Assert.Equal("InvalidOperationException", error.Error.ErrorType);
        Assert.Equal("Event source is not supported.", error.Error.ErrorMessage);
        Assert.NotEmpty(error.Error.StackTrace);
        Assert.Equal("""{"ok":true}""", (await harness.Emulator.WaitForOutcomeAsync(healthy)).ResponseText);
        Assert.Equal(LambdaExitCodes.Shutdown, await harness.StopAsync(loop));
    }

    [Fact]
    public async Task Run_HandlerThrowsLambdaFunctionException_ReportsItsErrorTypeInBodyAndHeader()
    {
        await using var harness = RuntimeHarness.Start();
        var id = harness.Emulator.Enqueue("{}");
        var loop = harness.RunLoop(new DelegateHandler((_, _) =>
            throw new LambdaFunctionException("Function.AccessDenied", "iam:GetAccountSummary was denied.")));

        var outcome = await harness.Emulator.WaitForOutcomeAsync(id);
        Assert.Equal("Function.AccessDenied", outcome.ErrorTypeHeader);
        Assert.Equal("Function.AccessDenied", outcome.Error.ErrorType);
        Assert.Equal("iam:GetAccountSummary was denied.", outcome.Error.ErrorMessage);
        await harness.StopAsync(loop);
    }

    [Fact]
    public async Task Run_DeadlineApproaches_CancelsTheHandlerTokenJustBeforeTheDeadlineAndReportsDeadlineExceeded()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = RuntimeHarness.FastOptions with { DeadlineMargin = TimeSpan.FromMilliseconds(500) };
        await using var harness = RuntimeHarness.Start(time, options);
        var id = harness.Emulator.Enqueue("{}", deadline: time.GetUtcNow().AddSeconds(10));
        bool? cancelledBeforeMargin = null;
        bool? cancelledAfterMargin = null;
        TimeSpan? remainingAtStart = null;
        var loop = harness.RunLoop(new DelegateHandler(async (invocation, ct) =>
        {
            remainingAtStart = invocation.RemainingTime(time);
            time.Advance(TimeSpan.FromMilliseconds(9_400));
            cancelledBeforeMargin = ct.IsCancellationRequested;
            time.Advance(TimeSpan.FromMilliseconds(200));
            cancelledAfterMargin = ct.IsCancellationRequested;
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return DelegateHandler.Utf8("{}");
        }));

        var outcome = await harness.Emulator.WaitForOutcomeAsync(id);
        Assert.Equal(TimeSpan.FromSeconds(10), remainingAtStart);
        Assert.False(cancelledBeforeMargin);
        Assert.True(cancelledAfterMargin);
        Assert.Equal(LambdaErrorTypes.DeadlineExceeded, outcome.ErrorTypeHeader);
        Assert.Equal(LambdaErrorTypes.DeadlineExceeded, outcome.Error.ErrorType);
        await harness.StopAsync(loop);
    }

    [Fact]
    public async Task Run_PassesDeadlineArnAndPayloadToTheHandler()
    {
        await using var harness = RuntimeHarness.Start();
        var deadline = DateTimeOffset.UtcNow.AddMinutes(3);
        const string arn = "arn:aws:lambda:us-east-1:210987654321:function:root-mfa:live";
        var id = harness.Emulator.Enqueue("""{"detail-type":"Scheduled Event"}""", deadline, functionArn: arn);
        LambdaInvocation? seen = null;
        var loop = harness.RunLoop(new DelegateHandler((invocation, _) =>
        {
            seen = invocation;
            return Task.FromResult(DelegateHandler.Utf8("{}"));
        }));

        await harness.Emulator.WaitForOutcomeAsync(id);
        Assert.NotNull(seen);
        Assert.Equal(id, seen.RequestId);
        Assert.Equal(arn, seen.InvokedFunctionArn);
        Assert.Equal(deadline.ToUnixTimeMilliseconds(), seen.Deadline.ToUnixTimeMilliseconds());
        Assert.Equal("""{"detail-type":"Scheduled Event"}""", Encoding.UTF8.GetString(seen.Payload.Span));
        await harness.StopAsync(loop);
    }

    [Fact]
    public async Task Run_SetsTheTraceIdEnvironmentVariablePerInvocation_AndClearsItWhenNoneIsSent()
    {
        await using var harness = RuntimeHarness.Start();
        const string traceA = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1";
        const string traceB = "Root=1-6a000000-000000000000000000000001;Parent=0000000000000001;Sampled=0";
        var ids = new[]
        {
            harness.Emulator.Enqueue("{}", traceId: traceA),
            harness.Emulator.Enqueue("{}", traceId: traceB),
            harness.Emulator.Enqueue("{}"),
        };
        var loop = harness.RunLoop(new DelegateHandler((_, _) =>
            Task.FromResult(DelegateHandler.Utf8(Environment.GetEnvironmentVariable(LambdaRuntimeLoop.TraceIdEnvironmentVariable) ?? "(unset)"))));

        Assert.Equal(traceA, (await harness.Emulator.WaitForOutcomeAsync(ids[0])).ResponseText);
        Assert.Equal(traceB, (await harness.Emulator.WaitForOutcomeAsync(ids[1])).ResponseText);
        Assert.Equal("(unset)", (await harness.Emulator.WaitForOutcomeAsync(ids[2])).ResponseText);
        await harness.StopAsync(loop);
    }

    [Fact]
    public async Task Run_ResponseOverSixMiB_ReportsResponseTooLargeInsteadOfPosting_AndExactlySixMiBIsPosted()
    {
        await using var harness = RuntimeHarness.Start(options: RuntimeHarness.FastOptions);
        var tooLarge = harness.Emulator.Enqueue("""{"size":"over"}""");
        var atLimit = harness.Emulator.Enqueue("""{"size":"limit"}""");
        var loop = harness.RunLoop(new DelegateHandler((invocation, _) =>
        {
            var over = Encoding.UTF8.GetString(invocation.Payload.Span).Contains("over", StringComparison.Ordinal);
            var size = LambdaRuntimeOptions.DefaultMaxResponseBytes + (over ? 1 : 0);
            return Task.FromResult<ReadOnlyMemory<byte>>(new byte[size]);
        }));

        var rejected = await harness.Emulator.WaitForOutcomeAsync(tooLarge);
        Assert.Equal(LambdaErrorTypes.ResponseTooLarge, rejected.ErrorTypeHeader);
        Assert.Equal(LambdaErrorTypes.ResponseTooLarge, rejected.Error.ErrorType);
        Assert.Contains("6291457 bytes", rejected.Error.ErrorMessage, StringComparison.Ordinal);
        var accepted = await harness.Emulator.WaitForOutcomeAsync(atLimit);
        Assert.Equal(6 * 1024 * 1024, accepted.Response!.Length);
        await harness.StopAsync(loop);
    }

    [Fact]
    public async Task Run_RuntimeApiAnswers500OnNext_RetriesABoundedNumberOfTimesThenExitsNonZero()
    {
        await using var harness = RuntimeHarness.Start();
        harness.Emulator.FailNextRequests(500);

        var exitCode = await harness.RunLoop(DelegateHandler.Echo()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(LambdaExitCodes.RuntimeApiFailed, exitCode);
        Assert.Equal(harness.Options.MaxNextAttempts, harness.Emulator.NextRequestCount);
        Assert.Contains("runtime_api.unavailable", harness.Log.Events);
    }

    [Fact]
    public async Task Run_RuntimeApiUnreachable_RetriesABoundedNumberOfTimesThenExitsNonZero()
    {
        await using var harness = RuntimeHarness.Start(addressOverride: $"127.0.0.1:{RuntimeApiEmulator.FreePort()}");

        var exitCode = await harness.RunLoop(DelegateHandler.Echo()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(LambdaExitCodes.RuntimeApiFailed, exitCode);
        Assert.Equal(harness.Options.MaxNextAttempts, harness.Http.NextRequests);
        Assert.Equal(harness.Options.MaxNextAttempts, harness.Log.Events.Count(e => e == "runtime_api.next_failed"));
    }

    [Fact]
    public async Task Run_NextFailsTransiently_RecoversAndServesTheInvocation()
    {
        await using var harness = RuntimeHarness.Start();
        harness.Emulator.FailNextRequests(503, count: 2);
        var id = harness.Emulator.Enqueue("""{"after":"outage"}""");
        var loop = harness.RunLoop(DelegateHandler.Echo());

        Assert.Equal("""{"after":"outage"}""", (await harness.Emulator.WaitForOutcomeAsync(id)).ResponseText);
        Assert.Equal(LambdaExitCodes.Shutdown, await harness.StopAsync(loop));
    }

    [Fact]
    public async Task Run_NextRejectedWith403_ExitsNonZeroWithoutRetrying()
    {
        await using var harness = RuntimeHarness.Start();
        harness.Emulator.FailNextRequests(403);

        var exitCode = await harness.RunLoop(DelegateHandler.Echo()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(LambdaExitCodes.RuntimeApiFailed, exitCode);
        Assert.Equal(1, harness.Emulator.NextRequestCount);
    }

    [Theory]
    [InlineData(null, EmulatedInvocation.DefaultFunctionArn, "Lambda-Runtime-Deadline-Ms")]
    [InlineData("soon", EmulatedInvocation.DefaultFunctionArn, "Lambda-Runtime-Deadline-Ms")]
    [InlineData("1893456000000", null, "Lambda-Runtime-Invoked-Function-Arn")]
    [InlineData("1893456000000", "not-an-arn", "Lambda-Runtime-Invoked-Function-Arn")]
    public async Task Run_InvocationHeadersInvalid_ReportsInvalidInvocationWithoutCallingTheHandler(string? deadlineMs, string? arn, string namedHeader)
    {
        await using var harness = RuntimeHarness.Start();
        var id = harness.Emulator.Enqueue(new EmulatedInvocation { Payload = "{}"u8.ToArray(), DeadlineMs = deadlineMs, FunctionArn = arn });
        var calls = 0;
        var loop = harness.RunLoop(new DelegateHandler((_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(DelegateHandler.Utf8("{}"));
        }));

        var outcome = await harness.Emulator.WaitForOutcomeAsync(id);
        Assert.Equal(LambdaErrorTypes.InvalidInvocation, outcome.Error.ErrorType);
        Assert.Contains(namedHeader, outcome.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, calls);
        await harness.StopAsync(loop);
    }

    [Fact]
    public async Task Run_LogsCarryTheRequestIdButNeverThePayload()
    {
        await using var harness = RuntimeHarness.Start();
        var ok = harness.Emulator.Enqueue("""{"secret-marker":"payload-content-7f3a"}""");
        var failing = harness.Emulator.Enqueue("""{"secret-marker":"payload-content-7f3a","fail":1}""");
        var loop = harness.RunLoop(new DelegateHandler((invocation, _) =>
            Encoding.UTF8.GetString(invocation.Payload.Span).Contains("fail", StringComparison.Ordinal)
                ? throw new InvalidOperationException("Rejected.")
                : Task.FromResult(invocation.Payload)));

        await harness.Emulator.WaitForOutcomeAsync(ok);
        await harness.Emulator.WaitForOutcomeAsync(failing);
        await harness.StopAsync(loop);

        var lines = harness.Log.Lines;
        Assert.Contains(lines, l => l.Event == "invocation.completed" && l.Fields.Contains(LogField.Of("requestId", ok)));
        Assert.Contains(lines, l => l.Event == "invocation.failed" && l.Fields.Contains(LogField.Of("requestId", failing)));
        Assert.DoesNotContain(lines, l => l.Message.Contains("7f3a", StringComparison.Ordinal)
            || l.Fields.Any(f => f.Text?.Contains("7f3a", StringComparison.Ordinal) == true));
    }
}
