using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcsfSchema;

/// <summary>
/// ocsf-schema generate REPO CLASS [--profiles a,b] --out FILE   writes the class's JSON Schema
/// ocsf-schema compare REPO EXPORT.json                           compares the compiler with the OCSF server's export
/// ocsf-schema check REPO EVENT.json…                              events must validate, their mutated copies must not
/// REPO is a checkout of github.com/ocsf/ocsf-schema at the wanted tag. Exit 0 when all is well, 1 otherwise, 2 for usage.
/// </summary>
internal static class Program
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static int Main(string[] args)
    {
        try
        {
            return args switch
            {
                ["generate", var repo, var className, .. var rest] => Generate(repo, className, rest),
                ["compare", var repo, var export] => Compare(repo, export),
                ["check", var repo, .. var events] when events.Length > 0 => Check(repo, events),
                _ => Usage(),
            };
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or JsonException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: ocsf-schema generate REPO CLASS [--profiles a,b] --out FILE | compare REPO EXPORT.json | check REPO EVENT.json…");
        return 2;
    }

    private static int Generate(string repo, string className, string[] options)
    {
        var profiles = Option(options, "--profiles") is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal)
            : null;
        var output = Option(options, "--out");
        if (output is null)
        {
            return Usage();
        }

        var schema = JsonSchemaWriter.Write(OcsfRepository.Load(repo), className, profiles);
        File.WriteAllText(output, schema.ToJsonString(Indented) + "\n");
        Console.WriteLine($"wrote {output}: {schema["title"]}, {schema["$defs"]!.AsObject().Count} objects");
        return 0;
    }

    private static int Compare(string repo, string exportPath)
    {
        var differences = ExportComparison.Run(OcsfRepository.Load(repo), JsonNode.Parse(File.ReadAllText(exportPath))!.AsObject());
        foreach (var difference in differences)
        {
            Console.WriteLine(difference);
        }

        Console.WriteLine($"{differences.Count} difference(s)");
        return differences.Count == 0 ? 0 : 1;
    }

    private static int Check(string repo, string[] events)
    {
        var results = ExampleCheck.Run(OcsfRepository.Load(repo), events);
        foreach (var line in results.Lines)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine($"{results.Valid} example(s) valid, {results.Rejected} mutated copies rejected, {results.Problems} problem(s)");
        return results.Problems == 0 ? 0 : 1;
    }

    private static string? Option(string[] options, string name)
    {
        var at = Array.IndexOf(options, name);
        return at >= 0 && at + 1 < options.Length ? options[at + 1] : null;
    }
}
