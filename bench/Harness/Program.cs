using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SecHubRootMfa.Bench.Harness.ColdStart;
using SecHubRootMfa.Bench.Harness.Memory;

// bench harness: `coldstart --rounds N [--candidate BOOTSTRAP] --out FILE.json` | `profile --target NAME [--candidate BOOTSTRAP] [-- WRAPPER...]` | `rss --target aot|managed --invocations N --every K --out FILE.json`
// Prints a Markdown table to stdout, writes every sample as JSON, exits non-zero if a run fails.
try
{
    var command = args.Length > 0 ? args[0] : "";
    // Anything after "--" is a wrapping command (profile only): harness profile --target function-aot -- strace -f -o x
    var split = Array.IndexOf(args, "--");
    var options = Options.Parse(split < 0 ? args.Skip(1).ToArray() : args[1..split]);
    string[] wrap = split < 0 ? [] : args[(split + 1)..];
    switch (command)
    {
        case "coldstart":
        {
            var report = await ColdStartBenchmark.RunAsync(options.Int("rounds", 20), options.Text("candidate", null), Console.Error);
            ColdStartBenchmark.Print(report, Console.Out);
            await Options.WriteJsonAsync(options.Text("out", null), report, BenchJsonContext.Default.ColdStartReport);
            return 0;
        }

        case "profile":
        {
            var sample = await ColdStartBenchmark.ProfileAsync(options.Text("target", "function-aot")!, options.Text("candidate", null), wrap);
            Console.WriteLine(FormattableString.Invariant($"{sample.Target}: wall {sample.WallMs:0.0} ms, init {sample.InitMs:0.0} ms, CPU {sample.CpuMs:0.0} ms, peak RSS {sample.HwmKiB / 1024.0:0.0} MiB"));
            return 0;
        }

        case "rss":
        {
            var report = await RssBenchmark.RunAsync(options.Text("target", "aot")!, options.Int("invocations", 1000), options.Int("every", 25), Console.Error);
            RssBenchmark.Print(report, Console.Out);
            await Options.WriteJsonAsync(options.Text("out", null), report, BenchJsonContext.Default.RssReport);
            return 0;
        }

        default:
            await Console.Error.WriteLineAsync("usage: harness coldstart [--rounds N] [--candidate BOOTSTRAP] [--out FILE] | profile [--target NAME] [--candidate BOOTSTRAP] [-- WRAPPER ARGS...] | rss [--target aot|managed] [--invocations N] [--every K] [--out FILE]");
            return 2;
    }
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or FileNotFoundException or ArgumentException or IOException)
{
    await Console.Error.WriteLineAsync($"bench harness: {ex.GetType().Name}: {ex.Message}");
    return 1;
}

/// <summary><c>--name value</c> pairs.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        return new Options(values);
    }

    public int Int(string name, int fallback) =>
        !values.TryGetValue(name, out var text) ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : throw new ArgumentException($"--{name} must be a positive integer (got '{text}')");

    public string? Text(string name, string? fallback) => values.TryGetValue(name, out var text) ? text : fallback;

    public static async Task WriteJsonAsync<T>(string? path, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        if (path is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, value, type);
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ColdStartReport))]
[JsonSerializable(typeof(RssReport))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
