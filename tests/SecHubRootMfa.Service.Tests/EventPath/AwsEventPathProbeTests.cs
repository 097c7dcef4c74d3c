using System.Net;
using Amazon.Runtime;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SecHubRootMfa.Aws.CloudTrail;
using SecHubRootMfa.Aws.CloudTrail.Model;
using SecHubRootMfa.Aws.EventBridge;
using SecHubRootMfa.Aws.EventBridge.Model;
using SecHubRootMfa.Core.EventPath;
using SecHubRootMfa.Service.Adapters;
using CtAccessDenied = SecHubRootMfa.Aws.CloudTrail.AccessDeniedException;

namespace SecHubRootMfa.Service.Tests.EventPath;

/// <summary>The probe over stubbed CloudTrail and EventBridge clients: what it reads where, and how failures read.</summary>
public sealed class AwsEventPathProbeTests
{
    private const string TrailArn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/main";
    private static readonly EventRuleReference Rule = new("us-east-1", "root-mfa-api-calls-1234567");

    private readonly IAmazonCloudTrail _usEast1 = Substitute.For<IAmazonCloudTrail>();
    private readonly IAmazonCloudTrail _euWest1 = Substitute.For<IAmazonCloudTrail>();
    private readonly IAmazonEventBridge _events = Substitute.For<IAmazonEventBridge>();

    public AwsEventPathProbeTests()
    {
        _usEast1.DescribeTrailsAsync(Arg.Any<DescribeTrailsRequest>(), Arg.Any<CancellationToken>()).Returns(new DescribeTrailsResponse
        {
            TrailList = [new Trail { Name = "main", TrailARN = TrailArn, HomeRegion = "us-east-1", IsMultiRegionTrail = true, IncludeGlobalServiceEvents = true }],
        });
        _usEast1.GetTrailStatusAsync(Arg.Any<GetTrailStatusRequest>(), Arg.Any<CancellationToken>()).Returns(new GetTrailStatusResponse { IsLogging = true });
        _usEast1.GetEventSelectorsAsync(Arg.Any<GetEventSelectorsRequest>(), Arg.Any<CancellationToken>()).Returns(new GetEventSelectorsResponse
        {
            EventSelectors = [new EventSelector { ReadWriteType = "All", IncludeManagementEvents = true }],
        });
        _events.DescribeRuleAsync(Arg.Any<DescribeRuleRequest>(), Arg.Any<CancellationToken>()).Returns(new DescribeRuleResponse { State = "ENABLED" });
    }

    private AwsEventPathProbe Probe(IReadOnlyList<EventRuleReference>? rules = null) => new(
        r => r == "eu-west-1" ? _euWest1 : _usEast1, _ => _events, null,
        new EventPathTargets("us-east-1") { Rules = rules ?? [Rule] }, TimeProvider.System);

    private static CtAccessDenied Denied(string operation) => new CtAccessDenied(
        $"User is not authorized to perform: {operation}", null, ErrorType.Sender, "AccessDeniedException", "req-1", HttpStatusCode.BadRequest);

    [Fact]
    public async Task HealthyMultiRegionTrail_AndEnabledRules_AreLive()
    {
        var health = await Probe().CheckAsync(CancellationToken.None);

        Assert.Equal(EventPathStatus.Live, health.Status);
        await _usEast1.Received(1).DescribeTrailsAsync(Arg.Is<DescribeTrailsRequest>(r => r.IncludeShadowTrails == true), Arg.Any<CancellationToken>());
        await _usEast1.Received(1).GetTrailStatusAsync(Arg.Is<GetTrailStatusRequest>(r => r.Name == TrailArn), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AccessDeniedOnGetTrailStatus_IsUnknownWithTheCause()
    {
        _usEast1.GetTrailStatusAsync(Arg.Any<GetTrailStatusRequest>(), Arg.Any<CancellationToken>()).ThrowsAsync(Denied("cloudtrail:GetTrailStatus"));

        var health = await Probe().CheckAsync(CancellationToken.None);

        Assert.Equal(EventPathStatus.Unknown, health.Status);
        Assert.Contains("Access denied for cloudtrail:GetTrailStatus in us-east-1", health.Reason, StringComparison.Ordinal);
        Assert.Contains("request req-1", health.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProxyAnsweringHtml_IsUnknownWithAShortPlainCause()
    {
        var html = "<!DOCTYPE html><html><head><style>body{}</style></head><body><h1>Access to this site is blocked</h1>" + new string('x', 5000) + "</body></html>";
        _usEast1.DescribeTrailsAsync(Arg.Any<DescribeTrailsRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AmazonCloudTrailException(html, null, ErrorType.Unknown, null, null, HttpStatusCode.Forbidden));

        var health = await Probe().CheckAsync(CancellationToken.None);

        Assert.Equal(EventPathStatus.Unknown, health.Status);
        Assert.Contains("Access to this site is blocked", health.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("<", health.Reason, StringComparison.Ordinal);
        Assert.True(health.Reason.Length <= EventPathHealth.MaxReasonLength);
    }

    [Fact]
    public async Task DisabledRule_IsBlind_AndAMissingOneTooWhileOthersAreRead()
    {
        var gone = new EventRuleReference("eu-west-1", "schedule-7654321");
        _events.DescribeRuleAsync(Arg.Is<DescribeRuleRequest>(r => r.Name == Rule.Name), Arg.Any<CancellationToken>())
            .Returns(new DescribeRuleResponse { State = "DISABLED" });
        _events.DescribeRuleAsync(Arg.Is<DescribeRuleRequest>(r => r.Name == gone.Name), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ResourceNotFoundException("Rule schedule-7654321 does not exist.", null, ErrorType.Sender, "ResourceNotFoundException", "r", HttpStatusCode.BadRequest));

        var health = await Probe([Rule, gone]).CheckAsync(CancellationToken.None);

        Assert.Equal(EventPathStatus.Blind, health.Status);
        Assert.StartsWith("rule root-mfa-api-calls-1234567 (us-east-1) is DISABLED; rule schedule-7654321 (eu-west-1) does not exist", health.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomBusRule_IsDescribedOnItsBus()
    {
        var central = new EventRuleReference("eu-west-1", "root-mfa-api-calls-central-1", "sechubrootmfa-dev-central");

        await Probe([central]).CheckAsync(CancellationToken.None);

        await _events.Received(1).DescribeRuleAsync(
            Arg.Is<DescribeRuleRequest>(r => r.Name == central.Name && r.EventBusName == "sechubrootmfa-dev-central"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ShadowTrailOfAnotherRegion_ItsStatusIsReadHereByArn_AndItsSelectorsWhereItLives()
    {
        const string shadow = "arn:aws:cloudtrail:eu-west-1:999988887777:trail/org-trail";
        _usEast1.DescribeTrailsAsync(Arg.Any<DescribeTrailsRequest>(), Arg.Any<CancellationToken>()).Returns(new DescribeTrailsResponse
        {
            TrailList = [new Trail { Name = "org-trail", TrailARN = shadow, HomeRegion = "eu-west-1", IsMultiRegionTrail = true, IsOrganizationTrail = true, IncludeGlobalServiceEvents = true }],
        });
        _euWest1.GetEventSelectorsAsync(Arg.Any<GetEventSelectorsRequest>(), Arg.Any<CancellationToken>()).Returns(new GetEventSelectorsResponse
        {
            EventSelectors = [new EventSelector { ReadWriteType = "WriteOnly", IncludeManagementEvents = true }],
        });

        var health = await Probe().CheckAsync(CancellationToken.None);

        Assert.Equal(EventPathStatus.Live, health.Status);
        Assert.Contains("(organization trail)", health.Reason, StringComparison.Ordinal);
        await _usEast1.Received(1).GetTrailStatusAsync(Arg.Is<GetTrailStatusRequest>(r => r.Name == shadow), Arg.Any<CancellationToken>());
        await _euWest1.Received(1).GetEventSelectorsAsync(Arg.Is<GetEventSelectorsRequest>(r => r.TrailName == shadow), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task OrganizationTrailWithoutCustomSelectors_SeenFromAMember_IsLiveThoughTheSelectorCallIsRefused()
    {
        // AWS documents that a trail created without event selectors logs all read and write management events;
        // GetEventSelectors on the management account's trail is refused to a member (CloudTrailARNInvalidException).
        MemberSeesTheOrganizationTrail(hasCustomEventSelectors: false);

        var health = await Probe().CheckAsync(CancellationToken.None);

        Assert.Equal(EventPathStatus.Live, health.Status);
    }

    [Fact]
    public async Task OrganizationTrailWithCustomSelectors_SeenFromAMember_IsUnknownNamingTheAccountThatCanReadThem()
    {
        MemberSeesTheOrganizationTrail(hasCustomEventSelectors: true);

        var health = await Probe().CheckAsync(CancellationToken.None);

        Assert.Equal(EventPathStatus.Unknown, health.Status);
        Assert.Contains("readable only in the account that owns it, 999988887777", health.Reason, StringComparison.Ordinal);
    }

    private void MemberSeesTheOrganizationTrail(bool hasCustomEventSelectors)
    {
        const string shadow = "arn:aws:cloudtrail:eu-west-1:999988887777:trail/org-trail";
        _usEast1.DescribeTrailsAsync(Arg.Any<DescribeTrailsRequest>(), Arg.Any<CancellationToken>()).Returns(new DescribeTrailsResponse
        {
            TrailList = [new Trail
            {
                Name = "org-trail", TrailARN = shadow, HomeRegion = "eu-west-1", IsMultiRegionTrail = true, IsOrganizationTrail = true,
                HasCustomEventSelectors = hasCustomEventSelectors,
            }],
        });
        _euWest1.GetEventSelectorsAsync(Arg.Any<GetEventSelectorsRequest>(), Arg.Any<CancellationToken>()).ThrowsAsync(new CloudTrailARNInvalidException(
            "AccountID in ARN is wrong, you can only access resources with AccountID 111122223333", null, ErrorType.Sender,
            "CloudTrailARNInvalidException", "req-1", HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task RulesNotKnown_AreReportedAsNotChecked()
    {
        var probe = new AwsEventPathProbe(_ => _usEast1, _ => _events, null,
            new EventPathTargets("us-east-1") { RulesNotChecked = "the CLI does not know the deployment's rules" }, TimeProvider.System);

        var health = await probe.CheckAsync(CancellationToken.None);

        Assert.Equal(EventPathStatus.Unknown, health.Status);
        Assert.StartsWith("EventBridge rules not checked: the CLI does not know the deployment's rules; trail main", health.Reason, StringComparison.Ordinal);
        await _events.DidNotReceiveWithAnyArgs().DescribeRuleAsync(default!, default);
    }
}
