using System.Net;
using Amazon.Runtime;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Tests.Adapters;

public class AwsErrorsTests
{
    private static AmazonServiceException Service(string code, HttpStatusCode status, ErrorType type = ErrorType.Sender) =>
        new("message from AWS", null, type, code, "req-1234", status);

    [Theory]
    [InlineData("Throttling", HttpStatusCode.BadRequest)]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest)]
    [InlineData("TooManyRequestsException", HttpStatusCode.TooManyRequests)]
    [InlineData("InternalFailure", HttpStatusCode.InternalServerError)]
    [InlineData("ServiceUnavailable", HttpStatusCode.ServiceUnavailable)]
    public void Classify_ThrottlingAndServerErrors_AreTransient(string code, HttpStatusCode status)
    {
        Assert.Equal(AwsFailureKind.Transient, AwsErrors.Classify(Service(code, status), "securityhub:BatchImportFindings").Kind);
    }

    [Fact]
    public void Classify_SecurityHubLimitExceeded_IsTransientButIamLimitExceededIsAQuota()
    {
        Assert.Equal(AwsFailureKind.Transient,
            AwsErrors.Classify(Service("LimitExceededException", HttpStatusCode.TooManyRequests), "securityhub:GetFindings").Kind);
        Assert.Equal(AwsFailureKind.Permanent,
            AwsErrors.Classify(Service("LimitExceeded", HttpStatusCode.Conflict), "iam:ListVirtualMFADevices").Kind);
    }

    [Fact]
    public void Classify_AccessDenied_IsPermanentAndNamesTheAction()
    {
        var ex = AwsErrors.Classify(Service("AccessDenied", HttpStatusCode.Forbidden), "iam:GetAccountSummary");

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
        Assert.Contains("Access denied for iam:GetAccountSummary", ex.Message, StringComparison.Ordinal);
        Assert.Contains("req-1234", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_SecurityHubNotSubscribed_SaysItIsNotEnabledWhereAndForWhom()
    {
        var ex = AwsErrors.Classify(Service("InvalidAccessException", HttpStatusCode.BadRequest), "securityhub:BatchImportFindings",
            "eu-west-1", "111122223333");

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
        Assert.StartsWith("Security Hub is not enabled in eu-west-1 for account 111122223333", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_NetworkFailureAndTimeout_AreTransient()
    {
        Assert.Equal(AwsFailureKind.Transient, AwsErrors.Classify(new HttpRequestException("connection refused"), "iam:GetAccountSummary").Kind);
        Assert.Equal(AwsFailureKind.Transient, AwsErrors.Classify(new TaskCanceledException(), "iam:GetAccountSummary").Kind);
    }

    [Fact]
    public void Classify_MalformedAnswer_IsPermanent()
    {
        Assert.Equal(AwsFailureKind.Permanent,
            AwsErrors.Classify(new System.Xml.XmlException("unexpected end"), "iam:GetAccountSummary").Kind);
    }

    [Fact]
    public void Classify_MissingCredentials_SaysHowToProvideThem()
    {
        var ex = AwsErrors.Classify(new AmazonClientException("Failed to resolve AWS credentials."), "sts:GetCallerIdentity");

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
        Assert.Contains("no AWS credentials found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_ServiceErrorWithAnHtmlMessage_KeepsCodeRequestIdAndAShortPlainMessage()
    {
        var html = new AmazonServiceException(IamWireTests.ProxyPage, null, ErrorType.Unknown, "AccessDenied", "req-1234", HttpStatusCode.Forbidden);

        var ex = AwsErrors.Classify(html, "iam:GetAccountSummary", accountId: "111122223333");

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
        Assert.Contains("AccessDenied: 403 Forbidden Access blocked by corporate proxy Contact the network team.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(request req-1234)", ex.Message, StringComparison.Ordinal);
        IamWireTests.AssertPlainAndShort(ex.Message);
    }

    [Theory]
    [InlineData("Value at 'maxItems' failed to satisfy constraint: Member must have value <= 1000", "Member must have value <= 1000")]
    [InlineData("line one\r\nline two\tend", "line one line two end")]
    [InlineData("&lt;script&gt;alert(1)&lt;/script&gt;Rate exceeded", "Rate exceeded")]
    public void Plain_MessagesFromOutside_BecomeOneLineOfPlainText(string message, string expected)
    {
        Assert.EndsWith(expected, AwsErrors.Plain(message), StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_LoneSurrogate_IsReplacedNotPassedOn()
    {
        Assert.Equal("bad \ufffd surrogate", AwsErrors.Plain("bad \ud800 surrogate"));
    }

    [Fact]
    public void Plain_MessageThatNamesAnElement_KeepsItsText()
    {
        Assert.Equal("Expected <GetAccountSummaryResponse> at the root", AwsErrors.Plain("Expected <GetAccountSummaryResponse> at the root"));
    }

    [Fact]
    public void Plain_AMegabyteMessage_IsCutToTheBoundWithAVisibleMark()
    {
        var plain = AwsErrors.Plain(new string('a', 1024 * 1024));

        Assert.Equal(AwsErrors.MaxMessageLength, plain.Length);
        Assert.EndsWith("…", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_HugeErrorCodeAndRequestId_AreBounded()
    {
        var ex = AwsErrors.Classify(
            new AmazonServiceException("m", null, ErrorType.Sender, new string('C', 10_000), new string('R', 10_000), HttpStatusCode.BadRequest),
            "iam:GetAccountSummary");

        Assert.True(ex.Message.Length < 400, ex.Message);
    }
}
