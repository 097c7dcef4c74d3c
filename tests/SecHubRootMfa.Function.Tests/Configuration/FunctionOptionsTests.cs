using SecHubRootMfa.Function.Configuration;

namespace SecHubRootMfa.Function.Tests.Configuration;

public class FunctionOptionsTests
{
    private static FunctionOptions Parse(params (string Name, string Value)[] vars)
    {
        var map = vars.ToDictionary(v => v.Name, v => v.Value);
        return FunctionOptions.FromEnvironment(n => map.GetValueOrDefault(n));
    }

    [Fact]
    public void FromEnvironment_Defaults_UseTheLambdaRegionTheDefaultBusAndNoLevel1Accounts()
    {
        var options = Parse(("AWS_REGION", "eu-west-1"));

        Assert.Equal("eu-west-1", options.HomeRegion);
        Assert.Equal("default", options.EventBus);
        Assert.Empty(options.Level1Accounts);
    }

    [Fact]
    public void FromEnvironment_ExplicitValues_AreParsed()
    {
        var options = Parse(
            ("AWS_REGION", "us-east-1"), ("SECHUBROOTMFA_HOME_REGION", "eu-central-1"),
            ("SECHUBROOTMFA_LEVEL1_ACCOUNTS", " 111122223333, 444455556666 ,"), ("SECHUBROOTMFA_EVENT_BUS", "none"));

        Assert.Equal("eu-central-1", options.HomeRegion);
        Assert.Equal(["111122223333", "444455556666"], options.Level1Accounts.Order());
        Assert.Null(options.EventBus);
    }

    [Fact]
    public void FromEnvironment_AwsMaxAttemptsAndRetryMode_SetTheRetryPolicy()
    {
        var options = Parse(("AWS_REGION", "eu-west-1"), ("AWS_MAX_ATTEMPTS", "2"), ("AWS_RETRY_MODE", "adaptive"));

        Assert.Equal(2, options.Retry.MaxAttempts);
        Assert.Equal(Amazon.Runtime.RequestRetryMode.Adaptive, options.Retry.Mode);
    }

    [Fact]
    public void FromEnvironment_InvalidAwsMaxAttempts_IsAnInitErrorNamingIt()
    {
        var ex = Assert.Throws<FunctionConfigurationException>(() => Parse(("AWS_REGION", "eu-west-1"), ("AWS_MAX_ATTEMPTS", "50")));

        Assert.Contains("AWS_MAX_ATTEMPTS='50' is not a whole number from 1 to 11", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_EveryProblemIsNamedAtOnce()
    {
        var ex = Assert.Throws<FunctionConfigurationException>(() => Parse(
            ("SECHUBROOTMFA_HOME_REGION", "Europe"), ("SECHUBROOTMFA_LEVEL1_ACCOUNTS", "1234"),
            ("SECHUBROOTMFA_EVENT_BUS", "bus with spaces")));

        Assert.Contains("SECHUBROOTMFA_HOME_REGION='Europe'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'1234', which is not a 12-digit account id", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SECHUBROOTMFA_EVENT_BUS='bus with spaces'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_NoRegionAtAll_SaysWhatToSet()
    {
        var ex = Assert.Throws<FunctionConfigurationException>(() => Parse());

        Assert.Contains("SECHUBROOTMFA_HOME_REGION is not set", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:events:eu-west-1:111122223333:event-bus/security")]
    [InlineData("security-events")]
    public void FromEnvironment_BusNameOrArn_IsAccepted(string bus)
    {
        Assert.Equal(bus, Parse(("AWS_REGION", "eu-west-1"), ("SECHUBROOTMFA_EVENT_BUS", bus)).EventBus);
    }

    [Fact]
    public void FromEnvironment_EventRules_AreParsedFromRuleArns()
    {
        var options = Parse(("AWS_REGION", "eu-west-1"), ("SECHUBROOTMFA_EVENT_RULES",
            "arn:aws:events:eu-west-1:111122223333:rule/schedule-1, arn:aws:events:us-east-1:111122223333:rule/root-mfa-api-calls-forward-1,"
            + "arn:aws:events:eu-west-1:111122223333:rule/sechubrootmfa-dev-central/root-console-signin-central-1"));

        Assert.Equal(
            [("eu-west-1", "schedule-1", null), ("us-east-1", "root-mfa-api-calls-forward-1", null), ("eu-west-1", "root-console-signin-central-1", "sechubrootmfa-dev-central")],
            options.EventRules!.Select(r => (r.Region, r.Name, r.BusName)));
    }

    [Fact]
    public void FromEnvironment_NoEventRules_LeavesThemUnchecked() =>
        Assert.Null(Parse(("AWS_REGION", "eu-west-1")).EventRules);

    [Theory]
    [InlineData("arn:aws:events:eu-west-1:111122223333:schedule/x")]
    [InlineData("arn:aws-cn:events:cn-north-1:111122223333:rule/x")]
    [InlineData("root-mfa-api-calls")]
    public void FromEnvironment_InvalidEventRule_IsAnInitErrorNamingIt(string value)
    {
        var ex = Assert.Throws<FunctionConfigurationException>(() => Parse(("AWS_REGION", "eu-west-1"), ("SECHUBROOTMFA_EVENT_RULES", value)));

        Assert.Contains($"SECHUBROOTMFA_EVENT_RULES contains '{value}'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(",")]
    [InlineData(" , ,")]
    public void FromEnvironment_EventRulesNamingNoRule_IsAnInitErrorNotAnEmptyListThatChecksNothing(string value)
    {
        var ex = Assert.Throws<FunctionConfigurationException>(() => Parse(("AWS_REGION", "eu-west-1"), ("SECHUBROOTMFA_EVENT_RULES", value)));

        Assert.Contains("SECHUBROOTMFA_EVENT_RULES=", ex.Message, StringComparison.Ordinal);
        Assert.Contains("names no rule ARN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_OrgMemberForwardRulesAndQueue_AreParsedAndValidated()
    {
        var org = Parse(("AWS_REGION", "eu-west-1"), ("SECHUBROOTMFA_MODE", "org"), ("SECHUBROOTMFA_AUDIT_EXTERNAL_ID", "ext-0001"),
            ("SECHUBROOTMFA_MEMBER_FORWARD_RULES", "sechubrootmfa-root-mfa-api-calls-forward,sechubrootmfa-root-console-signin-forward"),
            ("SECHUBROOTMFA_MEMBER_FORWARD_DLQ", "sechubrootmfa-forward-dlq")).Org!;
        var bad = Assert.Throws<FunctionConfigurationException>(() => Parse(("AWS_REGION", "eu-west-1"), ("SECHUBROOTMFA_MODE", "org"),
            ("SECHUBROOTMFA_AUDIT_EXTERNAL_ID", "ext-0001"), ("SECHUBROOTMFA_MEMBER_FORWARD_RULES", "bad name"), ("SECHUBROOTMFA_MEMBER_FORWARD_DLQ", "q.fifo.x")));

        Assert.Equal(["sechubrootmfa-root-mfa-api-calls-forward", "sechubrootmfa-root-console-signin-forward"], org.MemberForwardRules);
        Assert.Equal("sechubrootmfa-forward-dlq", org.MemberForwardQueue);
        Assert.Contains("SECHUBROOTMFA_MEMBER_FORWARD_RULES contains 'bad name'", bad.Message, StringComparison.Ordinal);
        Assert.Contains("SECHUBROOTMFA_MEMBER_FORWARD_DLQ='q.fifo.x'", bad.Message, StringComparison.Ordinal);
    }
}
