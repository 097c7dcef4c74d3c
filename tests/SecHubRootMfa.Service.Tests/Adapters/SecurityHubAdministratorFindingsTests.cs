using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using NSubstitute;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Aws.SecurityHub.Model;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Tests.Adapters;

public sealed class SecurityHubAdministratorFindingsTests : IDisposable
{
    private const string Product = "arn:aws:securityhub:eu-west-1:999988887777:product/999988887777/default";
    private readonly IAmazonSecurityTokenService _sts = Substitute.For<IAmazonSecurityTokenService>();
    private readonly IAmazonSecurityHub _hub = Substitute.For<IAmazonSecurityHub>();
    private readonly SecurityHubAdministratorFindings _admin;

    public SecurityHubAdministratorFindingsTests()
    {
        _sts.GetCallerIdentityAsync(Arg.Any<GetCallerIdentityRequest>(), Arg.Any<CancellationToken>())
            .Returns(new GetCallerIdentityResponse { Account = "999988887777" });
        _admin = new SecurityHubAdministratorFindings(_sts, _hub, new SecurityHubRequestLimiter(), new FindingImporterOptions { MaxFindingRetries = 0 },
            "eu-west-1", TimeProvider.System);
    }

    public void Dispose() => _admin.Dispose();

    [Fact]
    public async Task AccountId_IsAskedOfStsOnceAndKept()
    {
        Assert.Equal("999988887777", await _admin.AccountIdAsync(CancellationToken.None));
        Assert.Equal("999988887777", await _admin.AccountIdAsync(CancellationToken.None));

        await _sts.Received(1).GetCallerIdentityAsync(Arg.Any<GetCallerIdentityRequest>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Find_ReadsEveryPageFilteredByProductAndGenerator()
    {
        _hub.GetFindingsAsync(Arg.Is<GetFindingsRequest>(r => r.NextToken == null), Arg.Any<CancellationToken>())
            .Returns(new GetFindingsResponse { Findings = [new AwsSecurityFinding { Id = "a" }], NextToken = "page-2" });
        _hub.GetFindingsAsync(Arg.Is<GetFindingsRequest>(r => r.NextToken == "page-2"), Arg.Any<CancellationToken>())
            .Returns(new GetFindingsResponse { Findings = [new AwsSecurityFinding { Id = "b" }] });

        var found = await _admin.FindAsync(Product, MemberReachabilityFindingBuilder.GeneratorId, null, CancellationToken.None);

        Assert.Equal(["a", "b"], found.Select(f => f.Id));
        await _hub.Received(2).GetFindingsAsync(Arg.Is<GetFindingsRequest>(r =>
            r.Filters!.ProductArn![0].Value == Product && r.Filters.GeneratorId![0].Value == "sechubrootmfa/member-reachability"
            && r.Filters.Id == null && r.MaxResults == 100), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Find_SecurityHubNotEnabled_SaysSoNamingTheAdministrator()
    {
        _hub.GetFindingsAsync(Arg.Any<GetFindingsRequest>(), Arg.Any<CancellationToken>()).Returns(Task.FromException<GetFindingsResponse>(
            new AmazonServiceException("Account 999988887777 is not subscribed to AWS Security Hub", ErrorType.Sender, "InvalidAccessException",
                "req-1", HttpStatusCode.BadRequest)));

        var error = await Assert.ThrowsAsync<AwsCallException>(() => _admin.FindAsync(Product, "g", "id", CancellationToken.None));

        Assert.Equal(AwsFailureKind.Permanent, error.Kind);
        Assert.Contains("Security Hub is not enabled in eu-west-1 for account 999988887777", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_RejectedFinding_ComesBackWithItsCauseAndTheOthersAreTaken()
    {
        _hub.BatchImportFindingsAsync(Arg.Any<BatchImportFindingsRequest>(), Arg.Any<CancellationToken>()).Returns(new BatchImportFindingsResponse
        {
            FailedCount = 1,
            SuccessCount = 1,
            FailedFindings = [new ImportFindingsError { Id = "b", ErrorCode = "InvalidInput", ErrorMessage = "<html><b>bad</b></html>" }],
        });

        var refused = await _admin.ImportAsync([new AwsSecurityFinding { Id = "a" }, new AwsSecurityFinding { Id = "b" }], CancellationToken.None);

        var cause = Assert.Single(refused);
        Assert.Equal("b", cause.Key);
        Assert.Contains("InvalidInput: bad", cause.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("<", cause.Value, StringComparison.Ordinal);
    }
}
