using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Tests.Emulator;
using SecHubRootMfa.Function.Tests.TestDoubles;

namespace SecHubRootMfa.Function.Tests.Runtime;

[Collection(RuntimeLoopTestGroup.Name)]
public sealed class LambdaHostTests
{
    [Fact]
    public async Task Run_FactoryThrows_PostsInitErrorAndExitsNonZeroWithoutPollingForInvocations()
    {
        await using var harness = RuntimeHarness.Start();

        var exitCode = await harness.RunHost((_, _) => throw new InvalidOperationException("SECHUB_REGION is not set."))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(LambdaExitCodes.InitFailed, exitCode);
        var initError = Assert.Single(harness.Emulator.InitErrors);
        Assert.Equal(LambdaErrorTypes.InitFailed, initError.ErrorTypeHeader);
        Assert.Equal("InvalidOperationException", initError.Error.ErrorType);
        Assert.Equal("SECHUB_REGION is not set.", initError.Error.ErrorMessage);
        Assert.Equal(0, harness.Emulator.NextRequestCount);
    }

    [Fact]
    public async Task Run_FactoryThrowsLambdaFunctionException_ReportsItsErrorType()
    {
        await using var harness = RuntimeHarness.Start();

        var exitCode = await harness.RunHost((_, _) => throw new LambdaFunctionException("Runtime.ConfigInvalid", "FINDING_REGION 'xx' is not a region."))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(LambdaExitCodes.InitFailed, exitCode);
        var initError = await harness.Emulator.WaitForInitErrorAsync();
        Assert.Equal("Runtime.ConfigInvalid", initError.ErrorTypeHeader);
        Assert.Equal("Runtime.ConfigInvalid", initError.Error.ErrorType);
    }

    [Fact]
    public async Task Run_FactoryThrowsAndRuntimeApiUnreachable_StillExitsWithInitFailed()
    {
        await using var harness = RuntimeHarness.Start(addressOverride: $"127.0.0.1:{RuntimeApiEmulator.FreePort()}");

        var exitCode = await harness.RunHost((_, _) => throw new InvalidOperationException("broken"))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(LambdaExitCodes.InitFailed, exitCode);
        Assert.Contains("runtime_api.post_failed", harness.Log.Events);
    }

    [Fact]
    public async Task Run_FactorySucceeds_ServesInvocationsWithTheCreatedHandler()
    {
        await using var harness = RuntimeHarness.Start();
        var id = harness.Emulator.Enqueue("""{"hello":"world"}""");
        LambdaHostContext? seenContext = null;

        var host = harness.RunHost((context, _) =>
        {
            seenContext = context;
            return ValueTask.FromResult<ILambdaHandler>(DelegateHandler.Echo());
        });

        Assert.Equal("""{"hello":"world"}""", (await harness.Emulator.WaitForOutcomeAsync(id)).ResponseText);
        Assert.Same(harness.Log, seenContext?.Log);
        Assert.Empty(harness.Emulator.InitErrors);
        Assert.Equal(LambdaExitCodes.Shutdown, await harness.StopAsync(host));
    }
}
