using System.Text.Json.Nodes;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Tests.Support;
using SecHubRootMfa.Core.Tests.Support.Asff;

namespace SecHubRootMfa.Core.Tests.Findings;

/// <summary>
/// The finding for every reason, compared structurally with committed golden JSON (regenerate with UPDATE_GOLDEN=1),
/// and every golden file checked by the tests' own ASFF validator against botocore's model and AWS's documented limits.
/// </summary>
public class GoldenFindingTests
{
    public static TheoryData<string> Names => GoldenCases.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void Build_MatchesTheGoldenFinding(string name) =>
        GoldenFiles.AssertMatches($"finding-{name}.json", JsonNode.Parse(FindingJson.Serialize(GoldenCases.All[name]))!);

    [Fact]
    public void GoldenFiles_CoverEveryReasonCode()
    {
        var reasons = GoldenCases.All.Values.Select(f => f.Compliance!.StatusReasons![0].ReasonCode).ToHashSet();

        Assert.Equal(Enum.GetValues<SecHubRootMfa.Core.Evaluation.ReasonCode>().Length, reasons.Count);
    }

    [Fact]
    public void GoldenFiles_AreValidAsff()
    {
        var files = Directory.GetFiles(RepoPaths.GoldenDir, "finding-*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(GoldenCases.All.Count, files.Length);

        var problems = AsffValidator.Default.ValidateFiles(files);

        Assert.True(problems.Count == 0, "ASFF problems:\n" + string.Join('\n', problems));
    }
}
