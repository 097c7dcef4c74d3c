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
}
