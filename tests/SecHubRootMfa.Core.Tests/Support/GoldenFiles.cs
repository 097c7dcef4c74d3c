using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecHubRootMfa.Core.Tests.Support;

/// <summary>Compares built JSON with a committed golden file in Golden/; UPDATE_GOLDEN=1 rewrites the file first.</summary>
internal static class GoldenFiles
{
    // Relaxed escaping only for the committed files, so a reviewer reads ">" rather than "\u003E".
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Asserts that <paramref name="actual"/> equals Golden/<paramref name="fileName"/> structurally.</summary>
    public static void AssertMatches(string fileName, JsonNode actual)
    {
        var path = Path.Combine(RepoPaths.GoldenDir, fileName);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual.ToJsonString(Indented) + "\n");
        }

        Assert.True(File.Exists(path), $"Golden file {path} is missing; run the tests once with UPDATE_GOLDEN=1 and review it.");
        var expected = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{fileName} differs from what was built:\n{actual.ToJsonString(Indented)}");
    }
}
