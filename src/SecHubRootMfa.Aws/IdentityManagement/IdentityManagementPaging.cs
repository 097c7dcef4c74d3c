using SecHubRootMfa.Aws.IdentityManagement.Model;

namespace SecHubRootMfa.Aws.IdentityManagement;

/// <summary>Walks IAM's Marker/IsTruncated paging to the end, with a hard page limit.</summary>
public static class IdentityManagementPaging
{
    /// <summary>At most this many pages are read (1000 × 1000 devices) before giving up.</summary>
    public const int MaxPages = 1000;

    /// <summary>Every virtual MFA device with the given assignment status, across all pages.</summary>
    /// <exception cref="InvalidOperationException">IAM omitted IsTruncated, repeated a marker or paged past <see cref="MaxPages"/>.</exception>
    public static async Task<List<VirtualMFADevice>> ListAllVirtualMFADevicesAsync(
        this IAmazonIdentityManagementService client, AssignmentStatusType? assignmentStatus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var devices = new List<VirtualMFADevice>();
        var seenMarkers = new HashSet<string>(StringComparer.Ordinal);
        string? marker = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await client.ListVirtualMFADevicesAsync(
                new ListVirtualMFADevicesRequest { AssignmentStatus = assignmentStatus, Marker = marker, MaxItems = 1000 },
                cancellationToken).ConfigureAwait(false);
            devices.AddRange(response.VirtualMFADevices ?? []);
            if (!IsTruncated(response.IsTruncated, "ListVirtualMFADevices"))
            {
                return devices;
            }

            if (string.IsNullOrEmpty(response.Marker) || !seenMarkers.Add(response.Marker))
            {
                throw new InvalidOperationException(
                    "IAM ListVirtualMFADevices said more pages follow but gave no new Marker; refusing to loop.");
            }

            marker = response.Marker;
        }

        throw new InvalidOperationException($"IAM ListVirtualMFADevices returned more than {MaxPages} pages; refusing to continue.");
    }

    /// <summary>Every MFA device of a user (or of the caller when <paramref name="userName"/> is null), across all pages.</summary>
    /// <exception cref="InvalidOperationException">IAM omitted IsTruncated, repeated a marker or paged past <see cref="MaxPages"/>.</exception>
    public static async Task<List<MFADevice>> ListAllMFADevicesAsync(
        this IAmazonIdentityManagementService client, string? userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var devices = new List<MFADevice>();
        var seenMarkers = new HashSet<string>(StringComparer.Ordinal);
        string? marker = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await client.ListMFADevicesAsync(
                new ListMFADevicesRequest { UserName = userName, Marker = marker, MaxItems = 1000 }, cancellationToken).ConfigureAwait(false);
            devices.AddRange(response.MFADevices ?? []);
            if (!IsTruncated(response.IsTruncated, "ListMFADevices"))
            {
                return devices;
            }

            if (string.IsNullOrEmpty(response.Marker) || !seenMarkers.Add(response.Marker))
            {
                throw new InvalidOperationException("IAM ListMFADevices said more pages follow but gave no new Marker; refusing to loop.");
            }

            marker = response.Marker;
        }

        throw new InvalidOperationException($"IAM ListMFADevices returned more than {MaxPages} pages; refusing to continue.");
    }

    // IAM always says whether more pages follow. Without it, "no more pages" would be a guess, and a guess here can
    // hide the one virtual device on root that is on the next page.
    private static bool IsTruncated(bool? isTruncated, string operation) =>
        isTruncated ?? throw new InvalidOperationException(
            $"IAM {operation} answered without IsTruncated, so whether more pages follow is unknown; refusing to treat the list as complete.");
}
