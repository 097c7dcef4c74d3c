using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.CloudTrail;
using SecHubRootMfa.Aws.EventBridge;
using SecHubRootMfa.Aws.Tests.Moto;
using SecHubRootMfa.Core.EventPath;
using SecHubRootMfa.Service.Adapters;

namespace SecHubRootMfa.Service.Tests.EventPath;

/// <summary>The probe end to end against moto's CloudTrail and EventBridge: a trail that logs, then stops; a rule disabled.</summary>
[Collection(MotoGroup.Name)]
public sealed class EventPathMotoTests(MotoServerFixture moto) : IAsyncLifetime
{
    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static AwsEventPathProbe Probe(RegionalClients<IAmazonCloudTrail> trails, RegionalClients<IAmazonEventBridge> events) => new(
        trails.In, events.In, null,
        new EventPathTargets("us-east-1") { Rules = [EventRuleReference.TryParse($"arn:aws:events:us-east-1:{MotoServerFixture.AccountId}:rule/root-mfa-api-calls", Core.Evaluation.AwsPartition.Aws, out _)!] },
        TimeProvider.System);

    [Fact]
    public async Task MultiRegionTrailOfAnotherRegion_IsLiveWhileLogging_BlindOnceStopped_AndBlindWhenTheRuleIsDisabled()
    {
        await MotoSeeder.CreateBucketAsync(moto, "trail-logs-probe");
        await MotoSeeder.CloudTrailAsync(moto, "CreateTrail",
            """{"Name":"management-events","S3BucketName":"trail-logs-probe","IsMultiRegionTrail":true,"IncludeGlobalServiceEvents":true}""", "eu-west-1");
        await MotoSeeder.CloudTrailAsync(moto, "PutEventSelectors",
            """{"TrailName":"management-events","EventSelectors":[{"ReadWriteType":"All","IncludeManagementEvents":true}]}""", "eu-west-1");
        await MotoSeeder.CloudTrailAsync(moto, "StartLogging", """{"Name":"management-events"}""", "eu-west-1");
        await MotoSeeder.JsonAsync(moto, "events", "AWSEvents.PutRule", "1.1", """{"Name":"root-mfa-api-calls","EventPattern":"{\"source\":[\"aws.iam\"]}"}""", "us-east-1");
        using var trails = new RegionalClients<IAmazonCloudTrail>(r => new AwsClientFactory(moto.Options(r)).CreateCloudTrail());
        using var events = new RegionalClients<IAmazonEventBridge>(r => new AwsClientFactory(moto.Options(r)).CreateEventBridge());

        var live = await Probe(trails, events).CheckAsync(CancellationToken.None);
        await MotoSeeder.CloudTrailAsync(moto, "StopLogging", """{"Name":"management-events"}""", "eu-west-1");
        var stopped = await Probe(trails, events).CheckAsync(CancellationToken.None);
        await MotoSeeder.CloudTrailAsync(moto, "StartLogging", """{"Name":"management-events"}""", "eu-west-1");
        await MotoSeeder.JsonAsync(moto, "events", "AWSEvents.DisableRule", "1.1", """{"Name":"root-mfa-api-calls"}""", "us-east-1");
        var disabled = await Probe(trails, events).CheckAsync(CancellationToken.None);

        Assert.Equal(EventPathStatus.Live, live.Status);
        Assert.Equal("trail management-events (multi-region trail) is logging and records management write events from IAM and sign-in; 1 EventBridge rule(s) enabled", live.Reason);
        Assert.Equal(EventPathStatus.Blind, stopped.Status);
        Assert.StartsWith("trail management-events is not logging (stopped)", stopped.Reason, StringComparison.Ordinal);
        Assert.Equal(EventPathStatus.Blind, disabled.Status);
        Assert.StartsWith("rule root-mfa-api-calls (us-east-1) is DISABLED", disabled.Reason, StringComparison.Ordinal);
    }
}
