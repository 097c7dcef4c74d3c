// A second cold-start floor: the hello Runtime API loop plus the AWS calls a scheduled first evaluation makes (the
// verdict's seven and the event-path check's trail and rule reads beside them), through the same client layer (SecHubRootMfa.Aws on AWSSDK.Core: credentials, SigV4, retries, JSON/XML), in the same order and
// concurrency, with constant requests. No routing, configuration, evaluation, finding building, logging or metrics:
// function / hello-aws is the cost of our own logic; hello-aws / hello is the cost of talking to AWS at all.
using System.Net.Http.Headers;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.CloudTrail.Model;
using SecHubRootMfa.Aws.EventBridge.Model;
using SecHubRootMfa.Aws.IdentityManagement.Model;
using SecHubRootMfa.Aws.SecurityHub.Model;

var api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
var region = Environment.GetEnvironmentVariable("AWS_REGION");
if (string.IsNullOrEmpty(api) || string.IsNullOrEmpty(region))
{
    await Console.Error.WriteLineAsync("AWS_LAMBDA_RUNTIME_API and AWS_REGION must be set").ConfigureAwait(false);
    return 2;
}

var baseAddress = new Uri($"http://{api}/2018-06-01/runtime/");
using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
var hello = "{\"status\":\"hello-aws\"}"u8.ToArray();
var clients = new AwsClientFactory(new AwsClientOptions { Region = region });
using var iam = clients.CreateIdentityManagement();
using var hub = clients.CreateSecurityHub();
using var events = clients.CreateEventBridge();
using var cloudTrail = clients.CreateCloudTrail();
while (true)
{
    using var next = await http.GetAsync(new Uri(baseAddress, "invocation/next")).ConfigureAwait(false);
    if (!next.IsSuccessStatusCode || !next.Headers.TryGetValues("Lambda-Runtime-Aws-Request-Id", out var ids))
    {
        return 1;
    }

    _ = await next.Content.ReadAsByteArrayAsync().ConfigureAwait(false);

    // The function's order for a first evaluation: the stored finding and both IAM reads at once, the import, the
    // read-back that tells whose write stands, the change event, then the import that clears the finding's outbox.
    // The event-path check starts beside the verdict's reads: the trails, each one's status and selectors, our rule.
    var eventPath = Task.Run(async () =>
    {
        var trails = await cloudTrail.DescribeTrailsAsync(new DescribeTrailsRequest { IncludeShadowTrails = true }).ConfigureAwait(false);
        var reads = trails.TrailList.SelectMany(t => new Task[]
        {
            cloudTrail.GetTrailStatusAsync(new GetTrailStatusRequest { Name = t.TrailARN }),
            cloudTrail.GetEventSelectorsAsync(new GetEventSelectorsRequest { TrailName = t.TrailARN }),
        });
        await Task.WhenAll([.. reads, events.DescribeRuleAsync(new DescribeRuleRequest { Name = "hello-aws" })]).ConfigureAwait(false);
    });
    var findingsRequest = new GetFindingsRequest
    {
        Filters = new AwsSecurityFindingFilters { Id = [new StringFilter { Value = "hello-aws", Comparison = StringFilterComparison.EQUALS }] },
        MaxResults = 1,
    };
    var storedTask = hub.GetFindingsAsync(findingsRequest);
    var summary = iam.GetAccountSummaryAsync(new GetAccountSummaryRequest());
    var devices = iam.ListVirtualMFADevicesAsync(new ListVirtualMFADevicesRequest());
    await Task.WhenAll(storedTask, summary, devices).ConfigureAwait(false);
    var stored = await storedTask.ConfigureAwait(false);

    // The stored finding written back unchanged: an ASFF finding of the same shape as the function's.
    await hub.BatchImportFindingsAsync(new BatchImportFindingsRequest { Findings = [.. stored.Findings.Take(1)] }).ConfigureAwait(false);
    await hub.GetFindingsAsync(findingsRequest).ConfigureAwait(false);
    await events.PutEventsAsync(new PutEventsRequest
    {
        Entries = [new PutEventsRequestEntry { Source = "hello-aws", DetailType = "Hello", Detail = "{}", EventBusName = "default" }],
    }).ConfigureAwait(false);
    await hub.BatchImportFindingsAsync(new BatchImportFindingsRequest { Findings = [.. stored.Findings.Take(1)] }).ConfigureAwait(false);
    await eventPath.ConfigureAwait(false);

    using var content = new ByteArrayContent(hello);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    using var posted = await http.PostAsync(new Uri(baseAddress, $"invocation/{Uri.EscapeDataString(ids.First())}/response"), content)
        .ConfigureAwait(false);
}
