using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using NSubstitute;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Aws.SecurityHub.Model;
using SecHubRootMfa.Aws.Tests.Moto;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Organization;

namespace SecHubRootMfa.Service.Tests.Organization;

/// <summary>
/// An organization in moto: the administrator lists accounts with Organizations, enters each member with AssumeRole
/// (moto maps the returned credentials to the role's account) and imports into that member's own Security Hub.
/// </summary>
[Collection(MotoGroup.Name)]
public sealed class OrgRunMotoTests(MotoServerFixture moto) : IAsyncLifetime
{
    private const string Region = "eu-west-1";
    private const string ExternalId = "sechubrootmfa-ext-0001";
    private static readonly MemberRoleSettings Role = new(ExternalId: ExternalId);

    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RunAll_SeveralAccounts_EachFindingLandsInItsOwnSecurityHubAndFailuresStayIsolated()
    {
        var members = await CreateOrganizationAsync(memberCount: 5);
        var all = members.Append(MotoServerFixture.AccountId).ToList();
        var deniedRole = members[1];
        using var realSts = new AwsClientFactory(moto.Options(Region)).CreateSecurityTokenService();
        await EnableSecurityHubInAsync(realSts, all);

        var sts = StsDenying(realSts, deniedRole);
        using var organizations = new AwsClientFactory(moto.Options(Region)).CreateOrganizations();
        var limiter = new SecurityHubRequestLimiter();
        using var runner = new OrgCheckRunner(
            new OrganizationsAccountDirectory(organizations),
            new AssumeRoleMemberAccess(sts, moto.Options(Region), Role, limiter, null, TimeProvider.System),
            new OrgRunOptions { HomeRegion = Region, Concurrency = 4 },
            TimeProvider.System,
            NSubstitute.Substitute.For<ICheckLog>());

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        Assert.Equal(all.Order(StringComparer.Ordinal), report.Accounts.Select(a => a.AccountId));
        Assert.Equal((5, 1, 0), (report.Evaluated, report.Failed, report.Skipped));
        var denied = report.Accounts.Single(a => a.AccountId == deniedRole);
        Assert.Equal((AccountRunState.Failed, false), (denied.State, denied.FindingImported));
        Assert.Contains("AccessDenied", denied.Cause, StringComparison.Ordinal);

        foreach (var account in all.Where(a => a != deniedRole))
        {
            var findings = await FindingsInAsync(realSts, account);
            var finding = Assert.Single(findings);
            Assert.Equal(account, finding.AwsAccountId);
            Assert.Equal($"arn:aws:securityhub:{Region}:{account}:product/{account}/default", finding.ProductArn);
            Assert.Equal($"sechubrootmfa/aws/{account}/root-user-hardware-mfa", finding.Id);
        }

        Assert.Empty(await FindingsInAsync(realSts, deniedRole));

        // Every member was entered with the role path, the external id and a 15-minute session.
        await sts.Received(all.Count).AssumeRoleAsync(
            Arg.Is<AssumeRoleRequest>(r => r.ExternalId == ExternalId && r.DurationSeconds == 900
                && r.RoleArn.EndsWith(":role/sechubrootmfa/SecHubRootMfaAudit", StringComparison.Ordinal)),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task RunOne_EventFromAMember_EvaluatesOnlyThatAccount()
    {
        var members = await CreateOrganizationAsync(memberCount: 3);
        using var sts = new AwsClientFactory(moto.Options(Region)).CreateSecurityTokenService();
        await EnableSecurityHubInAsync(sts, members);

        using var organizations = new AwsClientFactory(moto.Options(Region)).CreateOrganizations();
        var limiter = new SecurityHubRequestLimiter();
        using var runner = new OrgCheckRunner(
            new OrganizationsAccountDirectory(organizations),
            new AssumeRoleMemberAccess(sts, moto.Options(Region), Role, limiter, null, TimeProvider.System),
            new OrgRunOptions { HomeRegion = Region },
            TimeProvider.System,
            NSubstitute.Substitute.For<ICheckLog>());

        Assert.True(await runner.IsMemberAsync(members[2], CancellationToken.None));
        var outcome = await runner.RunOneAsync(new CheckRequest(members[2], "EnableMFADevice"), CancellationToken.None);

        Assert.Equal((AccountRunState.Evaluated, true), (outcome.State, outcome.FindingImported));
        Assert.Single(await FindingsInAsync(sts, members[2]));
        Assert.Empty(await FindingsInAsync(sts, members[0]));
        Assert.Empty(await FindingsInAsync(sts, members[1]));
    }

    [Fact]
    public async Task RunAll_WithTheAdministratorsBus_PublishesOneChangePerMemberThereNamingTheMember()
    {
        var members = await CreateOrganizationAsync(memberCount: 2);
        using var sts = new AwsClientFactory(moto.Options(Region)).CreateSecurityTokenService();
        await EnableSecurityHubInAsync(sts, members);

        // A rule on the administrator's default bus delivers our events to a queue the test can read.
        var queueUrl = JsonDocument.Parse(await MotoSeeder.JsonAsync(moto, "sqs", "AmazonSQS.CreateQueue", "1.0",
            """{"QueueName":"changes"}""", Region)).RootElement.GetProperty("QueueUrl").GetString()!;
        await MotoSeeder.JsonAsync(moto, "events", "AWSEvents.PutRule", "1.1",
            $$"""{"Name":"changes","EventPattern":"{\"source\":[\"{{EventBridgeChangePublisher.Source}}\"]}"}""", Region);
        await MotoSeeder.JsonAsync(moto, "events", "AWSEvents.PutTargets", "1.1",
            $$"""{"Rule":"changes","Targets":[{"Id":"queue","Arn":"arn:aws:sqs:{{Region}}:{{MotoServerFixture.AccountId}}:changes"}]}""", Region);

        using var events = new AwsClientFactory(moto.Options(Region)).CreateEventBridge();
        using var runner = new OrgCheckRunner(
            new ExplicitAccountDirectory(members),
            new AssumeRoleMemberAccess(sts, moto.Options(Region), Role, new SecurityHubRequestLimiter(), null, TimeProvider.System),
            new OrgRunOptions { HomeRegion = Region, Check = new CheckOptions { ConsistencyRetries = 0 } },
            TimeProvider.System,
            NSubstitute.Substitute.For<ICheckLog>(),
            new EventBridgeChangePublisher(new Aws.EventBridge.EventPublisher(events), "default"));

        var report = await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);

        Assert.Equal(2, report.Evaluated);
        var received = JsonDocument.Parse(await MotoSeeder.JsonAsync(moto, "sqs", "AmazonSQS.ReceiveMessage", "1.0",
            $$"""{"QueueUrl":"{{queueUrl}}","MaxNumberOfMessages":10}""", Region)).RootElement.GetProperty("Messages");
        var delivered = received.EnumerateArray()
            .Select(m => JsonDocument.Parse(m.GetProperty("Body").GetString()!).RootElement.Clone())
            .OrderBy(e => e.GetProperty("detail").GetProperty("accountId").GetString(), StringComparer.Ordinal)
            .ToList();
        Assert.Equal(members.Order(StringComparer.Ordinal), delivered.Select(e => e.GetProperty("detail").GetProperty("accountId").GetString()));
        foreach (var e in delivered)
        {
            var member = e.GetProperty("detail").GetProperty("accountId").GetString()!;
            Assert.Equal(EventBridgeChangePublisher.DetailType, e.GetProperty("detail-type").GetString());
            Assert.Equal($"sechubrootmfa/aws/{member}/root-user-hardware-mfa", e.GetProperty("detail").GetProperty("findingId").GetString());
            Assert.Equal($"arn:aws:iam::{member}:root", e.GetProperty("resources")[0].GetString());
            Assert.Equal(JsonValueKind.Null, e.GetProperty("detail").GetProperty("oldStatus").ValueKind);
        }
    }

    [Fact]
    public async Task RunAll_RoleRefusedThenRestored_AdministratorsOwnSecurityHubSaysUnreachableThenReachableUnderOneId()
    {
        var members = await CreateOrganizationAsync(memberCount: 3);
        using var realSts = new AwsClientFactory(moto.Options(Region)).CreateSecurityTokenService();
        await EnableSecurityHubInAsync(realSts, members);
        await MotoSeeder.EnableSecurityHubAsync(moto, Region);
        var denied = members[1];
        var denying = true;
        var sts = Substitute.For<IAmazonSecurityTokenService>();
        sts.AssumeRoleAsync(Arg.Any<AssumeRoleRequest>(), Arg.Any<CancellationToken>()).Returns(call => denying
            ? StsDenying(realSts, denied).AssumeRoleAsync(call.Arg<AssumeRoleRequest>(), call.Arg<CancellationToken>())
            : realSts.AssumeRoleAsync(call.Arg<AssumeRoleRequest>(), call.Arg<CancellationToken>()));
        sts.GetCallerIdentityAsync(Arg.Any<GetCallerIdentityRequest>(), Arg.Any<CancellationToken>())
            .Returns(call => realSts.GetCallerIdentityAsync(call.Arg<GetCallerIdentityRequest>(), call.Arg<CancellationToken>()));
        var limiter = new SecurityHubRequestLimiter();
        var options = new OrgRunOptions { HomeRegion = Region, Check = new CheckOptions { ConsistencyRetries = 0 } };
        using var administrator = new SecurityHubAdministratorFindings(
            sts, new AwsClientFactory(moto.Options(Region)).CreateSecurityHub(), limiter, new FindingImporterOptions(), Region, TimeProvider.System);
        using var runner = new OrgCheckRunner(
            new ExplicitAccountDirectory(members),
            new AssumeRoleMemberAccess(sts, moto.Options(Region), Role, limiter, null, TimeProvider.System),
            options, TimeProvider.System, Substitute.For<ICheckLog>(),
            reachability: new MemberReachabilityRecorder(administrator, options, TimeProvider.System, Substitute.For<ICheckLog>()));

        await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);
        var unreachable = Assert.Single(await AdministratorFindingsAsync());
        denying = false;
        await runner.RunAllAsync("Scheduled Event", import: true, null, CancellationToken.None);
        var reachable = Assert.Single(await AdministratorFindingsAsync());

        Assert.Equal($"sechubrootmfa/aws/{MotoServerFixture.AccountId}/member-reachability/{denied}", unreachable.Id);
        Assert.Equal((MotoServerFixture.AccountId, $"AWS::::Account:{denied}"), (unreachable.AwsAccountId, unreachable.Resources![0].Id));
        Assert.Equal(("FAILED", "HIGH"), (unreachable.Compliance!.Status, unreachable.Severity!.Label));
        Assert.Contains("AccessDenied", unreachable.Description, StringComparison.Ordinal);
        Assert.Equal((unreachable.Id, "PASSED", "INFORMATIONAL"), (reachable.Id, reachable.Compliance!.Status, reachable.Severity!.Label));
        Assert.Contains("is reachable since", reachable.Description, StringComparison.Ordinal);
    }

    // The findings of the fixture's own (administrator) account's default product.
    private async Task<List<Core.Findings.AwsSecurityFinding>> AdministratorFindingsAsync()
    {
        using var hub = new AwsClientFactory(moto.Options(Region)).CreateSecurityHub();
        return [.. (await hub.GetFindingsAsync(new GetFindingsRequest { MaxResults = 100 })).Findings
            .Where(f => f.ProductArn == $"arn:aws:securityhub:{Region}:{MotoServerFixture.AccountId}:product/{MotoServerFixture.AccountId}/default")];
    }

    private async Task<List<string>> CreateOrganizationAsync(int memberCount)
    {
        await MotoSeeder.OrganizationsAsync(moto, "CreateOrganization", """{"FeatureSet":"ALL"}""");
        var ids = new List<string>();
        for (var i = 0; i < memberCount; i++)
        {
            using var doc = JsonDocument.Parse(await MotoSeeder.OrganizationsAsync(
                moto, "CreateAccount", $$"""{"AccountName":"member-{{i}}","Email":"member-{{i}}@example.com"}"""));
            ids.Add(doc.RootElement.GetProperty("CreateAccountStatus").GetProperty("AccountId").GetString()!);
        }

        return ids;
    }

    // Each account's own Security Hub, enabled with that account's assumed-role credentials.
    private async Task EnableSecurityHubInAsync(IAmazonSecurityTokenService sts, IEnumerable<string> accounts)
    {
        foreach (var account in accounts)
        {
            await MotoSeeder.EnableSecurityHubAsync(moto, Region, (await AssumeAsync(sts, account)).AccessKeyId);
        }
    }

    private static async Task<Credentials> AssumeAsync(IAmazonSecurityTokenService sts, string account) =>
        (await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = Role.RoleArn(Core.Evaluation.AwsPartition.Aws, account),
            RoleSessionName = "seed",
        })).Credentials;

    private async Task<List<Core.Findings.AwsSecurityFinding>> FindingsInAsync(IAmazonSecurityTokenService sts, string account)
    {
        var credentials = await AssumeAsync(sts, account);
        using var hub = new AwsClientFactory(moto.Options(Region) with
        {
            Credentials = new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
        }).CreateSecurityHub();
        return (await hub.GetFindingsAsync(new GetFindingsRequest { MaxResults = 100 })).Findings;
    }

    // The real STS, except that one account's role refuses to be assumed (moto does not enforce trust policies).
    private static IAmazonSecurityTokenService StsDenying(IAmazonSecurityTokenService real, string account)
    {
        var sts = Substitute.For<IAmazonSecurityTokenService>();
        sts.AssumeRoleAsync(Arg.Any<AssumeRoleRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var request = call.Arg<AssumeRoleRequest>();
            return request.RoleArn.Contains($":{account}:", StringComparison.Ordinal)
                ? Task.FromException<AssumeRoleResponse>(new AmazonSecurityTokenServiceException(
                    $"User: arn:aws:sts::{MotoServerFixture.AccountId}:assumed-role/sechubrootmfa-function/x is not authorized to perform: sts:AssumeRole on resource: {request.RoleArn}",
                    ErrorType.Sender, "AccessDenied", "4a1b2c3d-EXAMPLE", HttpStatusCode.Forbidden))
                : real.AssumeRoleAsync(request, call.Arg<CancellationToken>());
        });
        return sts;
    }

}
