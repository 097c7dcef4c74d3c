using System.Text.Json.Nodes;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Tests.Support;
using SecHubRootMfa.Core.Tests.Support.Asff;
using static SecHubRootMfa.Core.Tests.Support.MemberReachabilityCases;

namespace SecHubRootMfa.Core.Tests.Findings;

public class MemberReachabilityFindingBuilderTests
{
    public static TheoryData<string> GoldenNames => Names;

    // The tests' own ASFF validator (botocore's model and AWS's documented limits), as for the root MFA findings.
    private static void AssertValidAsff(AwsSecurityFinding f)
    {
        var problems = AsffValidator.Default.ValidateJson(FindingJson.Serialize(f));
        Assert.True(problems.Count == 0, "ASFF problems:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void GoldenFiles_AreValidAsff()
    {
        var files = Directory.GetFiles(RepoPaths.GoldenDir, "member-reachability-*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(All.Count, files.Length);

        var problems = AsffValidator.Default.ValidateFiles(files);

        Assert.True(problems.Count == 0, "ASFF problems:\n" + string.Join('\n', problems));
    }

    private static MemberReachability Unreachable(MemberFailure failure, string trigger = "Scheduled Event") =>
        MemberReachability.Next(null, new MemberAttempt(Member, T0, trigger, failure), Grace);

    [Fact]
    public void Build_UnreachableMember_IsAnAdministratorFindingAboutTheMemberAccountResource()
    {
        var f = All["unreachable-role-refused"];

        Assert.Equal("sechubrootmfa/aws/999988887777/member-reachability/111122223333", f.Id);
        Assert.Equal("999988887777", f.AwsAccountId);
        Assert.Equal("arn:aws:securityhub:eu-west-1:999988887777:product/999988887777/default", f.ProductArn);
        var resource = Assert.Single(f.Resources!);
        Assert.Equal(("AwsAccount", "AWS::::Account:111122223333", "aws", "eu-west-1"), (resource.Type, resource.Id, resource.Partition, resource.Region));
        Assert.Equal(("FAILED", "HIGH", "HIGH"), (f.Compliance!.Status, f.Severity!.Label, f.FindingProviderFields!.Severity!.Label));
        Assert.Equal("MEMBER_ROLE_NOT_ASSUMABLE", f.Compliance.StatusReasons![0].ReasonCode);
        Assert.Equal("ACTIVE", f.RecordState);
        Assert.StartsWith("Member account 111122223333 (payments-prod) is UNREACHABLE since 2026-11-28T04:00:00.123Z", f.Description, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", f.Description, StringComparison.Ordinal);
        Assert.Contains("StackSet", f.Remediation!.Recommendation!.Text, StringComparison.Ordinal);
        Assert.Equal("sechubrootmfa/aws/111122223333/root-user-hardware-mfa", f.ProductFields!["SecHubRootMfa/MemberFindingId"]);
    }

    [Fact]
    public void Build_ReachableAgain_SameIdPassedInformationalSayingSinceWhenAndTheEndedPeriod()
    {
        var f = All["reachable-again"];

        Assert.Equal(All["unreachable-role-refused"].Id, f.Id);
        Assert.Equal(("PASSED", "INFORMATIONAL", "MEMBER_REACHABLE", "ACTIVE"),
            (f.Compliance!.Status, f.Severity!.Label, f.Compliance.StatusReasons![0].ReasonCode, f.RecordState));
        Assert.StartsWith("Member account 111122223333 (payments-prod) is reachable since 2026-11-28T16:00:00.123Z", f.Description, StringComparison.Ordinal);
        Assert.Contains("It was unreachable from 2026-11-28T04:00:00.123Z until then", f.Description, StringComparison.Ordinal);
        Assert.Equal(("2026-11-28T04:00:00.123Z", "2026-11-28T16:00:00.123Z"), (f.CreatedAt, f.UpdatedAt));
    }

    [Fact]
    public void Build_UnconfirmedMember_IsNotAvailableLowAndNamesWhenItWouldCountAsUnreachable()
    {
        var f = All["unconfirmed-transient"];

        Assert.Equal(("NOT_AVAILABLE", "LOW"), (f.Compliance!.Status, f.Severity!.Label));
        Assert.Equal("2026-11-28T05:00:00.123Z", f.ProductFields!["SecHubRootMfa/UnreachableFrom"]);
        Assert.Contains("until 2026-11-28T05:00:00.123Z", f.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MemberFailureStage.EnterAccount, "MEMBER_ROLE_NOT_ASSUMABLE", "external id")]
    [InlineData(MemberFailureStage.ReadFinding, "MEMBER_SECURITY_HUB_UNREADABLE", "enable-security-hub")]
    [InlineData(MemberFailureStage.ImportFinding, "MEMBER_IMPORT_REFUSED", "previous finding was kept")]
    [InlineData(MemberFailureStage.CompleteCheck, "MEMBER_CHECK_INCOMPLETE", "account.failed")]
    public void Build_EachFailedStep_HasItsReasonCodeAndStepsThatFitUncut(MemberFailureStage stage, string reason, string step)
    {
        var r = Unreachable(new MemberFailure(stage, false, "cause"));
        var text = MemberReachabilityRemediation.TextFor(r, "ap-southeast-2");

        var f = Builder.Build(r, FindingHistory.None, Grace);

        Assert.Equal(reason, f.Compliance!.StatusReasons![0].ReasonCode);
        Assert.InRange(text.Length, 1, AsffLimits.RecommendationText);
        Assert.Contains(step, text, StringComparison.Ordinal);
        Assert.DoesNotContain(AsffText.Ellipsis, f.Remediation!.Recommendation!.Text!);
    }

    [Fact]
    public void Build_ForEveryStateAnAnalystFilteringFailedNotAvailableOrHighSeesOnlyNonReachableMembers()
    {
        foreach (var state in Enum.GetValues<MemberReachState>())
        {
            var visible = MemberReachabilityFindingBuilder.StatusOf(state) is ComplianceStatus.Failed or ComplianceStatus.NotAvailable
                || MemberReachabilityFindingBuilder.SeverityOf(state) >= SeverityLabel.High;
            Assert.Equal(state != MemberReachState.Reachable, visible);
        }

        Assert.Equal((ComplianceStatus.Failed, SeverityLabel.High),
            (MemberReachabilityFindingBuilder.StatusOf(MemberReachState.Unreachable), MemberReachabilityFindingBuilder.SeverityOf(MemberReachState.Unreachable)));
    }

    [Fact]
    public void Build_HugeHtmlCauseTriggerAndName_StaysWithinEveryAsffLimitAndKeepsTheDecisiveHead()
    {
        var cause = "<html><body>" + string.Concat(Enumerable.Repeat("<p>proxy error</p>\r\n", 20_000)) + "</body></html>";
        var r = Unreachable(new MemberFailure(MemberFailureStage.EnterAccount, false, cause), new string('T', 10_000));
        r = r with { PreviousFailure = new MemberFailure(MemberFailureStage.ReadFinding, false, cause), PreviouslyUnreachableSince = T0 };

        var f = Builder.Build(r, FindingHistory.None, Grace, new string('n', 500) + "\u0007");

        AssertValidAsff(f);
        Assert.StartsWith("Member account 111122223333 (nnnn", f.Description, StringComparison.Ordinal);
        Assert.Contains("is UNREACHABLE since 2026-11-28T04:00:00.123Z", f.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", f.ProductFields![MemberReachabilityFields.FailureCauseKey], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(GoldenNames))]
    public void Build_EveryGoldenCase_StaysWithinEveryAsffLimit(string name) => AssertValidAsff(All[name]);

    [Fact]
    public void Build_SameInputs_GiveByteIdenticalJson()
    {
        var r = Unreachable(RoleRefused);

        Assert.Equal(FindingJson.Serialize(Builder.Build(r, FindingHistory.None, Grace)), FindingJson.Serialize(Builder.Build(r, FindingHistory.None, Grace)));
    }

    [Theory]
    [MemberData(nameof(GoldenNames))]
    public void Build_MatchesTheGoldenFinding(string name) =>
        GoldenFiles.AssertMatches($"member-reachability-{name}.json", JsonNode.Parse(FindingJson.Serialize(All[name]))!);
}
