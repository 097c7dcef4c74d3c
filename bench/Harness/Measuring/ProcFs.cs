using System.Globalization;

namespace SecHubRootMfa.Bench.Harness.Measuring;

/// <summary>Memory and CPU of a live process from /proc (Linux only).</summary>
internal static class ProcFs
{
    /// <summary>VmRSS and VmHWM (peak RSS) in KiB.</summary>
    public static (long RssKiB, long HwmKiB) Memory(int pid)
    {
        long rss = -1, hwm = -1;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = KiB(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = KiB(line);
            }
        }

        return rss < 0 || hwm < 0 ? throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS/VmHWM") : (rss, hwm);
    }

    /// <summary>
    /// CPU time the process's live threads have run so far, in milliseconds, from /proc/PID/task/*/schedstat
    /// (nanoseconds). .NET keeps its threads alive for seconds after use, so at the moments we sample this is the
    /// process's CPU time; /proc/PID/stat would only give 10 ms ticks.
    /// </summary>
    public static double CpuMilliseconds(int pid)
    {
        long nanoseconds = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                nanoseconds += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // The thread exited between listing and reading.
            }
        }

        return nanoseconds / 1e6;
    }

    private static long KiB(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
