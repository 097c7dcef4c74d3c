using System.Text.Json.Nodes;
using SecHubRootMfa.Core.Ocsf;
using SecHubRootMfa.Core.Tests.Support;

namespace SecHubRootMfa.Core.Tests.Ocsf;

/// <summary>
/// The OCSF event for every golden ASFF finding, compared with committed golden JSON beside it (regenerate with
/// UPDATE_GOLDEN=1), and every golden event validated against the pinned OCSF 1.6.0 compliance_finding JSON Schema.
/// </summary>
public class GoldenOcsfTests
{
    public static TheoryData<string> Names => GoldenCases.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void Map_MatchesTheGoldenOcsfEvent(string name) =>
        GoldenFiles.AssertMatches($"ocsf-{name}.json", JsonNode.Parse(OcsfJson.Serialize(OcsfMapping.Map(GoldenCases.All[name])))!);

    [Fact]
    public void ReadmeExampleEvent_IsTheGoldenNoRootMfaEvent()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var section = readme[readme.IndexOf("## Sending results to OCSF consumers", StringComparison.Ordinal)..];
        var start = section.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        var example = JsonNode.Parse(section[start..section.IndexOf("\n```", start, StringComparison.Ordinal)])!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.GoldenDir, "ocsf-no-root-mfa.json"))), example),
            "README.md's example OCSF event is not tests/SecHubRootMfa.Core.Tests/Golden/ocsf-no-root-mfa.json");
    }

    [Fact]
    public void GoldenOcsfEvents_SitBesideEveryGoldenAsffFinding()
    {
        var asff = Directory.GetFiles(RepoPaths.GoldenDir, "finding-*.json").Select(f => Path.GetFileName(f)["finding-".Length..]).Order(StringComparer.Ordinal);
        var ocsf = Directory.GetFiles(RepoPaths.GoldenDir, "ocsf-*.json").Select(f => Path.GetFileName(f)["ocsf-".Length..]).Order(StringComparer.Ordinal);

        Assert.Equal(asff, ocsf);
    }

    [Fact]
    public void GoldenOcsfEvents_ValidateAgainstTheOcsf160ComplianceFindingSchema()
    {
        var files = Directory.GetFiles(RepoPaths.GoldenDir, "ocsf-*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(GoldenCases.All.Count, files.Length);

        var failures = files
            .Select(f => (File: Path.GetFileName(f), Result: OcsfSchemaValidator.Validate(JsonNode.Parse(File.ReadAllText(f))!)))
            .Where(r => !r.Result.Valid)
            .Select(r => $"{r.File}:\n{r.Result.Errors}")
            .ToList();

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
