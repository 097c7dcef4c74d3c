using System.Net;
using Amazon.Runtime;
using NSubstitute;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.Tests.Stub;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Tests.Organization;

/// <summary>Root's device inventory: sts:AssumeRoot with the audit task policy, then ListMFADevices as root (stubbed: moto has no AssumeRoot).</summary>
public sealed class RootInventoryTests
{
    private const string Member = "111122223333";

    private static string AssumeRootAnswer => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "AssumeRoot.xml"));

    private const string RootDevices = """
        <ListMFADevicesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <ListMFADevicesResult>
            <IsTruncated>false</IsTruncated>
            <MFADevices>
              <member><SerialNumber>GAHT12345678</SerialNumber><EnableDate>2025-03-01T09:30:00Z</EnableDate></member>
              <member><SerialNumber>arn:aws:iam::111122223333:u2f/root/YubiKey-EXAMPLE</SerialNumber><EnableDate>2025-03-02T09:30:00Z</EnableDate></member>
              <member><SerialNumber>arn:aws:iam::111122223333:mfa/root-phone</SerialNumber><EnableDate>2025-03-03T09:30:00Z</EnableDate></member>
            </MFADevices>
          </ListMFADevicesResult>
          <ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>
        </ListMFADevicesResponse>
        """;

    private static AwsClientOptions Options(Uri endpoint) => new()
    {
        Region = "us-east-1",
        StsServiceUrl = endpoint,
        IamServiceUrl = endpoint,
        Credentials = new BasicAWSCredentials("AKIDSTUBTESTING00001", "stub-secret"),
        Retry = new SecHubRootMfa.Aws.Runtime.AwsRetryPolicy { MaxAttempts = 1 },
    };

    [Fact]
    public async Task Read_AssumesRootWithTheAuditTaskPolicyThenListsRootsDevicesWithThoseCredentials()
    {
        using var stub = new StubHttpServer(StubResponse.Xml(200, AssumeRootAnswer), StubResponse.Xml(200, RootDevices));
        var options = Options(stub.Endpoint);
        using var sts = new AwsClientFactory(options).CreateSecurityTokenService();

        var inventory = await new AssumeRootDeviceReader(sts, options).ReadAsync(Member, AwsPartition.Aws, CancellationToken.None);

        Assert.Equal([MfaDeviceKind.HardwareTotp, MfaDeviceKind.Fido, MfaDeviceKind.Virtual], inventory.Devices.Select(d => d.Kind));
        Assert.Equal(2, inventory.HardwareCount);
        var requests = stub.Requests.ToArray();
        var assumeRoot = requests[0].Body.Split('&').Select(WebUtility.UrlDecode).ToList();
        Assert.Contains("Action=AssumeRoot", assumeRoot);
        Assert.Contains($"TargetPrincipal={Member}", assumeRoot);
        Assert.Contains("TaskPolicyArn.arn=arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials", assumeRoot);
        var list = requests[1].Body.Split('&').Select(WebUtility.UrlDecode).ToList();
        Assert.Contains("Action=ListMFADevices", list);
        Assert.DoesNotContain(list, p => p!.StartsWith("UserName=", StringComparison.Ordinal));
        // The IAM call is signed with the root session's key from the AssumeRoot answer, not the administrator's.
        Assert.Contains("Credential=ASIAJEXAMPLEXEG2JICEA/", requests[1].Headers["Authorization"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GAHT 1234 5678")]
    [InlineData("arn:aws:iam::111122223333:u2f/root/key\u00e9")]
    [InlineData("short")]
    public async Task Read_ARootSerialIamCouldNotHaveIssued_MakesTheInventoryUnreadableAsTheVirtualPathDoes(string serial)
    {
        var answer = RootDevices.Replace("GAHT12345678", System.Security.SecurityElement.Escape(System.Text.RegularExpressions.Regex.Unescape(serial)), StringComparison.Ordinal);
        using var stub = new StubHttpServer(StubResponse.Xml(200, AssumeRootAnswer), StubResponse.Xml(200, answer));
        var options = Options(stub.Endpoint);
        using var sts = new AwsClientFactory(options).CreateSecurityTokenService();

        var error = await Assert.ThrowsAsync<MalformedIamDataException>(
            () => new AssumeRootDeviceReader(sts, options).ReadAsync(Member, AwsPartition.Aws, CancellationToken.None));

        Assert.Contains("is not a serial number IAM issues", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_AnArnOfAnotherAccountInRootsList_IsOfUnknownKindAndNeverHardware()
    {
        var answer = RootDevices.Replace("arn:aws:iam::111122223333:u2f/root/YubiKey-EXAMPLE", "arn:aws:iam::444455556666:u2f/root/YubiKey-EXAMPLE", StringComparison.Ordinal);
        using var stub = new StubHttpServer(StubResponse.Xml(200, AssumeRootAnswer), StubResponse.Xml(200, answer));
        var options = Options(stub.Endpoint);
        using var sts = new AwsClientFactory(options).CreateSecurityTokenService();

        var inventory = await new AssumeRootDeviceReader(sts, options).ReadAsync(Member, AwsPartition.Aws, CancellationToken.None);

        Assert.Equal([MfaDeviceKind.HardwareTotp, MfaDeviceKind.Unknown, MfaDeviceKind.Virtual], inventory.Devices.Select(d => d.Kind));
        Assert.Equal(1, inventory.HardwareCount);
    }

    [Fact]
    public async Task Read_CentralizedRootAccessNotEnabled_IsPermanent_TheFindingSaysTheInventoryWasMissingAndTheRunLogsIt()
    {
        using var stub = new StubHttpServer(StubResponse.Xml(403, """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>
            <Message>Centralized root access is not enabled for this organization.</Message></Error><RequestId>EXAMPLE</RequestId></ErrorResponse>
            """));
        var options = Options(stub.Endpoint);
        using var sts = new AwsClientFactory(options).CreateSecurityTokenService();
        var reader = new AssumeRootDeviceReader(sts, options);

        var error = await Assert.ThrowsAsync<AwsCallException>(() => reader.ReadAsync(Member, AwsPartition.Aws, CancellationToken.None));
        Assert.Equal(AwsFailureKind.Permanent, error.Kind);

        var inner = Substitute.For<IRootMfaStateSource>();
        var plain = new RootMfaObservation(Member, AwsPartition.Aws, new AccountSummary(true, true, false, false), [], DateTimeOffset.UnixEpoch);
        inner.ReadAsync(Member, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(plain);
        var observation = await new InventoryStateSource(inner, reader).ReadAsync(Member, AwsPartition.Aws, CancellationToken.None);
        Assert.Null(observation.RootDevices);
        Assert.Same(plain.Summary, observation.Summary);
        Assert.Contains("Centralized root access is not enabled", observation.RootDevicesError, StringComparison.Ordinal);

        // The finding says the inventory was missing, in words and in ProductFields, and the run logs it.
        var context = new SecHubRootMfa.Core.Findings.DeploymentContext("eu-west-1", Member, "0.1.0");
        var log = Substitute.For<SecHubRootMfa.Service.Checking.ICheckLog>();
        var findings = Substitute.For<IFindingStore>();
        var result = await new SecHubRootMfa.Service.Checking.RootMfaCheckService(
                new InventoryStateSource(inner, reader), findings, null, new SecHubRootMfa.Core.Findings.RootMfaFindingBuilder(context), context,
                new SecHubRootMfa.Service.Checking.CheckOptions(), TimeProvider.System, log)
            .RunAsync(new SecHubRootMfa.Service.Checking.CheckRequest(Member, "Scheduled Event"), CancellationToken.None);
        Assert.Equal("unavailable", result.Finding.ProductFields!["SecHubRootMfa/RootInventory"]);
        Assert.Contains("inventory (AssumeRoot) not available", result.Finding.Description, StringComparison.Ordinal);
        log.Received(1).InventoryUnavailable(Member, Arg.Is<string>(c => c.Contains("Centralized root access", StringComparison.Ordinal)));
    }
}
