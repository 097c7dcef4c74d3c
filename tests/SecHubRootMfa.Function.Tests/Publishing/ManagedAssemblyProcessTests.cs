using SecHubRootMfa.Function.Tests.Emulator;

namespace SecHubRootMfa.Function.Tests.Publishing;

/// <summary>Publishes the framework-dependent package for the managed dotnet10 runtime once (unless already there).</summary>
public sealed class ManagedPackageFixture : IAsyncLifetime
{
    public string AssemblyPath { get; private set; } = "";

    public async Task InitializeAsync() =>
        AssemblyPath = await RepositoryLayout.EnsurePublishedAsync(RepositoryLayout.ManagedAssembly, "--mode", "managed", "--arch", "x86_64");

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>The managed package run the way the dotnet10 runtime runs an executable assembly: <c>dotnet exec</c>.</summary>
public sealed class ManagedAssemblyProcessTests(ManagedPackageFixture fixture) : IClassFixture<ManagedPackageFixture>
{
    [Fact]
    public async Task ManagedAssembly_RunWithDotnetExec_AnswersInvocationsLikeTheAotBootstrap()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        await using var process = FunctionProcess.Start("dotnet", ["exec", fixture.AssemblyPath], new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = emulator.Address,
            ["AWS_REGION"] = "eu-west-1",
        });
        var id = emulator.Enqueue("""{"source":"aws.events"}""");

        var outcome = await emulator.WaitForOutcomeAsync(id, TimeSpan.FromSeconds(60));

        Assert.StartsWith("""{"status":"ignored","reason":"neither an EventBridge event""", outcome.ResponseText, StringComparison.Ordinal);
        process.Terminate();
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }
}
