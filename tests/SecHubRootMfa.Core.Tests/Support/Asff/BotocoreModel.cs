using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace SecHubRootMfa.Core.Tests.Support.Asff;

/// <summary>
/// A service model (service-2.json) from the botocore that python3 imports. botocore is already a prerequisite of the
/// tests (moto brings it), so the validator reads the model AWS's own Python SDK validates requests with, and follows
/// it when the machine's botocore is upgraded, instead of a vendored copy that would go stale.
/// </summary>
internal sealed class BotocoreModel
{
    /// <summary>The command a developer runs when botocore is missing; every failure names it.</summary>
    public const string InstallCommand = "python3 -m pip install 'moto[server]==5.2.1' (it brings botocore)";

    private static readonly Lazy<BotocoreModel> SecurityHubModel = new(() => Load("securityhub"));

    private BotocoreModel(string path, string botocoreVersion, JsonElement shapes, JsonElement operations)
    {
        Path = path;
        BotocoreVersion = botocoreVersion;
        Shapes = shapes;
        Operations = operations;
    }

    /// <summary>Security Hub's model, located and parsed once per test run.</summary>
    public static BotocoreModel SecurityHub => SecurityHubModel.Value;

    /// <summary>The service-2.json[.gz] file read.</summary>
    public string Path { get; }

    /// <summary>botocore's own version, for messages.</summary>
    public string BotocoreVersion { get; }

    /// <summary>The model's "shapes" object.</summary>
    public JsonElement Shapes { get; }

    /// <summary>The model's "operations" object.</summary>
    public JsonElement Operations { get; }

    /// <summary>Loads <paramref name="service"/>'s newest API version from the botocore that <paramref name="python"/> imports.</summary>
    /// <exception cref="InvalidOperationException">python or botocore is missing, or the model is not there.</exception>
    public static BotocoreModel Load(string service, string python = "python3", params string[] interpreterOptions)
    {
        var (packageDir, version) = LocateBotocore(python, interpreterOptions);
        var serviceDir = System.IO.Path.Combine(packageDir, "data", service);
        var model = Directory.Exists(serviceDir)
            ? Directory.GetDirectories(serviceDir).Order(StringComparer.Ordinal).Reverse()
                .SelectMany(d => new[] { "service-2.json", "service-2.json.gz" }.Select(f => System.IO.Path.Combine(d, f)))
                .FirstOrDefault(File.Exists)
            : null;
        if (model is null)
        {
            throw new InvalidOperationException(
                $"botocore {version} at {packageDir} has no {service} service model (data/{service}/<api-version>/service-2.json[.gz]); install a current botocore: {InstallCommand}");
        }

        using var stream = File.OpenRead(model);
        using var json = model.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : (Stream)stream;
        var root = JsonDocument.Parse(json).RootElement;
        return new BotocoreModel(model, version, root.GetProperty("shapes"), root.GetProperty("operations"));
    }

    private static (string PackageDir, string Version) LocateBotocore(string python, string[] interpreterOptions)
    {
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var option in interpreterOptions)
        {
            psi.ArgumentList.Add(option);
        }

        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import botocore, os; print(os.path.dirname(botocore.__file__)); print(botocore.__version__)");
        Process? process;
        try
        {
            process = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{python}' could not be started ({e.Message}); the ASFF validator needs Python 3 with botocore: {InstallCommand}", e);
        }

        using (process)
        {
            var stdout = process!.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
            {
                process.Kill();
                throw new InvalidOperationException($"'{python}' did not answer within a minute while locating botocore");
            }

            var lines = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (process.ExitCode != 0 || lines.Length < 2)
            {
                throw new InvalidOperationException(
                    $"botocore could not be imported by '{python}' (exit {process.ExitCode}: {stderr.Result.Trim()}); the ASFF validator needs it: {InstallCommand}");
            }

            return (lines[0], lines[1]);
        }
    }
}
