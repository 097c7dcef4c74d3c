using Amazon.Runtime;
using NSubstitute;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.Tests.Stub;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Tests.Adapters;

/// <summary>
/// What IAM, or a proxy in front of it, sends over the wire, through the real IAM client, the state source and the
/// check: a broken or oddly formatted answer never becomes a PASSED, and an error page never becomes the finding's text.
/// </summary>
public sealed class IamWireTests
{
    // The payload files use the documentation's account.
    private const string Account = "123456789012";
    private static readonly DeploymentContext Context = new("us-east-1", Account, "0.1.0");

    private static string Payload(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "IdentityManagement", name));

    // Root MFA on, password present: a PASSED unless a virtual device on root is seen.
    private static readonly string SummaryMfaOn = Payload("GetAccountSummary.xml");

    private static async Task<CheckResult> CheckAsync(string summaryXml, string devicesXml)
    {
        using var stub = new StubHttpServer(request =>
            StubResponse.Xml(200, request.Body.Contains("Action=ListVirtualMFADevices", StringComparison.Ordinal) ? devicesXml : summaryXml));
        return await CheckAsync(stub);
    }

    private static async Task<CheckResult> CheckAsync(StubHttpServer stub)
    {
        using var iam = new AwsClientFactory(new AwsClientOptions
        {
            Region = "us-east-1",
            IamServiceUrl = stub.Endpoint,
            Credentials = new BasicAWSCredentials("AKIDSTUBTESTING00001", "stub-secret"),
            Retry = new SecHubRootMfa.Aws.Runtime.AwsRetryPolicy { MaxAttempts = 1 },
        }).CreateIdentityManagement();
        var service = new RootMfaCheckService(new IamRootMfaStateSource(iam, TimeProvider.System), Substitute.For<IFindingStore>(), null,
            new RootMfaFindingBuilder(Context), Context, new CheckOptions(), TimeProvider.System, Substitute.For<ICheckLog>());
        return await service.RunAsync(new CheckRequest(Account, "Scheduled Event", Import: false), CancellationToken.None);
    }

    [Fact]
    public async Task Check_RootArnWrappedInWhitespace_FailsTheVirtualDeviceOnRootInsteadOfPassing()
    {
        var result = await CheckAsync(SummaryMfaOn, Payload("ListVirtualMFADevices-padded.xml"));

        Assert.Equal((ComplianceStatus.Failed, ReasonCode.VirtualMfaOnRoot), (result.Summary.Status, result.Summary.Reason));
        Assert.Equal(["arn:aws:iam::123456789012:mfa/RootMFAdeviceName"], result.Evaluation.RootVirtualMfaSerials);
    }

    [Fact]
    public async Task Check_DeviceListWithoutIsTruncated_IsNotAvailableNotPassed()
    {
        var result = await CheckAsync(SummaryMfaOn, Payload("Malformed-ListVirtualMFADevices-no-IsTruncated.xml"));

        Assert.Equal((ComplianceStatus.NotAvailable, ReasonCode.EvaluationError), (result.Summary.Status, result.Summary.Reason));
        Assert.True(result.Evaluation.ErrorCause!.Contains("IsTruncated", StringComparison.Ordinal), result.Evaluation.ErrorCause);
    }

    [Fact]
    public async Task Check_SummaryMapWithDuplicateKey_IsNotAvailableNotTheLastValue()
    {
        // AccountMFAEnabled 0 then 1: taking the last value would pass an account whose root may have no MFA at all.
        var result = await CheckAsync(Payload("Malformed-GetAccountSummary-duplicate-key.xml"), Payload("ListVirtualMFADevices.xml"));

        Assert.Equal((ComplianceStatus.NotAvailable, ReasonCode.EvaluationError), (result.Summary.Status, result.Summary.Reason));
        Assert.Contains("AccountMFAEnabled", result.Evaluation.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ProxyAnswersAnHtmlErrorPage_FindingKeepsTheStatusAndAShortPlainCause()
    {
        using var stub = new StubHttpServer(new StubResponse(403, ProxyPage, "text/html"));

        var result = await CheckAsync(stub);

        Assert.Equal(ComplianceStatus.NotAvailable, result.Summary.Status);
        var cause = result.Evaluation.ErrorCause!;
        Assert.True(cause.Contains("403", StringComparison.Ordinal) && cause.Contains("stub-", StringComparison.Ordinal), cause);
        AssertPlainAndShort(cause);
        AssertPlainAndShort(result.Finding.Description!);
        AssertPlainAndShort(result.Finding.ProductFields![RootMfaFindingBuilder.FieldPrefix + "ErrorCause"]);
    }

    internal static readonly string ProxyPage = $"""
        <!DOCTYPE html>
        <html><head><title>403 Forbidden</title>
        <style>body {"{"} font-family: sans-serif; {"}"}</style>
        <script>var tracking = "{new string('x', 4000)}";</script></head>
        <body><h1>Access blocked by corporate proxy</h1>
        <p>{string.Concat(Enumerable.Repeat("Contact the network team. ", 400))}</p>
        </body></html>
        """;

    // One line of plain text, bounded: no tag, no script, no line break; the cut is marked.
    internal static void AssertPlainAndShort(string text)
    {
        Assert.DoesNotContain('<', text);
        Assert.DoesNotContain('\n', text);
        Assert.DoesNotContain("tracking", text, StringComparison.Ordinal);
        Assert.DoesNotContain("font-family", text, StringComparison.Ordinal);
        Assert.True(text.Length <= 700, $"{text.Length} characters: {text}");
    }
}
