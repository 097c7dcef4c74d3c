using System.Text.Json;
using SecHubRootMfa.Aws.Organizations;

namespace SecHubRootMfa.Aws.Tests.Moto;

[Collection(MotoGroup.Name)]
public sealed class OrganizationsMotoTests(MotoServerFixture moto) : IAsyncLifetime
{
    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ListAllAccounts_OrganizationOfTwentyFiveMembers_ReadsEveryPage()
    {
        await MotoSeeder.OrganizationsAsync(moto, "CreateOrganization", """{"FeatureSet":"ALL"}""");
        var created = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            var answer = await MotoSeeder.OrganizationsAsync(moto, "CreateAccount", $$"""{"AccountName":"member-{{i}}","Email":"member-{{i}}@example.com"}""");
            using var doc = JsonDocument.Parse(answer);
            created.Add(doc.RootElement.GetProperty("CreateAccountStatus").GetProperty("AccountId").GetString()!);
        }

        using var organizations = new AwsClientFactory(moto.Options()).CreateOrganizations();
        var accounts = await organizations.ListAllAccountsAsync();

        // 25 members plus the management account, across two pages of at most 20.
        Assert.Equal(26, accounts.Count);
        Assert.Subset(accounts.Select(a => a.Id!).ToHashSet(), created.ToHashSet());
        Assert.Contains(accounts, a => a.Id == MotoServerFixture.AccountId);
        Assert.All(accounts, a => Assert.True(a.IsActive, $"{a.Id} is {a.State ?? a.Status}"));
    }
}
