using SecHubRootMfa.Aws.IdentityManagement;
using SecHubRootMfa.Aws.IdentityManagement.Model;

namespace SecHubRootMfa.Aws.Tests.Moto;

[Collection(MotoGroup.Name)]
public sealed class IdentityManagementMotoTests(MotoServerFixture moto) : IAsyncLifetime
{
    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task GetAccountSummary_AfterCreatingUsers_CountsThemInSummaryMap()
    {
        await MotoSeeder.IamAsync(moto, ("Action", "CreateUser"), ("UserName", "alice"));
        await MotoSeeder.IamAsync(moto, ("Action", "CreateUser"), ("UserName", "bob"));
        using var iam = new AwsClientFactory(moto.Options()).CreateIdentityManagement();

        var response = await iam.GetAccountSummaryAsync(new GetAccountSummaryRequest());

        Assert.Equal(2, response.SummaryMap["Users"]);
        Assert.True(response.SummaryMap.ContainsKey("AccountMFAEnabled"));
        Assert.NotNull(response.ResponseMetadata.RequestId);
    }

    [Fact]
    public async Task ListVirtualMFADevices_AssignedFilter_ReturnsOnlyTheEnabledDeviceWithItsUser()
    {
        await SeedAssignedAndUnassignedAsync();
        using var iam = new AwsClientFactory(moto.Options()).CreateIdentityManagement();

        var assigned = await iam.ListVirtualMFADevicesAsync(new ListVirtualMFADevicesRequest { AssignmentStatus = AssignmentStatusType.Assigned });
        var unassigned = await iam.ListVirtualMFADevicesAsync(new ListVirtualMFADevicesRequest { AssignmentStatus = AssignmentStatusType.Unassigned });

        var device = Assert.Single(assigned.VirtualMFADevices);
        Assert.Equal($"arn:aws:iam::{MotoServerFixture.AccountId}:mfa/alice-phone", device.SerialNumber);
        Assert.Equal("alice", device.User?.UserName);
        Assert.NotNull(device.EnableDate);
        Assert.Equal($"arn:aws:iam::{MotoServerFixture.AccountId}:mfa/spare", Assert.Single(unassigned.VirtualMFADevices).SerialNumber);
    }

    [Fact]
    public async Task ListAllVirtualMFADevices_MoreDevicesThanOnePage_WalksEveryPage()
    {
        for (var i = 0; i < 5; i++)
        {
            await MotoSeeder.IamAsync(moto, ("Action", "CreateVirtualMFADevice"), ("VirtualMFADeviceName", $"device-{i}"));
        }

        using var iam = new AwsClientFactory(moto.Options()).CreateIdentityManagement();
        var firstPage = await iam.ListVirtualMFADevicesAsync(new ListVirtualMFADevicesRequest { MaxItems = 2 });
        var all = await iam.ListAllVirtualMFADevicesAsync(AssignmentStatusType.Any);

        Assert.True(firstPage.IsTruncated);
        Assert.Equal(2, firstPage.VirtualMFADevices.Count);
        Assert.Equal(5, all.Select(d => d.SerialNumber).Distinct().Count());
    }

    [Fact]
    public async Task ListMFADevices_ForUserWithEnabledDevice_ReturnsIt()
    {
        await SeedAssignedAndUnassignedAsync();
        using var iam = new AwsClientFactory(moto.Options()).CreateIdentityManagement();

        var response = await iam.ListMFADevicesAsync(new ListMFADevicesRequest { UserName = "alice" });

        var device = Assert.Single(response.MFADevices);
        Assert.Equal("alice", device.UserName);
        Assert.Equal($"arn:aws:iam::{MotoServerFixture.AccountId}:mfa/alice-phone", device.SerialNumber);
    }

    [Fact]
    public async Task ListMFADevices_UnknownUser_ThrowsNoSuchEntityWithCodeAndStatus()
    {
        using var iam = new AwsClientFactory(moto.Options()).CreateIdentityManagement();

        var error = await Assert.ThrowsAsync<NoSuchEntityException>(
            () => iam.ListMFADevicesAsync(new ListMFADevicesRequest { UserName = "nobody" }));

        Assert.Equal("NoSuchEntity", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("nobody", error.Message, StringComparison.Ordinal);
    }

    private async Task SeedAssignedAndUnassignedAsync()
    {
        await MotoSeeder.IamAsync(moto, ("Action", "CreateUser"), ("UserName", "alice"));
        await MotoSeeder.IamAsync(moto, ("Action", "CreateVirtualMFADevice"), ("VirtualMFADeviceName", "alice-phone"));
        await MotoSeeder.IamAsync(moto, ("Action", "CreateVirtualMFADevice"), ("VirtualMFADeviceName", "spare"));
        await MotoSeeder.IamAsync(
            moto,
            ("Action", "EnableMFADevice"),
            ("UserName", "alice"),
            ("SerialNumber", $"arn:aws:iam::{MotoServerFixture.AccountId}:mfa/alice-phone"),
            ("AuthenticationCode1", "123456"),
            ("AuthenticationCode2", "654321"));
    }
}
