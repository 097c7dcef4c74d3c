using Amazon.Runtime;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.CloudTrail;
using SecHubRootMfa.Aws.CloudTrail.Model;
using SecHubRootMfa.Aws.EventBridge;
using SecHubRootMfa.Aws.EventBridge.Model;
using SecHubRootMfa.Aws.IdentityManagement;
using SecHubRootMfa.Aws.IdentityManagement.Model;
using SecHubRootMfa.Aws.Organizations;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Aws.SecurityHub.Model;

// Roots every client operation so the AOT compiler analyses the whole call graph. With an endpoint argument
// (e.g. a moto server) it also runs each call once, which shows the native binary works end to end.
var endpoint = args.Length > 0 ? new Uri(args[0]) : null;
var factory = new AwsClientFactory(new AwsClientOptions
{
    Region = "us-east-1",
    IamServiceUrl = endpoint,
    SecurityHubServiceUrl = endpoint,
    EventBridgeServiceUrl = endpoint,
    StsServiceUrl = endpoint,
    OrganizationsServiceUrl = endpoint,
    CloudTrailServiceUrl = endpoint,
    SqsServiceUrl = endpoint,
    Credentials = endpoint is null ? null : new BasicAWSCredentials("AKIDAOTCHECK00000001", "aot-check-not-a-secret"),
    Retry = new SecHubRootMfa.Aws.Runtime.AwsRetryPolicy { MaxAttempts = 1 },
});

using var iam = factory.CreateIdentityManagement();
using var hub = factory.CreateSecurityHub();
using var events = factory.CreateEventBridge();
using var sts = factory.CreateSecurityTokenService();
using var organizations = factory.CreateOrganizations();
using var cloudTrail = factory.CreateCloudTrail();
using var sqs = factory.CreateSqs();
var limiter = new SecurityHubRequestLimiter();
using var limitedHub = new RateLimitedSecurityHub(factory.CreateSecurityHub(), limiter, "123456789012", "us-east-1");
if (endpoint is null)
{
    Console.WriteLine("AOT check host built; pass an endpoint URL to exercise the clients.");
    return 0;
}

var summary = await iam.GetAccountSummaryAsync(new GetAccountSummaryRequest());
var devices = await iam.ListAllVirtualMFADevicesAsync(AssignmentStatusType.Any);
string mfa;
try
{
    mfa = (await iam.ListMFADevicesAsync(new ListMFADevicesRequest { UserName = "aot-check" })).MFADevices.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
catch (NoSuchEntityException e)
{
    mfa = $"{e.ErrorCode}/{(int)e.StatusCode}";
}

var imported = await new SecurityHubFindingImporter(hub).ImportAsync([]);
var found = await limitedHub.GetFindingsAsync(new GetFindingsRequest { MaxResults = 1 });
string accounts;
try
{
    accounts = (await organizations.ListAllAccountsAsync()).Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
catch (AmazonOrganizationsException e)
{
    accounts = $"{e.ErrorCode}/{(int)e.StatusCode}";
}

var published = await new EventPublisher(events).PublishAsync(
    [new PutEventsRequestEntry { Source = "sechubrootmfa.aotcheck", DetailType = "check", Detail = "{}" }]);
var trails = await cloudTrail.DescribeTrailsAsync(new DescribeTrailsRequest { IncludeShadowTrails = true });
string trailState;
try
{
    var status = await cloudTrail.GetTrailStatusAsync(new GetTrailStatusRequest { Name = "aot-check" });
    var selectors = await cloudTrail.GetEventSelectorsAsync(new GetEventSelectorsRequest { TrailName = "aot-check" });
    trailState = $"{status.IsLogging}/{selectors.EventSelectors.Count}";
}
catch (AmazonCloudTrailException e)
{
    trailState = $"{e.ErrorCode}/{(int)e.StatusCode}";
}

string rule;
try
{
    rule = (await events.DescribeRuleAsync(new DescribeRuleRequest { Name = "aot-check" })).State ?? "none";
}
catch (AmazonEventBridgeException e)
{
    rule = $"{e.ErrorCode}/{(int)e.StatusCode}";
}

string queue;
try
{
    queue = (await sqs.GetQueueUrlAsync("aot-check")).QueueUrl;
}
catch (Amazon.SQS.AmazonSQSException e)
{
    queue = $"{e.ErrorCode}/{(int)e.StatusCode}";
}

var caller = await sts.GetCallerIdentityAsync(new Amazon.SecurityToken.Model.GetCallerIdentityRequest());
var queueUrl = (await sqs.CreateQueueAsync(new Amazon.SQS.Model.CreateQueueRequest { QueueName = "sechubrootmfa-aotcheck" })).QueueUrl;
await sqs.SendMessageAsync(new Amazon.SQS.Model.SendMessageRequest { QueueUrl = queueUrl, MessageBody = "{}", DelaySeconds = 0 });
var received = (await sqs.ReceiveMessageAsync(new Amazon.SQS.Model.ReceiveMessageRequest { QueueUrl = queueUrl })).Messages?.Count ?? 0;
Console.WriteLine(
    $"summary={summary.SummaryMap.Count} devices={devices.Count} mfa={mfa} imported={imported.Outcomes.Count} "
    + $"findings={found.Findings.Count} published={published.Count(p => p.Published)} account={caller.Account} accounts={accounts} "
    + $"trails={trails.TrailList.Count} trail={trailState} rule={rule} queue={queue} sqs={received}");
return 0;
