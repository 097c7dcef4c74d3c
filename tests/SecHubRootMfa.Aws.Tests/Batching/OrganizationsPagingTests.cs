using NSubstitute;
using SecHubRootMfa.Aws.Organizations;
using SecHubRootMfa.Aws.Organizations.Model;

namespace SecHubRootMfa.Aws.Tests.Batching;

public sealed class OrganizationsPagingTests
{
    [Fact]
    public async Task ListAllAccounts_FollowsTokensThroughEmptyPages_UntilTokenIsNull()
    {
        var client = Substitute.For<IAmazonOrganizations>();
        client.ListAccountsAsync(Arg.Is<ListAccountsRequest>(r => r.NextToken == null), Arg.Any<CancellationToken>())
            .Returns(new ListAccountsResponse { Accounts = [new Account { Id = "111111111111" }], NextToken = "t1" });
        client.ListAccountsAsync(Arg.Is<ListAccountsRequest>(r => r.NextToken == "t1"), Arg.Any<CancellationToken>())
            .Returns(new ListAccountsResponse { Accounts = [], NextToken = "t2" });
        client.ListAccountsAsync(Arg.Is<ListAccountsRequest>(r => r.NextToken == "t2"), Arg.Any<CancellationToken>())
            .Returns(new ListAccountsResponse { Accounts = [new Account { Id = "222222222222" }] });

        var accounts = await client.ListAllAccountsAsync();

        Assert.Equal(["111111111111", "222222222222"], accounts.Select(a => a.Id));
        await client.Received(3).ListAccountsAsync(Arg.Is<ListAccountsRequest>(r => r.MaxResults == 20), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ListAllAccounts_RepeatedToken_StopsWithAClearError()
    {
        var client = Substitute.For<IAmazonOrganizations>();
        client.ListAccountsAsync(Arg.Any<ListAccountsRequest>(), Arg.Any<CancellationToken>())
            .Returns(new ListAccountsResponse { Accounts = [new Account { Id = "111111111111" }], NextToken = "same" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.ListAllAccountsAsync());

        Assert.Contains("repeated a NextToken", error.Message, StringComparison.Ordinal);
        await client.Received(2).ListAccountsAsync(Arg.Any<ListAccountsRequest>(), Arg.Any<CancellationToken>());
    }
}
