using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Tests.Adapters;

/// <summary>
/// Which AWS failures are worth retrying (transient: the run fails and Lambda asks again) and which are not (permanent:
/// the account's finding says NOT_AVAILABLE with the cause), and what the cause tells the operator to do.
/// </summary>
public sealed class RetriedOrReportedTests
{
    private static AmazonServiceException ServiceError(string? code, HttpStatusCode status, ErrorType type = ErrorType.Sender, string message = "message from AWS") =>
        new(message, null, type, code!, "req-1234", status);

    // Every code AWS services use for "slow down", sent with HTTP 400 as the Query and JSON protocols do.
    [Theory]
    [InlineData("Throttling")]
    [InlineData("ThrottlingException")]
    [InlineData("ThrottledException")]
    [InlineData("TooManyRequestsException")]
    [InlineData("RequestLimitExceeded")]
    [InlineData("RequestThrottled")]
    [InlineData("RequestThrottledException")]
    [InlineData("SlowDown")]
    [InlineData("ProvisionedThroughputExceededException")]
    public void ThrottlingCodeOnAnHttp400_IsRetriedNotReportedAsNotAvailable(string code)
    {
        Assert.Equal(AwsFailureKind.Transient, AwsErrors.Classify(ServiceError(code, HttpStatusCode.BadRequest), "iam:GetAccountSummary").Kind);
    }

    [Fact]
    public void UnfamiliarCodeWithHttp429_IsRetried()
    {
        Assert.Equal(AwsFailureKind.Transient,
            AwsErrors.Classify(ServiceError("SomethingNew", HttpStatusCode.TooManyRequests), "iam:GetAccountSummary").Kind);
    }

    [Fact]
    public void ErrorTheServiceSaysIsItsOwnFault_IsRetriedEvenWithAn4xxStatus()
    {
        Assert.Equal(AwsFailureKind.Transient,
            AwsErrors.Classify(ServiceError("InternalError", HttpStatusCode.BadRequest, ErrorType.Receiver), "iam:GetAccountSummary").Kind);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, AwsFailureKind.Transient)]
    [InlineData(HttpStatusCode.BadGateway, AwsFailureKind.Transient)]
    [InlineData(HttpStatusCode.GatewayTimeout, AwsFailureKind.Transient)]
    [InlineData((HttpStatusCode)499, AwsFailureKind.Permanent)]
    [InlineData(HttpStatusCode.Conflict, AwsFailureKind.Permanent)]
    public void UnfamiliarCode_IsRetriedExactlyWhenTheStatusIsAServerError(HttpStatusCode status, AwsFailureKind expected)
    {
        Assert.Equal(expected, AwsErrors.Classify(ServiceError("SomethingNew", status), "iam:GetAccountSummary").Kind);
    }

    [Fact]
    public void ErrorWithoutACode_IsNamedByItsHttpStatusAndClassifiedByIt()
    {
        // A load balancer's 503 or a proxy's 400 carries no AWS error code at all.
        var unavailable = AwsErrors.Classify(ServiceError(null, HttpStatusCode.ServiceUnavailable, message: ""), "iam:GetAccountSummary");
        var refused = AwsErrors.Classify(ServiceError(null, HttpStatusCode.BadRequest, message: ""), "iam:GetAccountSummary");

        Assert.Equal((AwsFailureKind.Transient, AwsFailureKind.Permanent), (unavailable.Kind, refused.Kind));
        Assert.Contains("HTTP 503", unavailable.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 400 (request req-1234)", refused.Message, StringComparison.Ordinal);
    }

    // The credential and authorization codes of IAM, STS, EC2-style and JSON services: the operator must grant or fix the
    // role, so the cause says access was denied (on a 400 as much as on a 403).
    [Theory]
    [InlineData("AccessDenied")]
    [InlineData("AccessDeniedException")]
    [InlineData("UnauthorizedOperation")]
    [InlineData("UnrecognizedClientException")]
    [InlineData("InvalidClientTokenId")]
    [InlineData("ExpiredToken")]
    [InlineData("ExpiredTokenException")]
    public void AuthorizationFailure_IsReportedAsAccessDeniedOnTheActionWhereAndForWhom(string code)
    {
        var ex = AwsErrors.Classify(ServiceError(code, HttpStatusCode.BadRequest), "iam:ListVirtualMFADevices", "eu-west-1", "111122223333");

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
        Assert.StartsWith("Access denied for iam:ListVirtualMFADevices in eu-west-1 for account 111122223333: grant it to the evaluating role.",
            ex.Message, StringComparison.Ordinal);
        Assert.Contains(code, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForbiddenWithoutAnAwsCode_IsReportedAsAccessDenied()
    {
        var ex = AwsErrors.Classify(ServiceError(null, HttpStatusCode.Forbidden), "iam:GetAccountSummary");

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
        Assert.StartsWith("Access denied for iam:GetAccountSummary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidAccessFromAnotherService_DoesNotSendTheOperatorToEnableSecurityHub()
    {
        var ex = AwsErrors.Classify(ServiceError("InvalidAccessException", HttpStatusCode.BadRequest), "organizations:ListAccounts");

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
        Assert.DoesNotContain("Security Hub", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("organizations:ListAccounts failed: InvalidAccessException", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AccessDeniedBySecurityHub_IsAccessDeniedNotSecurityHubDisabled()
    {
        var ex = AwsErrors.Classify(ServiceError("AccessDeniedException", HttpStatusCode.Forbidden), "securityhub:BatchImportFindings");

        Assert.StartsWith("Access denied for securityhub:BatchImportFindings", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailureAlreadyClassifiedBelow_KeepsItsKindAndCause()
    {
        var below = new AwsCallException(AwsFailureKind.Transient, "iam:ListVirtualMFADevices: could not reach AWS (connection reset).");

        Assert.Same(below, AwsErrors.Classify(below, "iam:ListVirtualMFADevices"));
    }

    [Theory]
    [InlineData(typeof(HttpRequestException))]
    [InlineData(typeof(TimeoutException))]
    public void SdkClientErrorCausedByTheNetwork_IsRetried(Type cause)
    {
        var inner = (Exception)Activator.CreateInstance(cause, "connection reset by peer")!;

        var ex = AwsErrors.Classify(new AmazonClientException("Error making request.", inner), "iam:GetAccountSummary");

        Assert.Equal(AwsFailureKind.Transient, ex.Kind);
        Assert.Contains("connection reset by peer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SdkClientErrorNotCausedByTheNetwork_IsPermanent()
    {
        var ex = AwsErrors.Classify(new AmazonClientException("The endpoint could not be resolved for this region."), "iam:GetAccountSummary");

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
        Assert.DoesNotContain("credentials", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<Exception> NetworkFailures => new()
    {
        new HttpRequestException("connection refused"),
        new TimeoutException("The operation has timed out."),
        new IOException("Unable to read data from the transport connection."),
        new OperationCanceledException(),
        new TaskCanceledException(),
    };

    [Theory]
    [MemberData(nameof(NetworkFailures))]
    public void NetworkFailureOrTimeout_IsRetried(Exception failure)
    {
        Assert.Equal(AwsFailureKind.Transient, AwsErrors.Classify(failure, "iam:GetAccountSummary").Kind);
    }

    public static TheoryData<Exception> MalformedAnswers => new()
    {
        new FormatException("'2026-13-01' is not a date."),
        new System.Xml.XmlException("Unexpected end of file."),
        new JsonException("'<' is an invalid start of a value."),
        new InvalidOperationException("IsTruncated is missing."),
    };

    [Theory]
    [MemberData(nameof(MalformedAnswers))]
    public void AnswerThatCannotBeRead_IsReportedAsAnUnexpectedAnswerFromAwsNotRetried(Exception failure)
    {
        var ex = AwsErrors.Classify(failure, "iam:GetAccountSummary");

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
        Assert.StartsWith("iam:GetAccountSummary: unexpected answer from AWS", ex.Message, StringComparison.Ordinal);
        Assert.Contains(failure.Message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnswerTheSdkCannotParse_NamesTheParseErrorNotTheSdksWrapper()
    {
        var parse = new System.Xml.XmlException("Data at the root level is invalid. Line 1, position 1.");
        var unmarshalling = new AmazonUnmarshallingException("req-1234", "/GetAccountSummaryResponse",
            "The service returned a response that is not the XML expected: " + parse.Message, parse, HttpStatusCode.OK);

        var ex = AwsErrors.Classify(unmarshalling, "iam:GetAccountSummary");

        Assert.Equal(AwsFailureKind.Permanent, ex.Kind);
        Assert.Contains($": unexpected answer: {parse.Message} (request req-1234)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not the XML expected", ex.Message, StringComparison.Ordinal);
    }
}
