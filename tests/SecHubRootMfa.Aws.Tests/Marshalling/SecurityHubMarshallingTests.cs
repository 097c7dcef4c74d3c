using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Aws.SecurityHub.Internal;
using SecHubRootMfa.Aws.SecurityHub.Model;
using SecHubRootMfa.Core.Findings;
using static SecHubRootMfa.Aws.Tests.Marshalling.PayloadHarness;

namespace SecHubRootMfa.Aws.Tests.Marshalling;

public sealed class SecurityHubMarshallingTests
{
    [Fact]
    public void BatchImportFindingsMarshaller_OneFinding_PostsAsffUnderFindings()
    {
        var finding = TestFindings.Create("id-1");

        var request = BatchImportFindingsRequestMarshaller.Instance.Marshall(new BatchImportFindingsRequest { Findings = [finding] });

        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("/findings/import", request.ResourcePath);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        using var body = JsonDocument.Parse(request.Content);
        var sent = Assert.Single(body.RootElement.GetProperty("Findings").EnumerateArray().ToList());
        Assert.Equal("id-1", sent.GetProperty("Id").GetString());
        Assert.Equal("2018-10-08", sent.GetProperty("SchemaVersion").GetString());
        Assert.Equal("AwsAccount", sent.GetProperty("Resources")[0].GetProperty("Type").GetString());
        Assert.False(sent.TryGetProperty("Region", out _), "null members are omitted, as ASFF requires");
        var roundTrip = JsonSerializer.Deserialize(sent.GetRawText(), AsffJsonContext.Default.AwsSecurityFinding);
        Assert.Equal(finding.Title, roundTrip?.Title);
    }

    [Fact]
    public void GetFindingsMarshaller_IdAndProductArnFilters_WritesStringFilterLists()
    {
        var request = GetFindingsRequestMarshaller.Instance.Marshall(new GetFindingsRequest
        {
            Filters = new AwsSecurityFindingFilters
            {
                Id = [new StringFilter { Value = "finding-1", Comparison = StringFilterComparison.EQUALS }],
                ProductArn = [new StringFilter { Value = "arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default" }],
            },
            MaxResults = 1,
        });

        Assert.Equal("/findings", request.ResourcePath);
        Assert.Equal(
            """{"Filters":{"Id":[{"Value":"finding-1","Comparison":"EQUALS"}],"ProductArn":[{"Value":"arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default","Comparison":"EQUALS"}]},"MaxResults":1}""",
            System.Text.Encoding.UTF8.GetString(request.Content));
    }

    [Fact]
    public void GetFindingsMarshaller_MaxResultsAbove100_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GetFindingsRequestMarshaller.Instance.Marshall(new GetFindingsRequest { MaxResults = 101 }));
    }

    [Fact]
    public void BatchImportFindingsUnmarshaller_Success_ReadsCountsAndRequestIdHeader()
    {
        var response = (BatchImportFindingsResponse)UnmarshallJson(
            new BatchImportFindingsResponseUnmarshaller("us-west-1"), "SecurityHub/BatchImportFindings-success.json",
            new() { ["x-amzn-RequestId"] = "req-1" });

        Assert.Equal(1, response.SuccessCount);
        Assert.Equal(0, response.FailedCount);
        Assert.Empty(response.FailedFindings);
        Assert.Equal("req-1", response.ResponseMetadata.RequestId);
    }

    [Fact]
    public void BatchImportFindingsUnmarshaller_PartialFailure_ListsEachFailedFindingWithCode()
    {
        var response = (BatchImportFindingsResponse)UnmarshallJson(
            new BatchImportFindingsResponseUnmarshaller("us-west-1"), "SecurityHub/BatchImportFindings-partial.json");

        Assert.Equal(2, response.FailedCount);
        Assert.Equal(1, response.SuccessCount);
        Assert.Equal(["InvalidInput", "ThrottlingException"], response.FailedFindings.Select(f => f.ErrorCode));
        Assert.EndsWith("/finding/bad", response.FailedFindings[0].Id, StringComparison.Ordinal);
        Assert.Contains("Resources", response.FailedFindings[0].ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void GetFindingsUnmarshaller_DocumentationSample_ReadsAsffTimestampsAndIgnoresUnmodelledFields()
    {
        var response = (GetFindingsResponse)UnmarshallJson(new GetFindingsResponseUnmarshaller("us-west-1"), "SecurityHub/GetFindings.json");

        var finding = Assert.Single(response.Findings);
        Assert.Equal("2020-06-02T14:02:49.159Z", finding.CreatedAt);
        Assert.Equal("2020-06-02T14:02:49.159Z", finding.FirstObservedAt);
        Assert.Equal("PASSED", finding.Compliance?.Status);
        Assert.Equal("us-west-1", finding.Region);
        Assert.Equal("NEW", finding.Workflow?.Status);
        Assert.StartsWith("U2FsdGVkX1", response.NextToken, StringComparison.Ordinal);
    }

    [Fact]
    public void SecurityHubErrorUnmarshaller_NotSubscribed_SaysWhereToEnableIt()
    {
        var error = UnmarshallJsonError(
            new GetFindingsResponseUnmarshaller("eu-west-1"), "SecurityHub/Error-InvalidAccess.json", HttpStatusCode.Unauthorized,
            new() { ["x-amzn-RequestId"] = "req-2", ["x-amzn-ErrorType"] = "InvalidAccessException" });

        var typed = Assert.IsType<InvalidAccessException>(error);
        Assert.StartsWith("Security Hub is not enabled in eu-west-1 for account 111122223333.", typed.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidAccessException", typed.ErrorCode);
        Assert.Equal("req-2", typed.RequestId);
        Assert.Equal(HttpStatusCode.Unauthorized, typed.StatusCode);
    }

    [Fact]
    public void SecurityHubErrorUnmarshaller_InvalidAccessForAnotherReason_KeepsAwsWordingWithoutClaimingHubIsOff()
    {
        var error = UnmarshallJsonError(
            new GetFindingsResponseUnmarshaller("eu-west-1"), "SecurityHub/Error-InvalidAccess-other.json", HttpStatusCode.Unauthorized);

        var typed = Assert.IsType<InvalidAccessException>(error);
        Assert.Equal("Security Hub refused access in eu-west-1: The account doesn't have permission to perform this action.", typed.Message);
    }

    [Fact]
    public void SecurityHubErrorUnmarshaller_ErrorTypeOnlyInHeader_IsStillTyped()
    {
        var error = UnmarshallJsonError(
            new BatchImportFindingsResponseUnmarshaller("eu-west-1"), "SecurityHub/Error-AccessDenied.json", HttpStatusCode.Forbidden,
            new() { ["x-amzn-ErrorType"] = "AccessDeniedException:http://internal.amazon.com/coral/com.amazonaws.securityhub/" });

        var typed = Assert.IsType<AccessDeniedException>(error);
        Assert.Contains("securityhub:BatchImportFindings", typed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecurityHubErrorUnmarshaller_BodyWithoutCode_TakesTypeFromXAmznErrorTypeHeader()
    {
        var error = UnmarshallJsonError(
            new GetFindingsResponseUnmarshaller("eu-west-1"), "SecurityHub/Error-MessageOnly.json", HttpStatusCode.BadRequest,
            new() { ["x-amzn-ErrorType"] = "InvalidInputException:http://internal.amazon.com/coral/com.amazonaws.securityhub/" });

        var typed = Assert.IsType<InvalidInputException>(error);
        Assert.Equal("InvalidInputException", typed.ErrorCode);
        Assert.Equal("Invalid parameter 'MaxResults'", typed.Message);
    }

    [Fact]
    public void SecurityHubErrorUnmarshaller_LimitExceeded_IsTypedAndRetryableBySdk()
    {
        var error = UnmarshallJsonError(
            new BatchImportFindingsResponseUnmarshaller("eu-west-1"), "SecurityHub/Error-LimitExceeded.json", (HttpStatusCode)429,
            new() { ["x-amzn-ErrorType"] = "LimitExceededException" });

        Assert.IsType<LimitExceededException>(error);
        Assert.Equal("LimitExceededException", error.ErrorCode);
    }

    [Fact]
    public void BatchImportFindingsUnmarshaller_TruncatedJson_ThrowsUnmarshallingError()
    {
        Assert.Throws<AmazonUnmarshallingException>(
            () => UnmarshallJson(new BatchImportFindingsResponseUnmarshaller("eu-west-1"), "SecurityHub/Malformed-truncated.json"));
    }

    [Fact]
    public void BatchImportFindingsUnmarshaller_AnswerWithoutCounts_IsRejectedNotTreatedAsSuccess()
    {
        Assert.Throws<AmazonUnmarshallingException>(
            () => UnmarshallJson(new BatchImportFindingsResponseUnmarshaller("eu-west-1"), "EventBridge/PutEvents-success.json"));
    }
}
