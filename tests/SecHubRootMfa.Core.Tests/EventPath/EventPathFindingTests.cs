using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.EventPath;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Tests.Support;
using static SecHubRootMfa.Core.Tests.Support.Observations;

namespace SecHubRootMfa.Core.Tests.EventPath;

public sealed class EventPathFindingTests
{
    private static readonly EventPathHealth Blind = EventPathHealth.Of(
        EventPathStatus.Blind, "trail main is not logging (stopped); 2 EventBridge rule(s) enabled", new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    private static AwsSecurityFinding Build(EventPathHealth? eventPath, RootMfaEvaluation? evaluation = null) =>
        new RootMfaFindingBuilder(GoldenCases.Context).Build(
            evaluation ?? RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2), FindingHistory.None, "Scheduled Event", eventPath: eventPath);

    [Fact]
    public void Finding_CarriesTheEventPathInProductFieldsAndOneSentence_WithoutChangingCompliance()
    {
        var finding = Build(Blind);
        var without = Build(null);

        Assert.Equal(("blind", "trail main is not logging (stopped); 2 EventBridge rule(s) enabled", "2026-11-30T12:00:00.000Z"),
            (finding.ProductFields!["SecHubRootMfa/EventPath"], finding.ProductFields["SecHubRootMfa/EventPathReason"], finding.ProductFields["SecHubRootMfa/EventPathCheckedAt"]));
        Assert.EndsWith(
            "Event path (trail and rules that re-check on every root MFA change) blind as of 2026-11-30T12:00:00.000Z: trail main is not logging (stopped); 2 EventBridge rule(s) enabled. Until it is fixed, changes are seen only by the scheduled evaluation.",
            finding.Description, StringComparison.Ordinal);
        Assert.Equal((without.Compliance!.Status, without.Severity!.Label), (finding.Compliance!.Status, finding.Severity!.Label));
        Assert.False(without.ProductFields!.ContainsKey("SecHubRootMfa/EventPath"));
    }

    [Fact]
    public void StoredFinding_GivesBackTheEventPathWithWhenItWasChecked()
    {
        var stored = FindingFields.Read(Build(Blind).ProductFields);

        Assert.Equal(Blind, stored.EventPath);
    }

    [Fact]
    public void EventPathSentence_SurvivesTheLongestDeviceList_AndTheDescriptionStaysInItsLimit()
    {
        var serials = Enumerable.Range(0, 40).Select(i => RootVirtual($"device-{i:D2}-{new string('x', 40)}")).ToArray();
        var longest = EventPathHealth.Of(EventPathStatus.Unknown, new string('r', 2000), DateTimeOffset.UnixEpoch);

        var finding = Build(longest, RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1), serials), PolicyProfile.Level2));

        Assert.True(finding.Description!.Length <= AsffLimits.Description);
        Assert.EndsWith("Whether changes are seen before the scheduled evaluation is not known.", finding.Description, StringComparison.Ordinal);
        Assert.Contains("VIRTUAL_MFA_ON_ROOT", finding.Description, StringComparison.Ordinal);
    }
}
