using System.Globalization;

namespace SecHubRootMfa.Bench.Harness.Measuring;

/// <summary>Memory and CPU of a live process from /proc (Linux only).</summary>
internal static class ProcFs
{
    // USER_HZ is 100 on every Linux this runs on (glibc sysconf(_SC_CLK_TCK)); /proc/PID/stat counts in it.
    private const double MillisecondsPerTick = 10.0;

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

    /// <summary>User + system CPU time the process (all its threads) has used so far, in milliseconds (10 ms resolution).</summary>
    public static double CpuMilliseconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may contain spaces; the fields after its closing parenthesis are fixed.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) * MillisecondsPerTick;
    }

    private static long KiB(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
