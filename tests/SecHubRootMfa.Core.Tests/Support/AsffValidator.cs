using System.Diagnostics;

namespace SecHubRootMfa.Core.Tests.Support;

/// <summary>Runs shared/tools/asff-validate; a missing tool or python is a failure, never a skip.</summary>
internal static class AsffValidator
{
    public static (int ExitCode, string Output) Run(IEnumerable<string> files)
    {
        var tool = RepoPaths.AsffValidate;
        Assert.True(File.Exists(tool), $"{tool} not found: shared/ must sit beside the repository (CI lays it there).");
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(tool);
        foreach (var f in files)
        {
            psi.ArgumentList.Add(f);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "asff-validate did not finish in 2 minutes");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
