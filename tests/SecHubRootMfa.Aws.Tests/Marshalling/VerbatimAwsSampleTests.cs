using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using SecHubRootMfa.Aws.EventBridge.Internal;
using SecHubRootMfa.Aws.EventBridge.Model;
using SecHubRootMfa.Aws.IdentityManagement.Internal;
using SecHubRootMfa.Aws.IdentityManagement.Model;
using SecHubRootMfa.Aws.Organizations.Internal;
using SecHubRootMfa.Aws.Organizations.Model;
using SecHubRootMfa.Aws.Tests.Stub;
using static SecHubRootMfa.Aws.Tests.Marshalling.PayloadHarness;

namespace SecHubRootMfa.Aws.Tests.Marshalling;

/// <summary>
/// AWS's own samples, copied verbatim from the API references and the SDK models' examples (sources in
/// Payloads/README.md), through the production unmarshallers and clients.
/// </summary>
public class VerbatimAwsSampleTests
{
    [Fact]
    public void PutEvents_ApiReferenceSample_ReadsBothEventIds()
    {
        var response = (PutEventsResponse)UnmarshallJson(PutEventsResponseUnmarshaller.Instance, "EventBridge/PutEvents-awsdocs.json");

        Assert.Equal(0, response.FailedEntryCount);
        Assert.Equal(["11710aed-b79e-4468-a20b-bb3c0c3b4860", "d804d26a-88db-4b66-9eaf-9a11c708ae82"], response.Entries.Select(e => e.EventId));
    }

    [Fact]
    public void ListAccounts_BotocoreExample_WithTimestampsAsTextNotWireEpochSeconds_IsRefusedNotMisread()
    {
        // botocore's example writes JoinedTimestamp as "20161215T193015Z"; Organizations (awsJson1.1) sends epoch
        // seconds. A page whose timestamp is not a number is refused whole rather than read with a made-up date.
        var error = Record.Exception(() => UnmarshallJson(ListAccountsResponseUnmarshaller.Instance, "Organizations/ListAccounts-botocore-example.json"));

        var unreadable = Assert.IsType<AmazonUnmarshallingException>(error);
        Assert.Contains("number", unreadable.InnerException!.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ListMFADevices_ApiReferenceSample_ReadsTheDevice()
    {
        var response = (ListMFADevicesResponse)UnmarshallXml(ListMFADevicesResponseUnmarshaller.Instance, "IdentityManagement/ListMFADevices-awsdocs.xml");

        var device = Assert.Single(response.MFADevices);
        Assert.Equal(("Bob", "R1234"), (device.UserName, device.SerialNumber));
        Assert.False(response.IsTruncated);
    }

    [Fact]
    public async Task AssumeRoot_ApiReferenceSample_IsNotWellFormedAndFailsTheCallInsteadOfYieldingCredentials()
    {
        // AWS's sample closes <AssumeRootResult> with </AssumeRoleResult>: no real answer looks like that, and a client
        // must not hand out credentials read from it.
        using var stub = new StubHttpServer(StubResponse.Xml(200, File.ReadAllText(PathOf("SecurityToken/AssumeRoot-awsdocs.xml"))));
        var options = new AwsClientOptions
        {
            Region = "us-east-1",
            StsServiceUrl = stub.Endpoint,
            Credentials = new BasicAWSCredentials("AKIDSTUBTESTING00001", "stub-secret"),
        };
        using var sts = new AwsClientFactory(options).CreateSecurityTokenService();

        var error = await Record.ExceptionAsync(() => sts.AssumeRootAsync(new AssumeRootRequest
        {
            TargetPrincipal = "111122223333",
            TaskPolicyArn = new PolicyDescriptorType { Arn = "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials" },
            DurationSeconds = 900,
        }));

        Assert.True(error is not null, "credentials were read from a malformed answer");
        Assert.Contains("AssumeRoleResult", error.ToString(), StringComparison.Ordinal);
    }
}
