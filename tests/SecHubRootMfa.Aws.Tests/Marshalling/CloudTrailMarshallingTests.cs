using System.Net;
using System.Text;
using SecHubRootMfa.Aws.CloudTrail;
using SecHubRootMfa.Aws.CloudTrail.Internal;
using SecHubRootMfa.Aws.CloudTrail.Model;
using SecHubRootMfa.Aws.EventBridge.Internal;
using SecHubRootMfa.Aws.EventBridge.Model;
using static SecHubRootMfa.Aws.Tests.Marshalling.PayloadHarness;

namespace SecHubRootMfa.Aws.Tests.Marshalling;

public sealed class CloudTrailMarshallingTests
{
    private const string Target = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";

    [Fact]
    public void DescribeTrailsMarshaller_WithShadowTrails_WritesTheApisLowerCaseNamesAndTarget()
    {
        var request = DescribeTrailsRequestMarshaller.Instance.Marshall(new DescribeTrailsRequest { IncludeShadowTrails = true });

        Assert.Equal($"{Target}.DescribeTrails", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        Assert.Equal("""{"includeShadowTrails":true}""", Encoding.UTF8.GetString(request.Content));
    }

    [Fact]
    public void GetTrailStatusAndGetEventSelectorsMarshallers_SendTheTrailArn()
    {
        const string arn = "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail";
        var status = GetTrailStatusRequestMarshaller.Instance.Marshall(new GetTrailStatusRequest { Name = arn });
        var selectors = GetEventSelectorsRequestMarshaller.Instance.Marshall(new GetEventSelectorsRequest { TrailName = arn });

        Assert.Equal(($"{Target}.GetTrailStatus", $$"""{"Name":"{{arn}}"}"""), (status.Headers["X-Amz-Target"], Encoding.UTF8.GetString(status.Content)));
        Assert.Equal(($"{Target}.GetEventSelectors", $$"""{"TrailName":"{{arn}}"}"""), (selectors.Headers["X-Amz-Target"], Encoding.UTF8.GetString(selectors.Content)));
    }

    [Fact]
    public void DescribeTrailsUnmarshaller_AwsCliExample_ReadsBothSingleRegionTrailsOfUsEast1()
    {
        var response = (DescribeTrailsResponse)UnmarshallJson(DescribeTrailsResponseUnmarshaller.Instance, "CloudTrail/DescribeTrails.json");

        Assert.Equal(["Trail1", "Trail2"], response.TrailList.Select(t => t.Name));
        var first = response.TrailList[0];
        Assert.Equal(("arn:aws:cloudtrail:us-east-1:123456789012:trail/Trail1", "us-east-1", false, true, null),
            (first.TrailARN, first.HomeRegion, first.IsMultiRegionTrail, first.IncludeGlobalServiceEvents, first.IsOrganizationTrail));
    }

    [Fact]
    public void DescribeTrailsUnmarshaller_OrganizationShadowTrail_KeepsItsHomeRegionAndOrganizationFlag()
    {
        var trail = Assert.Single(((DescribeTrailsResponse)UnmarshallJson(
            DescribeTrailsResponseUnmarshaller.Instance, "CloudTrail/DescribeTrails-organization-shadow.json")).TrailList);

        Assert.Equal(("eu-west-1", true, true, false), (trail.HomeRegion, trail.IsMultiRegionTrail, trail.IsOrganizationTrail, trail.HasCustomEventSelectors));
    }

    [Fact]
    public void GetTrailStatusUnmarshaller_AwsCliExample_ReadsIsLoggingAndEpochSecondTimes()
    {
        var response = (GetTrailStatusResponse)UnmarshallJson(GetTrailStatusResponseUnmarshaller.Instance, "CloudTrail/GetTrailStatus.json");

        Assert.True(response.IsLogging);
        Assert.Equal(new DateTime(2015, 11, 6, 18, 36, 38, 695, DateTimeKind.Utc), response.StartLoggingTime);
        Assert.Equal(new DateTime(2016, 1, 28, 23, 2, 24, 869, DateTimeKind.Utc), response.LatestDeliveryTime);
    }

    [Fact]
    public void GetEventSelectorsUnmarshaller_AwsCliExample_ReadsTheBasicSelector()
    {
        var response = (GetEventSelectorsResponse)UnmarshallJson(GetEventSelectorsResponseUnmarshaller.Instance, "CloudTrail/GetEventSelectors.json");

        var selector = Assert.Single(response.EventSelectors);
        Assert.Equal(("All", true, 0), (selector.ReadWriteType, selector.IncludeManagementEvents, selector.DataResourceCount));
        Assert.Empty(response.AdvancedEventSelectors);
    }

    [Fact]
    public void GetEventSelectorsUnmarshaller_AdvancedSelectors_KeepEveryOperator()
    {
        var response = (GetEventSelectorsResponse)UnmarshallJson(GetEventSelectorsResponseUnmarshaller.Instance, "CloudTrail/GetEventSelectors-advanced.json");

        Assert.Empty(response.EventSelectors);
        var management = response.AdvancedEventSelectors[0].FieldSelectors;
        Assert.Equal(["eventCategory", "readOnly", "eventSource"], management.Select(f => f.Field));
        Assert.Equal(["Management"], management[0].EqualsValues!);
        Assert.Equal(["kms.amazonaws.com"], management[2].NotEquals!);
        Assert.Equal(["arn:aws:s3:::amzn-s3-demo-bucket/"], response.AdvancedEventSelectors[1].FieldSelectors[2].StartsWith!);
    }

    [Fact]
    public void CloudTrailErrors_AccessDeniedAndTrailNotFound_AreTypedWithWhatToGrant()
    {
        var denied = UnmarshallJsonError(GetTrailStatusResponseUnmarshaller.Instance, "CloudTrail/Error-AccessDenied.json", HttpStatusCode.BadRequest,
            new() { ["x-amzn-RequestId"] = "req-ct-1" });
        var missing = UnmarshallJsonError(GetEventSelectorsResponseUnmarshaller.Instance, "CloudTrail/Error-TrailNotFound.json", HttpStatusCode.BadRequest);

        var typed = Assert.IsType<AccessDeniedException>(denied);
        Assert.Contains("Grant the caller cloudtrail:GetTrailStatus", typed.Message, StringComparison.Ordinal);
        Assert.Equal("req-ct-1", typed.RequestId);
        Assert.IsType<TrailNotFoundException>(missing);
    }

    [Fact]
    public void DescribeRule_MarshalsNameAndBusAndReadsTheDisabledState()
    {
        var request = DescribeRuleRequestMarshaller.Instance.Marshall(new DescribeRuleRequest { Name = "root-mfa-api-calls-central", EventBusName = "sechubrootmfa-dev-central" });
        var response = (DescribeRuleResponse)UnmarshallJson(DescribeRuleResponseUnmarshaller.Instance, "EventBridge/DescribeRule-disabled.json");

        Assert.Equal("AWSEvents.DescribeRule", request.Headers["X-Amz-Target"]);
        Assert.Equal("""{"Name":"root-mfa-api-calls-central","EventBusName":"sechubrootmfa-dev-central"}""", Encoding.UTF8.GetString(request.Content));
        Assert.Equal(("DISABLED", "default"), (response.State, response.EventBusName));
    }
}
