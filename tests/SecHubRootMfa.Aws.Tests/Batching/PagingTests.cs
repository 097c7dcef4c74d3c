using NSubstitute;
using SecHubRootMfa.Aws.IdentityManagement;
using SecHubRootMfa.Aws.IdentityManagement.Model;

namespace SecHubRootMfa.Aws.Tests.Batching;

public sealed class PagingTests
{
    private readonly IAmazonIdentityManagementService _iam = Substitute.For<IAmazonIdentityManagementService>();

    [Fact]
    public async Task ListAllVirtualMFADevices_ThreePages_FollowsMarkersAndKeepsTheFilter()
    {
        _iam.ListVirtualMFADevicesAsync(Arg.Any<ListVirtualMFADevicesRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
            call.Arg<ListVirtualMFADevicesRequest>().Marker switch
            {
                null => Page("d1", "m1"),
                "m1" => Page("d2", "m2"),
                _ => Page("d3", null),
            });

        var devices = await _iam.ListAllVirtualMFADevicesAsync(AssignmentStatusType.Assigned);

        Assert.Equal(["d1", "d2", "d3"], devices.Select(d => d.SerialNumber));
        await _iam.Received(3).ListVirtualMFADevicesAsync(
            Arg.Is<ListVirtualMFADevicesRequest>(r => r.AssignmentStatus == AssignmentStatusType.Assigned), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ListAllVirtualMFADevices_RepeatedMarker_StopsInsteadOfLoopingForever()
    {
        _iam.ListVirtualMFADevicesAsync(Arg.Any<ListVirtualMFADevicesRequest>(), Arg.Any<CancellationToken>()).Returns(_ => Page("d", "same"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => _iam.ListAllVirtualMFADevicesAsync(null));

        await _iam.Received(2).ListVirtualMFADevicesAsync(Arg.Any<ListVirtualMFADevicesRequest>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ListAllMFADevices_TruncatedWithoutMarker_IsAnErrorNotASilentlyShortList()
    {
        _iam.ListMFADevicesAsync(Arg.Any<ListMFADevicesRequest>(), Arg.Any<CancellationToken>())
            .Returns(new ListMFADevicesResponse { IsTruncated = true, MFADevices = [new MFADevice { SerialNumber = "x" }] });

        await Assert.ThrowsAsync<InvalidOperationException>(() => _iam.ListAllMFADevicesAsync("root"));
    }

    [Fact]
    public async Task ListAllVirtualMFADevices_PageWithoutIsTruncated_IsAnErrorNotTheLastPage()
    {
        // A second page exists (the Marker says so) and holds root's device; stopping at page one would hide it.
        _iam.ListVirtualMFADevicesAsync(Arg.Any<ListVirtualMFADevicesRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
            call.Arg<ListVirtualMFADevicesRequest>().Marker is null
                ? Task.FromResult(new ListVirtualMFADevicesResponse { VirtualMFADevices = [new VirtualMFADevice { SerialNumber = "d1" }], Marker = "m1" })
                : Page("root-device", null));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _iam.ListAllVirtualMFADevicesAsync(null));

        Assert.Contains("without IsTruncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAllMFADevices_PageWithoutIsTruncated_IsAnErrorNotTheLastPage()
    {
        _iam.ListMFADevicesAsync(Arg.Any<ListMFADevicesRequest>(), Arg.Any<CancellationToken>())
            .Returns(new ListMFADevicesResponse { MFADevices = [new MFADevice { SerialNumber = "GAHT12345678" }] });

        await Assert.ThrowsAsync<InvalidOperationException>(() => _iam.ListAllMFADevicesAsync(null));
    }

    private static Task<ListVirtualMFADevicesResponse> Page(string serial, string? next) => Task.FromResult(new ListVirtualMFADevicesResponse
    {
        VirtualMFADevices = [new VirtualMFADevice { SerialNumber = serial }],
        IsTruncated = next is not null,
        Marker = next,
    });
}
