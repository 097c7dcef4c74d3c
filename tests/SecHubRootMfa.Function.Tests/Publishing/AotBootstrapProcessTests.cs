using System.Text.Json;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Tests.Emulator;

namespace SecHubRootMfa.Function.Tests.Publishing;

/// <summary>Publishes the Native AOT bootstrap once (unless already there) for every test in the class.</summary>
public sealed class AotBootstrapFixture : IAsyncLifetime
{
    public string BootstrapPath { get; private set; } = "";

    public async Task InitializeAsync() =>
        BootstrapPath = await RepositoryLayout.EnsurePublishedAsync(RepositoryLayout.AotBootstrap(), "--mode", "aot", "--arch", "x86_64");

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>The published <c>bootstrap</c>, run as Lambda runs it: a process pointed at the Runtime API.</summary>
public sealed class AotBootstrapProcessTests(AotBootstrapFixture fixture) : IClassFixture<AotBootstrapFixture>
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Bootstrap_WithoutAnyRegion_PostsAnInitErrorNamingTheVariableAndExits()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        await using var process = FunctionProcess.Start(fixture.BootstrapPath, [], new Dictionary<string, string> { ["AWS_LAMBDA_RUNTIME_API"] = emulator.Address });

        var initError = await emulator.WaitForInitErrorAsync();

        Assert.Contains("SECHUBROOTMFA_HOME_REGION is not set", initError.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(LambdaExitCodes.InitFailed, await process.WaitForExitAsync(ExitWait));
    }

    [Fact]
    public async Task Bootstrap_IgnoredEvent_IsAnsweredAndTheProcessExitsCleanlyOnSigterm()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        await using var process = FunctionProcess.Start(fixture.BootstrapPath, [], new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = emulator.Address,
            ["AWS_REGION"] = "eu-west-1",
        });
        var id = emulator.Enqueue("""{"source":"aws.events","detail":{"marker":"payload-9c41"}}""",
            traceId: "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1");

        var response = JsonDocument.Parse((await emulator.WaitForOutcomeAsync(id)).ResponseText).RootElement;
        process.Terminate();

        Assert.Equal("ignored", response.GetProperty("status").GetString());
        Assert.Equal(LambdaExitCodes.Shutdown, await process.WaitForExitAsync(ExitWait));
        Assert.All(process.StdoutLines, line => JsonDocument.Parse(line).Dispose());
        Assert.Contains(process.StdoutLines, line => line.Contains("\"invocation.completed\"", StringComparison.Ordinal) && line.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(process.StdoutLines.Concat(process.StderrLines), line => line.Contains("payload-9c41", StringComparison.Ordinal));
        Assert.Empty(emulator.InitErrors);
    }

    [Fact]
    public async Task Bootstrap_RuntimeApiUnreachable_RetriesThenExitsWithRuntimeApiFailed()
    {
        var port = RuntimeApiEmulator.FreePort();
        await using var process = FunctionProcess.Start(fixture.BootstrapPath, [], new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{port}",
            ["AWS_REGION"] = "eu-west-1",
        });

        Assert.Equal(LambdaExitCodes.RuntimeApiFailed, await process.WaitForExitAsync(ExitWait));
        Assert.Equal(new LambdaRuntimeOptions().MaxNextAttempts, process.StderrLines.Count(l => l.Contains("\"runtime_api.next_failed\"", StringComparison.Ordinal)));
        Assert.Contains(process.StderrLines, l => l.Contains("\"runtime_api.unavailable\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bootstrap_RuntimeApiVariableMissing_ExitsWithConfigurationInvalidAndSaysWhy()
    {
        await using var process = FunctionProcess.Start(fixture.BootstrapPath, [], new Dictionary<string, string>());

        Assert.Equal(LambdaExitCodes.ConfigurationInvalid, await process.WaitForExitAsync(ExitWait));
        Assert.Contains(process.StderrLines, l => l.Contains("AWS_LAMBDA_RUNTIME_API is not set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bootstrap_NeedsNoGlibcNewerThanAmazonLinux2023()
    {
        var (exitCode, output) = await RepositoryLayout.RunScriptAsync("check-glibc.sh", TimeSpan.FromMinutes(1), fixture.BootstrapPath);

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"max GLIBC_2\.(\d|[12]\d|3[0-4]) needed", output);
    }
}
