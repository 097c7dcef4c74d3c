using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.EventPath;

namespace SecHubRootMfa.Core.Tests.EventPath;

public sealed class EventPathAssessorTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly EventRuleReference ApiRule = new("us-east-1", "root-mfa-api-calls-1234567", Arn: "arn:aws:events:us-east-1:123456789012:rule/root-mfa-api-calls-1234567");
    private static readonly EventRuleReference SignInRule = new("us-east-1", "root-console-signin-1234567");

    private static readonly EventSelectorSet AllManagement = new([new BasicEventSelector(true, "All", [])], []);

    private static TrailObservation Healthy(string name = "main") => new(name, $"arn:aws:cloudtrail:us-east-1:123456789012:trail/{name}")
    {
        HomeRegion = "us-east-1",
        IsMultiRegion = true,
        IncludeGlobalServiceEvents = true,
        IsLogging = true,
        Selectors = AllManagement,
    };

    private static EventPathHealth Assess(TrailObservation trail, params RuleObservation[] rules) =>
        Assess([trail], rules.Length == 0 ? [new RuleObservation(ApiRule, "ENABLED"), new RuleObservation(SignInRule, "ENABLED")] : rules);

    private static EventPathHealth Assess(IReadOnlyList<TrailObservation> trails, IReadOnlyList<RuleObservation>? rules) =>
        EventPathAssessor.Assess(new EventPathObservation("us-east-1", At) { Trails = trails, Rules = rules, RulesNotChecked = rules is null ? "not known" : null });

    private static FieldCondition Equal(string field, params string[] values) => new(field) { EqualsAny = values };

    [Fact]
    public void HealthyMultiRegionTrail_AndEnabledRules_IsLive()
    {
        var health = Assess(Healthy());

        Assert.Equal(EventPathStatus.Live, health.Status);
        Assert.Contains("trail main (multi-region trail) is logging", health.Reason, StringComparison.Ordinal);
        Assert.Contains("2 EventBridge rule(s) enabled", health.Reason, StringComparison.Ordinal);
        Assert.Equal(At, health.CheckedAt);
    }

    [Fact]
    public void StoppedTrail_IsBlind()
    {
        var health = Assess(Healthy() with { IsLogging = false });

        Assert.Equal(EventPathStatus.Blind, health.Status);
        Assert.StartsWith("trail main is not logging (stopped)", health.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TrailNarrowedToReadOnlyEvents_IsBlind()
    {
        var health = Assess(Healthy() with { Selectors = new([new BasicEventSelector(true, "ReadOnly", [])], []) });

        Assert.Equal(EventPathStatus.Blind, health.Status);
        Assert.Contains("does not record management write events from iam.amazonaws.com (basic selectors: management events on, ReadOnly)", health.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "All")]
    [InlineData(null, "ReadOnly")]
    public void BasicSelectorsWithoutManagementWrites_AreBlind(bool? management, string type) =>
        Assert.Equal(EventPathStatus.Blind, Assess(Healthy() with { Selectors = new([new BasicEventSelector(management, type, [])], []) }).Status);

    [Theory]
    [InlineData(null, null)]
    [InlineData(true, "WriteOnly")]
    public void BasicSelectorDefaults_AndWriteOnly_RecordManagementWrites(bool? management, string? type) =>
        Assert.Equal(EventPathStatus.Live, Assess(Healthy() with { Selectors = new([new BasicEventSelector(management, type, [])], []) }).Status);

    [Fact]
    public void AdvancedSelectorsExcludingIam_AreBlind()
    {
        var selectors = new EventSelectorSet([], [new AdvancedEventSelector("no IAM", [Equal("eventCategory", "Management"), new FieldCondition("eventSource") { NotEquals = ["iam.amazonaws.com"] }])]);

        var health = Assess(Healthy() with { Selectors = selectors });

        Assert.Equal(EventPathStatus.Blind, health.Status);
        Assert.Contains("from iam.amazonaws.com (1 advanced selector(s))", health.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AdvancedSelectorsKeepingManagementWritesAndExcludingOnlyKms_AreLive()
    {
        var selectors = new EventSelectorSet([], [
            new AdvancedEventSelector("writes", [Equal("eventCategory", "Management"), Equal("readOnly", "false"), new FieldCondition("eventSource") { NotEquals = ["kms.amazonaws.com", "rdsdata.amazonaws.com"] }]),
            new AdvancedEventSelector("s3", [Equal("eventCategory", "Data"), Equal("resources.type", "AWS::S3::Object")]),
        ]);

        Assert.Equal(EventPathStatus.Live, Assess(Healthy() with { Selectors = selectors }).Status);
    }

    [Theory]
    [InlineData("readOnly", "true")]
    [InlineData("eventCategory", "Data")]
    public void AdvancedSelectorsDroppingWritesOrManagement_AreBlind(string field, string value)
    {
        var selectors = new EventSelectorSet([], [new AdvancedEventSelector(null, [Equal("eventCategory", "Management"), Equal(field, value)])]);

        Assert.Equal(EventPathStatus.Blind, Assess(Healthy() with { Selectors = selectors }).Status);
    }

    [Fact]
    public void AdvancedSelectorsExcludingSignInByPrefix_AreBlind()
    {
        var selectors = new EventSelectorSet([], [new AdvancedEventSelector(null, [Equal("eventCategory", "Management"), new FieldCondition("eventSource") { NotStartsWith = ["signin."] }])]);

        Assert.Contains("signin.amazonaws.com", Assess(Healthy() with { Selectors = selectors }).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AdvancedSelectorOnAFieldThisCheckDoesNotModel_IsUnknownNotLive()
    {
        var selectors = new EventSelectorSet([], [new AdvancedEventSelector(null, [Equal("eventCategory", "Management"), Equal("userIdentity.arn", "arn:aws:iam::123456789012:root")])]);

        var health = Assess(Healthy() with { Selectors = selectors });

        Assert.Equal(EventPathStatus.Unknown, health.Status);
        Assert.Contains("does not understand", health.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DisabledRule_IsBlind_AndAMissingRuleToo()
    {
        var disabled = Assess(Healthy(), new RuleObservation(ApiRule, "DISABLED"), new RuleObservation(SignInRule, "ENABLED"));
        var missing = Assess(Healthy(), new RuleObservation(ApiRule, null, Missing: true), new RuleObservation(SignInRule, "ENABLED"));

        Assert.Equal((EventPathStatus.Blind, EventPathStatus.Blind), (disabled.Status, missing.Status));
        Assert.StartsWith("rule root-mfa-api-calls-1234567 (us-east-1) is DISABLED; trail main", disabled.Reason, StringComparison.Ordinal);
        Assert.StartsWith("rule root-mfa-api-calls-1234567 (us-east-1) does not exist", missing.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RuleEnabledForAllManagementEvents_CountsAsEnabled() =>
        Assert.Equal(EventPathStatus.Live, Assess(Healthy(), new RuleObservation(ApiRule, "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")).Status);

    [Fact]
    public void UnreadableTrailStatus_IsUnknownWithTheCause()
    {
        var health = Assess(Healthy() with { IsLogging = null, StatusError = "Access denied for cloudtrail:GetTrailStatus in us-east-1: grant it to the evaluating role." });

        Assert.Equal(EventPathStatus.Unknown, health.Status);
        Assert.StartsWith("trail main: logging status not readable: Access denied for cloudtrail:GetTrailStatus", health.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OneLiveTrailBesideAStoppedOne_IsLive() =>
        Assert.Equal(EventPathStatus.Live, Assess([Healthy("old") with { IsLogging = false }, Healthy("org")], [new RuleObservation(ApiRule, "ENABLED")]).Status);

    [Fact]
    public void NoTrailAtAll_IsBlind() =>
        Assert.StartsWith("no CloudTrail trail records events in us-east-1", Assess([], [new RuleObservation(ApiRule, "ENABLED")]).Reason, StringComparison.Ordinal);

    [Fact]
    public void SingleRegionTrailOfAnotherRegion_IsBlind_AndOneWithoutGlobalServiceEventsToo()
    {
        var elsewhere = Assess(Healthy() with { IsMultiRegion = false, HomeRegion = "eu-west-1" });
        var noGlobal = Assess(Healthy() with { IsMultiRegion = false, IncludeGlobalServiceEvents = false });

        Assert.Contains("single-region trail of eu-west-1 and records nothing in us-east-1", elsewhere.Reason, StringComparison.Ordinal);
        Assert.Equal((EventPathStatus.Blind, EventPathStatus.Blind), (elsewhere.Status, noGlobal.Status));
    }

    [Fact]
    public void OrganizationTrailSeenFromAMember_IsLiveWhenItLogsEverywhere()
    {
        var org = Healthy("org-trail") with { HomeRegion = "eu-west-1", IsOrganization = true };

        Assert.Contains("(organization trail)", Assess(org).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesNotChecked_LeaveALiveTrailUnknownButSayTheTrailPart()
    {
        var health = Assess([Healthy()], null);

        Assert.Equal(EventPathStatus.Unknown, health.Status);
        Assert.Equal("EventBridge rules not checked: not known; trail main (multi-region trail) is logging and records management write events from IAM and sign-in", health.Reason);
    }

    [Fact]
    public void EmptyRuleList_IsUnknownNotLive_BecauseNoRuleWasSeenEnabled()
    {
        // An org run with no member forwarding rules or central rules configured, or SECHUBROOTMFA_EVENT_RULES=","
        // would otherwise have passed the rules part with nothing read.
        var health = EventPathAssessor.Assess(new EventPathObservation("us-east-1", At) { Trails = [Healthy()], Rules = [] });

        Assert.Equal(EventPathStatus.Unknown, health.Status);
        Assert.StartsWith("EventBridge rules not checked: none was named", health.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DeadLetterQueueWithMessages_IsBlind()
    {
        var health = EventPathAssessor.Assess(new EventPathObservation("us-east-1", At)
        {
            Trails = [Healthy()],
            Rules = [new RuleObservation(ApiRule, "ENABLED")],
            Queues = [new QueueObservation("sechubrootmfa-forward-dlq", 3)],
        });

        Assert.Equal(EventPathStatus.Blind, health.Status);
        Assert.StartsWith("3 undelivered event(s) in dead-letter queue sechubrootmfa-forward-dlq", health.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NamesFromAnswers_AreOneBoundedLine()
    {
        var health = Assess(Healthy(new string('x', 300) + "\nline") with { IsLogging = false });

        Assert.DoesNotContain('\n', health.Reason);
        Assert.True(health.Reason.Length <= EventPathHealth.MaxReasonLength);
    }

    [Theory]
    [InlineData("arn:aws:events:us-east-1:123456789012:rule/root-mfa", "us-east-1", "root-mfa", null)]
    [InlineData("arn:aws:events:eu-west-1:123456789012:rule/sechubrootmfa-dev-central/root-mfa-central", "eu-west-1", "root-mfa-central", "sechubrootmfa-dev-central")]
    public void RuleArns_ParseToRegionNameAndBus(string arn, string region, string name, string? bus)
    {
        var rule = EventRuleReference.TryParse(arn, AwsPartition.Aws, out var problem);

        Assert.Null(problem);
        Assert.Equal((region, name, bus, arn), (rule!.Region, rule.Name, rule.BusName, rule.Arn));
    }

    [Theory]
    [InlineData("arn:aws-cn:events:cn-north-1:123456789012:rule/x", "partition")]
    [InlineData("arn:aws:sqs:us-east-1:123456789012:rule/x", "not an EventBridge rule ARN")]
    [InlineData("arn:aws:events:us-east-1:12345:rule/x", "12-digit")]
    [InlineData("arn:aws:events:us-east-1:123456789012:rule/bad name", "rule name")]
    public void InvalidRuleArns_SayWhy(string arn, string why)
    {
        Assert.Null(EventRuleReference.TryParse(arn, AwsPartition.Aws, out var problem));
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }
}
