using SecHubRootMfa.Aws.CloudTrail.Model;
using SecHubRootMfa.Aws.EventBridge.Model;

namespace SecHubRootMfa.Aws.Tests.Moto;

/// <summary>The CloudTrail client and EventBridge DescribeRule against moto's own CloudTrail and EventBridge.</summary>
[Collection(MotoGroup.Name)]
public sealed class CloudTrailMotoTests(MotoServerFixture moto) : IAsyncLifetime
{
    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DescribeTrails_InUsEast1_ListsAMultiRegionTrailOfAnotherRegionAsAShadowTrail()
    {
        await MotoSeeder.CreateBucketAsync(moto, "trail-logs-shadow");
        await MotoSeeder.CloudTrailAsync(moto, "CreateTrail",
            """{"Name":"org-wide","S3BucketName":"trail-logs-shadow","IsMultiRegionTrail":true,"IncludeGlobalServiceEvents":true}""", "eu-west-1");
        using var cloudTrail = new AwsClientFactory(moto.Options("us-east-1")).CreateCloudTrail();

        var trails = (await cloudTrail.DescribeTrailsAsync(new DescribeTrailsRequest { IncludeShadowTrails = true })).TrailList;

        var trail = Assert.Single(trails);
        Assert.Equal(("org-wide", "eu-west-1", true), (trail.Name, trail.HomeRegion, trail.IsMultiRegionTrail));
        Assert.Equal($"arn:aws:cloudtrail:eu-west-1:{MotoServerFixture.AccountId}:trail/org-wide", trail.TrailARN);
    }

    [Fact]
    public async Task GetTrailStatus_FollowsStartAndStopLogging()
    {
        await MotoSeeder.CreateBucketAsync(moto, "trail-logs-status");
        await MotoSeeder.CloudTrailAsync(moto, "CreateTrail", """{"Name":"main","S3BucketName":"trail-logs-status","IsMultiRegionTrail":true}""", "us-east-1");
        using var cloudTrail = new AwsClientFactory(moto.Options("us-east-1")).CreateCloudTrail();
        var arn = $"arn:aws:cloudtrail:us-east-1:{MotoServerFixture.AccountId}:trail/main";

        await MotoSeeder.CloudTrailAsync(moto, "StartLogging", """{"Name":"main"}""", "us-east-1");
        var started = await cloudTrail.GetTrailStatusAsync(new GetTrailStatusRequest { Name = arn });
        await MotoSeeder.CloudTrailAsync(moto, "StopLogging", """{"Name":"main"}""", "us-east-1");
        var stopped = await cloudTrail.GetTrailStatusAsync(new GetTrailStatusRequest { Name = arn });

        Assert.Equal((true, false), (started.IsLogging, stopped.IsLogging));
        Assert.NotNull(started.StartLoggingTime);
        Assert.NotNull(stopped.StopLoggingTime);
    }

    [Fact]
    public async Task GetEventSelectors_ReadsAdvancedSelectorsAsPut()
    {
        await MotoSeeder.CreateBucketAsync(moto, "trail-logs-selectors");
        await MotoSeeder.CloudTrailAsync(moto, "CreateTrail", """{"Name":"narrow","S3BucketName":"trail-logs-selectors"}""", "us-east-1");
        await MotoSeeder.CloudTrailAsync(moto, "PutEventSelectors", """
            {"TrailName":"narrow","AdvancedEventSelectors":[{"Name":"no IAM","FieldSelectors":[
              {"Field":"eventCategory","Equals":["Management"]},{"Field":"eventSource","NotEquals":["iam.amazonaws.com"]}]}]}
            """, "us-east-1");
        using var cloudTrail = new AwsClientFactory(moto.Options("us-east-1")).CreateCloudTrail();

        var response = await cloudTrail.GetEventSelectorsAsync(new GetEventSelectorsRequest { TrailName = "narrow" });

        var selector = Assert.Single(response.AdvancedEventSelectors);
        Assert.Equal("no IAM", selector.Name);
        Assert.Equal(["iam.amazonaws.com"], selector.FieldSelectors.Single(f => f.Field == "eventSource").NotEquals!);
    }

    [Fact]
    public async Task DescribeRule_ReadsEnabledAndDisabledStatesAndAMissingRuleIsResourceNotFound()
    {
        await MotoSeeder.JsonAsync(moto, "events", "AWSEvents.PutRule", "1.1", """{"Name":"forward","EventPattern":"{\"source\":[\"aws.iam\"]}"}""", "us-east-1");
        using var events = new AwsClientFactory(moto.Options("us-east-1")).CreateEventBridge();

        var enabled = await events.DescribeRuleAsync(new DescribeRuleRequest { Name = "forward" });
        await MotoSeeder.JsonAsync(moto, "events", "AWSEvents.DisableRule", "1.1", """{"Name":"forward"}""", "us-east-1");
        var disabled = await events.DescribeRuleAsync(new DescribeRuleRequest { Name = "forward" });

        Assert.Equal(("ENABLED", "DISABLED"), (enabled.State, disabled.State));
        Assert.Equal($"arn:aws:events:us-east-1:{MotoServerFixture.AccountId}:rule/forward", enabled.Arn);
        await Assert.ThrowsAsync<EventBridge.ResourceNotFoundException>(() => events.DescribeRuleAsync(new DescribeRuleRequest { Name = "gone" }));
    }
}
