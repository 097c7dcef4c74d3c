using System.Globalization;

namespace SecHubRootMfa.Bench.Harness.Measuring;

/// <summary>One line naming the machine a figure was measured on.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({cpu}), {Environment.OSVersion.VersionString}, .NET {Environment.Version}, load average at start {load}");
    }
}
