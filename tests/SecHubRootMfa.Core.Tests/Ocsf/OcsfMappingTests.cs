using System.Text.Json.Nodes;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Ocsf;
using SecHubRootMfa.Core.Tests.Support;

namespace SecHubRootMfa.Core.Tests.Ocsf;

/// <summary>What a SIEM reads from the OCSF event: the verdict, never a pass for an unknown, times, bounded values.</summary>
public class OcsfMappingTests
{
    private static OcsfComplianceFinding Golden(string name) => OcsfMapping.Map(GoldenCases.All[name]);

    [Theory]
    [InlineData("PASSED", 1, "Pass")]
    [InlineData("WARNING", 2, "Warning")]
    [InlineData("FAILED", 3, "Fail")]
    [InlineData("NOT_AVAILABLE", 99, "NOT_AVAILABLE")]
    [InlineData(null, 0, "Unknown")]
    [InlineData("passed", 0, "Unknown")]
    [InlineData("SOMETHING_NEW", 0, "Unknown")]
    public void ComplianceStatus_MapsToOcsfStatusId(string? asff, int statusId, string status)
    {
        var finding = GoldenCases.All["hardware-mfa"] with { Compliance = GoldenCases.All["hardware-mfa"].Compliance! with { Status = asff } };

        var compliance = OcsfMapping.Map(finding).Compliance!;

        Assert.Equal((statusId, status), (compliance.StatusId, compliance.Status));
        Assert.Equal((statusId, status), (compliance.Checks![0].StatusId, compliance.Checks[0].Status));
    }

    [Theory]
    [InlineData("evaluation-error", "EVALUATION_ERROR", "could not be evaluated")]
    [InlineData("govcloud-not-applicable", "ROOT_NOT_APPLICABLE_GOVCLOUD", "no usable root user")]
    public void NotAvailable_IsOtherWithTheReason_NeverPass(string name, string reasonCode, string reasonWords)
    {
        var compliance = Golden(name).Compliance!;

        Assert.NotEqual(1, compliance.StatusId);
        Assert.Equal(OcsfMapping.ComplianceStatusOther, compliance.StatusId);
        Assert.Equal("NOT_AVAILABLE", compliance.Status);
        Assert.Equal(reasonCode, compliance.StatusCode);
        Assert.Contains(reasonWords, Assert.Single(compliance.StatusDetails!), StringComparison.Ordinal);
    }

    [Fact]
    public void AFindingThatKeptAnExistingCreatedAt_IsAnUpdate()
    {
        var ocsf = Golden("hardware-mfa"); // built with the history of an existing finding

        Assert.Equal((2, 200302L, "Compliance Finding: Update"), (ocsf.ActivityId, ocsf.TypeUid, ocsf.TypeName));
    }

    [Fact]
    public void AFirstFinding_IsACreate()
    {
        var ocsf = Golden("virtual-mfa-on-root"); // FindingHistory.None: CreatedAt is this observation

        Assert.Equal((1, 200301L, "Compliance Finding: Create"), (ocsf.ActivityId, ocsf.TypeUid, ocsf.TypeName));
    }

    [Fact]
    public void Times_AreEpochMillisecondsOfTheAsffTimestamps()
    {
        var asff = GoldenCases.All["no-root-mfa"];
        var ocsf = OcsfMapping.Map(asff);

        Assert.Equal(DateTimeOffset.Parse(asff.UpdatedAt!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), ocsf.Time);
        Assert.Equal(1795838400123, ocsf.FindingInfo!.LastSeenTime); // 2026-11-28T04:00:00.123Z
        Assert.Equal(1768464000000, ocsf.FindingInfo.CreatedTime);   // 2026-01-15T08:00:00.000Z
        Assert.Equal(ocsf.Time, ocsf.FindingInfo.ModifiedTime);
    }

    [Theory]
    [InlineData("INFORMATIONAL", 1)]
    [InlineData("LOW", 2)]
    [InlineData("MEDIUM", 3)]
    [InlineData("HIGH", 4)]
    [InlineData("CRITICAL", 5)]
    [InlineData(null, 0)]
    public void SeverityLabel_MapsToSeverityId(string? label, int severityId)
    {
        Assert.Equal(severityId, OcsfMapping.SeverityOf(label).Id);
    }

    [Fact]
    public void TheControlStandardsAndRequirements_AreCarried()
    {
        var compliance = Golden("no-root-mfa").Compliance!;

        Assert.Equal("IAM.6", compliance.Control);
        Assert.Equal(ControlIdentity.RelatedRequirements, compliance.Requirements);
        Assert.Equal(
            ["CIS AWS Foundations Benchmark v1.2.0", "CIS AWS Foundations Benchmark v1.4.0", "CIS AWS Foundations Benchmark v3.0.0", "CIS AWS Foundations Benchmark v5.0.0"],
            compliance.Standards);
        Assert.Equal(ControlIdentity.GeneratorId, compliance.Checks![0].Uid);
    }

    [Fact]
    public void TheAccountAndItsRootUser_AreTheResourceAndTheCloud()
    {
        var ocsf = Golden("org-member-named");
        var resource = Assert.Single(ocsf.Resources!);

        Assert.Equal(("AWS::::Account:111122223333", "arn:aws:iam::111122223333:root", "aws", "eu-west-1"),
            (resource.Uid, resource.UidAlt, resource.CloudPartition, resource.Region));
        Assert.Equal(("AWS", "111122223333", "payments-prod", 10, "eu-west-1"),
            (ocsf.Cloud!.Provider, ocsf.Cloud.Account!.Uid, ocsf.Cloud.Account.Name, ocsf.Cloud.Account.TypeId, ocsf.Cloud.Region));
    }

    [Fact]
    public void GovCloudRootUser_IsNamedInItsPartition()
    {
        Assert.Equal("arn:aws-us-gov:iam::111122223333:root", Golden("govcloud-not-applicable").Resources![0].UidAlt);
    }

    [Fact]
    public void EveryProductField_GoesToUnmappedVerbatim_IncludingKeysThisMappingDoesNotKnow()
    {
        var asff = GoldenCases.All["no-root-mfa"];
        var fields = new Dictionary<string, string>(asff.ProductFields!, StringComparer.Ordinal) { ["SecHubRootMfa/EventPath"] = "degraded: rule disabled" };

        var unmapped = OcsfMapping.Map(asff with { ProductFields = fields }).Unmapped!;

        Assert.Equal("degraded: rule disabled", unmapped["SecHubRootMfa/EventPath"]);
        Assert.Equal(fields.Where(f => f.Key.StartsWith(RootMfaFindingBuilder.FieldPrefix, StringComparison.Ordinal)), unmapped);
        Assert.DoesNotContain("ProviderName", unmapped.Keys); // metadata.product
    }

    [Fact]
    public void OversizedValues_AreFittedToTheAsffLimits_AndTheEventStillValidates()
    {
        var asff = GoldenCases.All["no-root-mfa"];
        var huge = new string('x', 5000);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 80; i++)
        {
            fields[$"SecHubRootMfa/{i:00}{huge}"] = huge;
        }

        var ocsf = OcsfMapping.Map(asff with
        {
            Title = huge,
            Description = huge,
            AwsAccountName = huge,
            ProductFields = fields,
            Remediation = new Remediation { Recommendation = new Recommendation { Text = huge, Url = asff.Remediation!.Recommendation!.Url } },
            Compliance = asff.Compliance! with { StatusReasons = [new StatusReason { ReasonCode = "NO_ROOT_MFA", Description = huge }] },
        });

        Assert.Equal(AsffLimits.Title, ocsf.FindingInfo!.Title!.Length);
        Assert.EndsWith(AsffText.Ellipsis.ToString(), ocsf.FindingInfo.Title, StringComparison.Ordinal);
        Assert.Equal(AsffLimits.Description, ocsf.FindingInfo.Desc!.Length);
        Assert.Equal(AsffLimits.RecommendationText, ocsf.Remediation!.Desc!.Length);
        Assert.Equal(AsffLimits.StatusReasonDescription, ocsf.Compliance!.StatusDetails![0].Length);
        Assert.Equal(DeploymentContext.MaxAccountNameLength, ocsf.Cloud!.Account!.Name!.Length);
        Assert.Equal(AsffLimits.ProductFieldCount, ocsf.Unmapped!.Count);
        Assert.All(ocsf.Unmapped, f => Assert.True(f.Key.Length <= AsffLimits.ProductFieldKey && f.Value.Length <= AsffLimits.ProductFieldValue));
        var (valid, errors) = OcsfSchemaValidator.Validate(JsonNode.Parse(OcsfJson.Serialize(ocsf))!);
        Assert.True(valid, errors);
    }

    [Fact]
    public void AFindingWithoutATime_IsRefusedWithTheReason()
    {
        var asff = GoldenCases.All["no-root-mfa"] with { UpdatedAt = null, LastObservedAt = null };

        var error = Assert.Throws<ArgumentException>(() => OcsfMapping.Map(asff));

        Assert.Contains("UpdatedAt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFindingReadBackFromSecurityHub_MapsToAValidEvent()
    {
        // The ASFF as Security Hub returns it: Region set, keys in its own order, a workflow an analyst changed.
        var asff = FindingJson.Deserialize(File.ReadAllText(Path.Combine(RepoPaths.GoldenDir, "finding-no-root-mfa.json"))) with
        {
            Region = "eu-west-1",
            Workflow = new Workflow { Status = "SUPPRESSED" },
        };

        var ocsf = OcsfMapping.Map(asff);

        Assert.Equal((3, "Suppressed"), (ocsf.StatusId, ocsf.Status));
        var (valid, errors) = OcsfSchemaValidator.Validate(JsonNode.Parse(OcsfJson.Serialize(ocsf))!);
        Assert.True(valid, errors);
    }
}
