using System.Text.Json.Nodes;
using SecHubRootMfa.Core.Tests.Support.Asff;

namespace SecHubRootMfa.Core.Tests.Support;

/// <summary>
/// The tests' ASFF validator refuses what Security Hub refuses: each case breaks one rule of a valid golden finding and
/// must be refused for exactly that rule; each boundary case sits on a limit and must pass.
/// </summary>
public class AsffValidatorTests
{
    private static readonly Dictionary<string, (Action<JsonObject> Break, string Expected)> Refused = new()
    {
        ["Title over 256"] = (f => f["Title"] = new string('t', 257), "Title: 257 characters > documented maximum 256"),
        ["Description over 1024"] = (f => f["Description"] = new string('d', 1025), "Description: 1025 characters > documented maximum 1024"),
        ["Id over 512"] = (f => f["Id"] = new string('i', 513), "Id: 513 characters > documented maximum 512"),
        ["GeneratorId over 512"] = (f => f["GeneratorId"] = new string('g', 513), "GeneratorId: 513 characters > documented maximum 512"),
        ["Recommendation text over 512"] = (f => f["Remediation"]!["Recommendation"]!["Text"] = new string('r', 513),
            "Remediation.Recommendation.Text: 513 characters > documented maximum 512"),
        ["ProductFields over 50 keys"] = (f => Fill(f["ProductFields"]!.AsObject(), 51), "ProductFields: 51 keys > documented maximum 50"),
        ["ProductFields key over 128"] = (f => f["ProductFields"]![new string('k', 129)] = "v", "key of 129 characters > documented maximum 128"),
        ["ProductFields value over 2048"] = (f => f["ProductFields"]!["SecHubRootMfa/Trigger"] = new string('v', 2049),
            "ProductFields[SecHubRootMfa/Trigger]: value of 2049 characters > documented maximum 2048"),
        ["finding over 240 KB"] = (f => f["Resources"]![0]!["Details"] = new JsonObject { ["Other"] = Other(130, 2000) }, "bytes > documented maximum 245760 (240 KB)"),
        ["account id a number"] = (f => f["AwsAccountId"] = 111122223333, "AwsAccountId: expected a string, got a number"),
        ["confidence a string"] = (f => f["Confidence"] = "90", "Confidence: expected a whole number (integer), got a string"),
        ["resources an object"] = (f => f["Resources"] = new JsonObject(), "Resources: expected a list, got an object"),
        ["title null"] = (f => f["Title"] = null, "Title: null where the model wants a string"),
        ["missing Title"] = (f => f.Remove("Title"), "<finding>: missing required member Title"),
        ["missing resource Type"] = (f => f["Resources"]![0]!.AsObject().Remove("Type"), "Resources[0]: missing required member Type"),
        ["unknown member"] = (f => f["Titel"] = "typo", "Titel: unknown member of AwsSecurityFinding"),
        ["severity not in enum"] = (f => f["Severity"]!["Label"] = "SEVERE", "Severity.Label: 'SEVERE' is not one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL"),
        ["compliance status not in enum"] = (f => f["Compliance"]!["Status"] = "OK", "Compliance.Status: 'OK' is not one of"),
        ["provider confidence over model maximum"] = (f => f["FindingProviderFields"] = new JsonObject { ["Confidence"] = 101 },
            "FindingProviderFields.Confidence: 101 > model maximum 100"),
        ["blank title"] = (f => f["Title"] = "   ", "Title: blank string"),
        ["blank ProductFields key"] = (f => f["ProductFields"]![" "] = "v", "ProductFields[ ] (key): blank string"),
        ["schema version"] = (f => f["SchemaVersion"] = "2018-10-09", "SchemaVersion: must be 2018-10-08"),
        ["CreatedAt with a space"] = (f => f["CreatedAt"] = "2026-01-15 08:00:00Z", "CreatedAt: not an RFC 3339 date-time"),
        ["UpdatedAt not a date"] = (f => f["UpdatedAt"] = "2026-02-30T00:00:00Z", "UpdatedAt: not a calendar date"),
        ["FirstObservedAt without offset"] = (f => f["FirstObservedAt"] = "2026-01-15T08:00:00", "FirstObservedAt: not an RFC 3339 date-time"),
        ["LastObservedAt with 10 fraction digits"] = (f => f["LastObservedAt"] = "2026-01-15T08:00:00.1234567890Z", "LastObservedAt: not an RFC 3339 date-time"),
        ["CreatedAt offset beyond 18 hours"] = (f => f["CreatedAt"] = "2026-01-15T08:00:00+18:01", "CreatedAt: UTC offset beyond +/-18:00"),
        ["UpdatedAt hour 24"] = (f => f["UpdatedAt"] = "2026-01-15T24:00:00Z", "UpdatedAt: not a time of day"),
        ["nested Note.UpdatedAt a date only"] = (f => f["Note"] = new JsonObject { ["Text"] = "n", ["UpdatedAt"] = "2026-01-15", ["UpdatedBy"] = "analyst" },
            "Note.UpdatedAt: not an RFC 3339 date-time"),
    };

    private static readonly Dictionary<string, Action<JsonObject>> Accepted = new()
    {
        ["Title of 256"] = f => f["Title"] = new string('t', 256),
        ["Description of 1024"] = f => f["Description"] = new string('d', 1024),
        ["Id and GeneratorId of 512"] = f => (f["Id"], f["GeneratorId"]) = (new string('i', 512), new string('g', 512)),
        ["Recommendation text of 512"] = f => f["Remediation"]!["Recommendation"]!["Text"] = new string('r', 512),
        ["ProductFields of 50 keys"] = f => Fill(f["ProductFields"]!.AsObject(), 50),
        ["ProductFields key of 128 and value of 2048"] = f => f["ProductFields"]![new string('k', 128)] = new string('v', 2048),
        ["finding just under 240 KB"] = f => f["Resources"]![0]!["Details"] = new JsonObject { ["Other"] = Other(110, 2000) },
        ["timestamps with nanoseconds, an offset, a leap day and a leap second"] = f =>
            (f["CreatedAt"], f["UpdatedAt"], f["FirstObservedAt"], f["LastObservedAt"]) =
            ("2026-01-15T08:00:00.123456789Z", "2026-01-15T08:00:00+18:00", "2024-02-29T00:00:00-05:30", "2016-12-31T23:59:60Z"),
        ["provider confidence 100"] = f => f["FindingProviderFields"] = new JsonObject { ["Confidence"] = 100 },
        ["a Note with its required members"] = f => f["Note"] = new JsonObject { ["Text"] = "n", ["UpdatedAt"] = "2026-01-15T08:00:00Z", ["UpdatedBy"] = "analyst" },
    };

    public static TheoryData<string> RefusedCases => [.. Refused.Keys];

    public static TheoryData<string> AcceptedCases => [.. Accepted.Keys];

    [Fact]
    public void Validate_TheUnbrokenGoldenFinding_HasNoProblem()
    {
        Assert.Empty(AsffValidator.Default.Validate(JsonSerializerElement(Golden())));
    }

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public void Validate_AFindingBreakingOneRule_IsRefusedForThatRule(string name)
    {
        var (breakIt, expected) = Refused[name];
        var finding = Golden();
        breakIt(finding);

        var problems = AsffValidator.Default.Validate(JsonSerializerElement(finding));

        var problem = Assert.Single(problems);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AcceptedCases))]
    public void Validate_AFindingOnALimit_IsAccepted(string name)
    {
        var finding = Golden();
        Accepted[name](finding);

        Assert.Empty(AsffValidator.Default.Validate(JsonSerializerElement(finding)));
    }

    [Fact]
    public void ValidateJson_ReadsAListAndABatchRequestAndNamesTheFindingAtFault()
    {
        var bad = Golden();
        bad.Remove("Title");
        var list = new JsonArray(Golden(), bad).ToJsonString();
        var batch = new JsonObject { ["Findings"] = new JsonArray(bad.DeepClone(), Golden()) }.ToJsonString();

        Assert.Equal(["#1: <finding>: missing required member Title"], AsffValidator.Default.ValidateJson(list));
        Assert.Equal(["#0: <finding>: missing required member Title"], AsffValidator.Default.ValidateJson(batch));
    }

    [Fact]
    public void TimestampMembers_FromTheModel_IncludeTheFindingTimesAndNestedOnes()
    {
        var members = AsffValidator.Default.TimestampMembers;

        Assert.All(new[] { "CreatedAt", "UpdatedAt", "FirstObservedAt", "LastObservedAt", "ProcessedAt" },
            m => Assert.Contains(("AwsSecurityFinding", m), members));
        Assert.Contains(("Note", "UpdatedAt"), members);
    }

    [Fact]
    public void Load_WithoutBotocore_FailsNamingTheInstallCommand()
    {
        // -S keeps Python from adding site-packages, where botocore lives: the same interpreter without botocore.
        var noBotocore = Assert.Throws<InvalidOperationException>(() => BotocoreModel.Load("securityhub", "python3", "-S"));
        var noPython = Assert.Throws<InvalidOperationException>(() => BotocoreModel.Load("securityhub", "python3-not-installed-here"));

        Assert.Contains("botocore could not be imported", noBotocore.Message, StringComparison.Ordinal);
        Assert.Contains(BotocoreModel.InstallCommand, noBotocore.Message, StringComparison.Ordinal);
        Assert.Contains(BotocoreModel.InstallCommand, noPython.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecurityHubModel_IsBotocoresSecurityHubModel()
    {
        var model = BotocoreModel.SecurityHub;

        Assert.Matches(@"data/securityhub/[0-9-]+/service-2\.json(\.gz)?$", model.Path);
        Assert.Equal("AwsSecurityFinding", AsffValidator.Default.FindingShape);
    }

    private static JsonObject Golden() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.GoldenDir, "finding-no-root-mfa.json")))!.AsObject();

    private static System.Text.Json.JsonElement JsonSerializerElement(JsonObject finding) =>
        System.Text.Json.JsonDocument.Parse(finding.ToJsonString()).RootElement;

    private static void Fill(JsonObject fields, int count)
    {
        for (var i = fields.Count; i < count; i++)
        {
            fields[$"Extra/{i}"] = "x";
        }
    }

    private static JsonObject Other(int entries, int valueLength)
    {
        var other = new JsonObject();
        for (var i = 0; i < entries; i++)
        {
            other[$"k{i}"] = new string('o', valueLength);
        }

        return other;
    }
}
