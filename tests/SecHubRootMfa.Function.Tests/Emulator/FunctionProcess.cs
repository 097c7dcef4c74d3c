using System.Diagnostics;

namespace SecHubRootMfa.Function.Tests.Emulator;

/// <summary>
/// Runs a published function (the AOT <c>bootstrap</c>, or <c>dotnet SecHubRootMfa.Function.dll</c>) as a child
/// process against a <see cref="RuntimeApiEmulator"/>, capturing its stdout/stderr lines. Disposing kills it if needed.
/// </summary>
public sealed class FunctionProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly Lock _gate = new();

    private FunctionProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_gate)
            {
                return [.. _stdout];
            }
        }
    }

    public IReadOnlyList<string> StderrLines
    {
        get
        {
            lock (_gate)
            {
                return [.. _stderr];
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> with the parent's environment minus every <c>AWS_*</c>/<c>_X_AMZN_*</c>
    /// variable, plus <paramref name="environment"/> (typically <c>AWS_LAMBDA_RUNTIME_API</c> = emulator address).
    /// </summary>
    public static FunctionProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k.StartsWith("_X_AMZN_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var wrapper = new FunctionProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Add(wrapper._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Add(wrapper._stderr, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {fileName}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Waits for the exit code; TimeoutException (with the captured output) if it takes longer.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The function process did not exit within {timeout.TotalSeconds} s.\n{Transcript()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM to the process and its children, as Lambda does when it shuts a sandbox down.</summary>
    public void Terminate()
    {
        // Children first: a wrapper such as strace detaches on SIGTERM and would leave the function holding our pipes.
        var pid = _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Run("pkill", "-TERM", "-P", pid);
        Run("kill", "-TERM", pid);

        static void Run(string tool, params string[] arguments)
        {
            using var signal = Process.Start(new ProcessStartInfo(tool, arguments) { UseShellExecute = false })
                ?? throw new InvalidOperationException($"Could not run {tool}.");
            signal.WaitForExit();
        }
    }

    /// <summary>Everything the process printed so far, for assertion messages.</summary>
    public string Transcript() =>
        $"--- stdout ---\n{string.Join('\n', StdoutLines)}\n--- stderr ---\n{string.Join('\n', StderrLines)}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Add(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            lines.Add(line);
        }
    }
}
