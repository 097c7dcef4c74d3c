using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Tests.Support;
using SecHubRootMfa.Core.Tests.Support.Asff;
using static SecHubRootMfa.Core.Tests.Support.Observations;

namespace SecHubRootMfa.Core.Tests.Findings;

public class RootMfaFindingBuilderTests
{
    private static readonly RootMfaFindingBuilder Builder = new(GoldenCases.Context);

    private static AwsSecurityFinding BuildFor(RootMfaEvaluation e, FindingHistory? history = null, string trigger = "Scheduled Event",
        RootSignInEvidence? signIn = null) =>
        Builder.Build(e, history ?? FindingHistory.None, trigger, signIn);

    private static RootMfaEvaluation Virtual(int count, string namePrefix = "device") =>
        RootMfaEvaluator.Evaluate(
            Observe(Summary(mfa: 1), Enumerable.Range(0, count).Select(i => RootVirtual($"{namePrefix}-{i:D3}"))),
            PolicyProfile.Level2);

    [Fact]
    public void Build_IdIsDeterministicPerPartitionAccountAndControl()
    {
        var a = BuildFor(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2));
        var b = BuildFor(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0)), PolicyProfile.Level2));

        Assert.Equal("sechubrootmfa/aws/111122223333/root-user-hardware-mfa", a.Id);
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(ControlIdentity.GeneratorId, b.GeneratorId);
    }

    [Theory]
    [InlineData("eu-west-1", "aws", "arn:aws:securityhub:eu-west-1:999988887777:product/999988887777/default")]
    [InlineData("cn-north-1", "aws-cn", "arn:aws-cn:securityhub:cn-north-1:999988887777:product/999988887777/default")]
    [InlineData("us-gov-west-1", "aws-us-gov", "arn:aws-us-gov:securityhub:us-gov-west-1:999988887777:product/999988887777/default")]
    public void Build_ProductArnAndResourceUseThePartition(string region, string partition, string productArn)
    {
        var p = AwsPartition.Parse(partition);
        var finding = new RootMfaFindingBuilder(new DeploymentContext(region, "999988887777"))
            .Build(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), partition: p), PolicyProfile.Level2), FindingHistory.None, "Scheduled Event");

        Assert.Equal(productArn, finding.ProductArn);
        Assert.Equal($"sechubrootmfa/{partition}/111122223333/root-user-hardware-mfa", finding.Id);
        var resource = Assert.Single(finding.Resources!);
        Assert.Equal(("AwsAccount", "AWS::::Account:111122223333", partition, region), (resource.Type, resource.Id, resource.Partition, resource.Region));
    }

    [Fact]
    public void Build_AccountInAnotherPartitionThanTheHub_IsRejected()
    {
        var cnEvaluation = RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), partition: AwsPartition.China), PolicyProfile.Level2);

        var ex = Assert.Throws<ArgumentException>(() => BuildFor(cnEvaluation));
        Assert.Contains("aws-cn", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FirstImport_UsesTheReadTimeForEveryTimestamp()
    {
        var f = BuildFor(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2));

        Assert.All(new[] { f.CreatedAt, f.FirstObservedAt, f.UpdatedAt, f.LastObservedAt },
            t => Assert.Equal("2026-11-28T04:00:00.123Z", t));
    }

    [Fact]
    public void Build_ExistingFinding_KeepsCreatedAtAndFirstObservedAt()
    {
        var history = new FindingHistory(
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var f = BuildFor(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2), history);

        Assert.Equal("2026-01-02T01:04:05.000Z", f.CreatedAt);
        Assert.Equal("2026-01-01T00:00:00.000Z", f.FirstObservedAt);
        Assert.Equal("2026-11-28T04:00:00.123Z", f.UpdatedAt);
        Assert.Equal("2026-11-28T04:00:00.123Z", f.LastObservedAt);
    }

    [Fact]
    public void Build_SameStateAndTimes_GivesByteIdenticalJson()
    {
        var evaluation = Virtual(3);
        var signIn = new RootSignInEvidence(ReadAt.AddHours(-1), true, "arn:aws:iam::111122223333:mfa/device-000");

        var first = FindingJson.Serialize(BuildFor(evaluation, GoldenCases.Existing, "EnableMFADevice", signIn));
        var second = FindingJson.Serialize(new RootMfaFindingBuilder(GoldenCases.Context)
            .Build(evaluation with { }, GoldenCases.Existing with { }, "EnableMFADevice", signIn with { }));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Build_FailedFinding_CarriesSeverityInBothPlacesAndTheCisRequirements()
    {
        var f = BuildFor(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0)), PolicyProfile.Level2));

        Assert.Equal("CRITICAL", f.Severity!.Label);
        Assert.Equal("CRITICAL", f.FindingProviderFields!.Severity!.Label);
        Assert.Equal(f.Types, f.FindingProviderFields.Types);
        Assert.Equal("FAILED", f.Compliance!.Status);
        Assert.Equal("NO_ROOT_MFA", Assert.Single(f.Compliance.StatusReasons!).ReasonCode);
        Assert.Contains("CIS AWS Foundations Benchmark v1.2.0/1.14", f.Compliance.RelatedRequirements!);
        Assert.Contains("CIS AWS Foundations Benchmark v5.0.0/1.5", f.Compliance.RelatedRequirements!);
        Assert.Equal(("ACTIVE", "NEW"), (f.RecordState, f.Workflow!.Status));
    }

    [Theory]
    [InlineData(ReasonCode.NoRootMfa, "Assign MFA device")]
    [InlineData(ReasonCode.VirtualMfaOnRoot, "Remove")]
    [InlineData(ReasonCode.EvaluationError, "iam:ListVirtualMFADevices")]
    public void Remediation_GivesStepsForTheReasonAtHand(ReasonCode reason, string expectedStep)
    {
        Assert.Contains(expectedStep, RootMfaRemediation.TextFor(reason), StringComparison.Ordinal);
    }

    [Fact]
    public void Remediation_EveryReasonFitsTheRecommendationLimitUncut()
    {
        foreach (var reason in Enum.GetValues<ReasonCode>())
        {
            var text = RootMfaRemediation.TextFor(reason);
            Assert.InRange(text.Length, 1, AsffLimits.RecommendationText);
            Assert.DoesNotContain(AsffText.Ellipsis, text);
        }
    }

    [Fact]
    public void Build_VirtualDevices_AreTheEvidenceInDescriptionReasonAndProductFields()
    {
        var f = BuildFor(Virtual(2));

        Assert.Contains("2 virtual MFA device(s) assigned to arn:aws:iam::111122223333:root", f.Description, StringComparison.Ordinal);
        Assert.Contains("arn:aws:iam::111122223333:mfa/device-001", f.Description, StringComparison.Ordinal);
        Assert.Equal("2", f.ProductFields!["SecHubRootMfa/RootVirtualMfaCount"]);
        Assert.Equal("arn:aws:iam::111122223333:mfa/device-000,arn:aws:iam::111122223333:mfa/device-001",
            f.ProductFields["SecHubRootMfa/RootVirtualMfaSerials"]);
        Assert.Equal("1", f.ProductFields["SecHubRootMfa/AccountMFAEnabled"]);
        Assert.Equal("Level2", f.ProductFields["SecHubRootMfa/PolicyProfile"]);
        Assert.Equal("Scheduled Event", f.ProductFields["SecHubRootMfa/Trigger"]);
    }

    [Fact]
    public void Build_RootSignIn_IsRecordedWithTheDeviceKind()
    {
        var signIn = new RootSignInEvidence(ReadAt.AddMinutes(-5), true, "arn:aws:iam::111122223333:u2f/root/YubiKey-EXAMPLE");

        var f = BuildFor(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2), signIn: signIn, trigger: "ConsoleLogin");

        Assert.Equal("2026-11-28T03:55:00.123Z", f.ProductFields!["SecHubRootMfa/LastRootSignInAt"]);
        Assert.Equal("true", f.ProductFields["SecHubRootMfa/LastRootSignInMfaUsed"]);
        Assert.Equal("fido", f.ProductFields["SecHubRootMfa/LastRootSignInMfaType"]);
        Assert.Contains("with MFA (fido device", f.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ManyLongVirtualSerials_CutsOnlyTheListVisiblyAndKeepsTheCount()
    {
        // Root can hold at most 8 MFA devices, but nothing stops a malformed answer from listing more: limits must hold anyway.
        var f = BuildFor(Virtual(40, new string('x', 500)));

        Assert.Equal(AsffLimits.Description, f.Description!.Length);
        Assert.EndsWith("…", f.Description, StringComparison.Ordinal);
        Assert.Contains("40 virtual MFA device(s)", f.Description, StringComparison.Ordinal);
        Assert.Contains("FAILED (VIRTUAL_MFA_ON_ROOT)", f.Description, StringComparison.Ordinal);
        Assert.Equal("40", f.ProductFields!["SecHubRootMfa/RootVirtualMfaCount"]);
        Assert.Equal(AsffLimits.ProductFieldValue, f.ProductFields["SecHubRootMfa/RootVirtualMfaSerials"].Length);
        Assert.Equal(AsffLimits.StatusReasonDescription, f.Compliance!.StatusReasons![0].Description!.Length);
        Assert.InRange(FindingJson.Utf8Size(f), 1, AsffLimits.FindingBytes);
    }

    [Fact]
    public void Build_HugeErrorCauseAndTrigger_StayWithinEveryLimit()
    {
        var e = RootMfaEvaluator.Unavailable(Account, AwsPartition.Aws, PolicyProfile.Level2, new string('E', 100_000), ReadAt);

        var f = BuildFor(e, trigger: new string('T', 10_000));

        Assert.True(f.Description!.Length <= AsffLimits.Description);
        Assert.StartsWith("Account 111122223333, profile Level2, status NOT_AVAILABLE (EVALUATION_ERROR).", f.Description, StringComparison.Ordinal);
        Assert.True(f.ProductFields!.Count <= AsffLimits.ProductFieldCount);
        Assert.All(f.ProductFields, kv =>
        {
            Assert.InRange(kv.Key.Length, 1, AsffLimits.ProductFieldKey);
            Assert.InRange(kv.Value.Length, 1, AsffLimits.ProductFieldValue);
            Assert.False(string.IsNullOrWhiteSpace(kv.Value));
        });
        Assert.InRange(FindingJson.Utf8Size(f), 1, AsffLimits.FindingBytes);
    }

    [Fact]
    public void Build_LimitStressFindings_AreValidAsff()
    {
        var stress = new[]
        {
            BuildFor(Virtual(40, new string('x', 500)), trigger: new string('T', 10_000)),
            BuildFor(RootMfaEvaluator.Unavailable(Account, AwsPartition.Aws, PolicyProfile.Level1, new string('E', 100_000), ReadAt)),
        };

        var problems = stress.SelectMany(f => AsffValidator.Default.ValidateJson(FindingJson.Serialize(f))).ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Build_Title_IsNotTheNativeIam6TitleAndNamesTheProduct()
    {
        var f = BuildFor(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2));

        Assert.NotEqual("Hardware MFA should be enabled for the root user", f.Title);
        Assert.Contains("SecHubRootMfa", f.Title, StringComparison.Ordinal);
        Assert.Contains("evidence", f.Title, StringComparison.Ordinal);
        Assert.InRange(f.Title!.Length, 1, AsffLimits.Title);
        Assert.Equal("SecHubRootMfa", f.ProductName);
        Assert.Equal("SecHubRootMfa", f.CompanyName);
    }

    [Fact]
    public void Build_MemberWithOrganizationsName_CarriesAwsAccountNameBoundedAndWithoutControlCharacters()
    {
        var named = new RootMfaFindingBuilder(new DeploymentContext("eu-west-1", Account) { AccountName = "prod\n\u0007payments" + new string('x', 80) })
            .Build(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2), FindingHistory.None, "CLI check --org");
        var unnamed = BuildFor(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2));

        Assert.StartsWith("prodpayments", named.AwsAccountName, StringComparison.Ordinal);
        Assert.Equal(DeploymentContext.MaxAccountNameLength, named.AwsAccountName!.Length);
        Assert.Null(unnamed.AwsAccountName);
        Assert.DoesNotContain("AwsAccountName", FindingJson.Serialize(unnamed), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SummaryKeyIamDidNotReturn_SaysUnknownInProductFields()
    {
        var f = BuildFor(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 0, password: null)), PolicyProfile.Level2));

        Assert.Equal("unknown", f.ProductFields![RootMfaFindingBuilder.FieldPrefix + "AccountPasswordPresent"]);
        Assert.DoesNotContain(f.ProductFields.Values, v => v == "missing");
    }

    [Fact]
    public void Build_BlankTrigger_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => BuildFor(Virtual(1), trigger: "  "));
    }

    [Fact]
    public void Serialize_OmitsNullsAndUsesAsffNames()
    {
        var json = FindingJson.Serialize(BuildFor(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2)));

        Assert.Contains("\"SchemaVersion\":\"2018-10-08\"", json, StringComparison.Ordinal);
        Assert.Contains("\"AwsAccountId\":\"111122223333\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Region\":null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_RoundTripsABuiltFinding()
    {
        var f = BuildFor(Virtual(2));

        var back = FindingJson.Deserialize(FindingJson.Serialize(f));

        Assert.Equal(FindingJson.Serialize(f), FindingJson.Serialize(back));
    }
}
