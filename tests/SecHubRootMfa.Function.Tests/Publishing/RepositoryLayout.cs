using System.Diagnostics;

namespace SecHubRootMfa.Function.Tests.Publishing;

/// <summary>Locates the repository and runs its build scripts.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string AotBootstrap(string arch = "x86_64") => Path.Combine(Root, "artifacts", "function", $"aot-{arch}", "bootstrap");

    public static string ManagedAssembly => Path.Combine(Root, "artifacts", "function", "managed", "SecHubRootMfa.Function.dll");

    /// <summary>Runs <c>bash build/SCRIPT args</c>; returns the exit code and combined output (bounded by <paramref name="timeout"/>).</summary>
    public static async Task<(int ExitCode, string Output)> RunScriptAsync(string script, TimeSpan timeout, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
        info.ArgumentList.Add(Path.Combine(Root, "build", script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {script}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {timeout.TotalMinutes} min.");
        }

        return (process.ExitCode, $"{await stdout}{await stderr}");
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<string>>> Published = new(StringComparer.Ordinal);

    /// <summary>
    /// Publishes with <c>publish-function.sh</c> once per test run and returns <paramref name="artifact"/>: the publish is
    /// incremental (seconds when nothing changed), so a test never runs a stale binary. Fails (never skips) on error.
    /// </summary>
    public static Task<string> EnsurePublishedAsync(string artifact, params string[] publishArguments) =>
        Published.GetOrAdd(artifact + "|" + string.Join(' ', publishArguments), _ => new Lazy<Task<string>>(async () =>
        {
            var (exitCode, output) = await RunScriptAsync("publish-function.sh", TimeSpan.FromMinutes(15), publishArguments);
            if (exitCode != 0 || !File.Exists(artifact))
            {
                throw new InvalidOperationException($"publish-function.sh {string.Join(' ', publishArguments)} failed (exit {exitCode}):\n{output}");
            }

            return artifact;
        })).Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "build", "publish-function.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No build/publish-function.sh above {AppContext.BaseDirectory}.");
    }
}
