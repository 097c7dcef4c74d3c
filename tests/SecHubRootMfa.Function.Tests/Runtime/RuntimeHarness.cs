using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Tests.Emulator;
using SecHubRootMfa.Function.Tests.TestDoubles;

namespace SecHubRootMfa.Function.Tests.Runtime;

/// <summary>Runs a <see cref="LambdaRuntimeLoop"/> in-process against a <see cref="RuntimeApiEmulator"/> over real HTTP.</summary>
internal sealed class RuntimeHarness : IAsyncDisposable
{
    // Fast retries keep failure tests short; the counts, not the delays, are what the tests check.
    public static readonly LambdaRuntimeOptions FastOptions = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(4),
        MaxNextAttempts = 3,
    };

    private readonly CancellationTokenSource _shutdown = new();
    private readonly HttpClient _http;

    private RuntimeHarness(RuntimeApiEmulator emulator, string address, TimeProvider time, LambdaRuntimeOptions options)
    {
        Emulator = emulator;
        Time = time;
        Options = options;
        Http = new CountingHttpHandler();
        _http = LambdaRuntimeApiClient.CreateHttpClient(Http);
        Assert.True(RuntimeApiEndpoint.TryParse(address, out var endpoint, out var error), error);
        Client = new LambdaRuntimeApiClient(_http, endpoint, options.PostTimeout, time);
    }

    public RuntimeApiEmulator Emulator { get; }
    public TimeProvider Time { get; }
    public LambdaRuntimeOptions Options { get; }
    public CountingHttpHandler Http { get; }
    public LambdaRuntimeApiClient Client { get; }
    public RecordingLogSink Log { get; } = new();
    public CancellationToken Shutdown => _shutdown.Token;

    public static RuntimeHarness Start(TimeProvider? time = null, LambdaRuntimeOptions? options = null, string? addressOverride = null)
    {
        var emulator = RuntimeApiEmulator.Start(time);
        return new RuntimeHarness(emulator, addressOverride ?? emulator.Address, time ?? TimeProvider.System, options ?? FastOptions);
    }

    /// <summary>Starts the loop in the background; stop it with <see cref="StopAsync"/>.</summary>
    public Task<int> RunLoop(ILambdaHandler handler) =>
        Task.Run(() => new LambdaRuntimeLoop(Client, handler, Time, Log, Options).RunAsync(Shutdown));

    public Task<int> RunHost(LambdaHandlerFactory factory) =>
        Task.Run(() => new LambdaHost(Client, Log, Time, Options).RunAsync(factory, _ => null, Shutdown));

    /// <summary>Requests shutdown and returns the loop's exit code (bounded wait).</summary>
    public async Task<int> StopAsync(Task<int> loop)
    {
        await _shutdown.CancelAsync();
        return await loop.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        await Emulator.DisposeAsync();
        _http.Dispose();
        _shutdown.Dispose();
    }
}
