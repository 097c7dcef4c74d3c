using SecHubRootMfa.Aws.IdentityManagement;
using SecHubRootMfa.Aws.IdentityManagement.Model;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Adapters;

/// <summary>Reads root's MFA state with iam:GetAccountSummary and every page of iam:ListVirtualMFADevices.</summary>
public sealed class IamRootMfaStateSource(IAmazonIdentityManagementService iam, TimeProvider clock) : IRootMfaStateSource
{
    /// <inheritdoc />
    public async Task<RootMfaObservation> ReadAsync(string accountId, AwsPartition partition, CancellationToken cancellationToken)
    {
        // Both reads are independent: issued together, an evaluation waits for one round trip to IAM's global
        // endpoint instead of two. WhenAll lets both finish (nothing is left running), then the summary's error, if
        // any, is the one reported, as when the reads ran one after the other; a failed summary also stops the
        // device paging, whose answer would be thrown away.
        // The observation is stamped when the reads start: what IAM answers is at least that fresh, so ordering two runs
        // by this time never ranks an older answer above a newer one (stamping at the end could).
        var observedAt = clock.GetUtcNow();
        using var devicesCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var summaryTask = ReadSummaryAsync(accountId, devicesCancel, cancellationToken);
        var devicesTask = ReadDevicesAsync(accountId, devicesCancel.Token);
        await Task.WhenAll(summaryTask, devicesTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var summary = await summaryTask.ConfigureAwait(false);
        var devices = await devicesTask.ConfigureAwait(false);

        return new RootMfaObservation(
            accountId,
            partition,
            AccountSummary.FromSummaryMap(summary.SummaryMap ?? throw new MalformedIamDataException("GetAccountSummary returned no SummaryMap.")),
            [.. devices.Select(d => ToDevice(d, partition.RootUserArn(accountId))).OfType<Core.Evaluation.VirtualMfaDevice>()],
            observedAt);
    }

    private async Task<GetAccountSummaryResponse> ReadSummaryAsync(
        string accountId, CancellationTokenSource devicesCancel, CancellationToken cancellationToken)
    {
        try
        {
            return await iam.GetAccountSummaryAsync(new GetAccountSummaryRequest(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await devicesCancel.CancelAsync().ConfigureAwait(false);
            throw AwsErrors.Classify(ex, "iam:GetAccountSummary", accountId: accountId);
        }
    }

    private async Task<List<VirtualMFADevice>> ReadDevicesAsync(string accountId, CancellationToken cancellationToken)
    {
        try
        {
            return await iam.ListAllVirtualMFADevicesAsync(AssignmentStatusType.Any, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrors.Classify(ex, "iam:ListVirtualMFADevices", accountId: accountId);
        }
    }

    // The XML layer already trimmed formatting whitespace; what is left must be what IAM documents, because the root
    // match is an exact string comparison and a value IAM cannot send must not quietly count as "not root's device".
    // Another user's device only needs to be readable: IAM lets a device path hold characters that no serial-number
    // parameter accepts, and such a device, which can never be root's, must not make the whole account unreadable.
    private static Core.Evaluation.VirtualMfaDevice? ToDevice(VirtualMFADevice d, string rootArn)
    {
        if (string.IsNullOrWhiteSpace(d.SerialNumber))
        {
            throw new MalformedIamDataException("ListVirtualMFADevices returned a device without a SerialNumber.");
        }

        var userArn = string.IsNullOrEmpty(d.User?.Arn) ? null : d.User.Arn;
        if (userArn is not null && !IsArnText(userArn))
        {
            throw new MalformedIamDataException(
                $"ListVirtualMFADevices returned device {Shown(d.SerialNumber)} with User.Arn '{Shown(userArn)}', which is not an IAM ARN.");
        }

        if (!MfaDeviceKinds.IsValidSerial(d.SerialNumber))
        {
            if (string.Equals(userArn, rootArn, StringComparison.Ordinal))
            {
                throw new MalformedIamDataException(
                    $"ListVirtualMFADevices returned SerialNumber '{Shown(d.SerialNumber)}' for root, which is not a serial number IAM issues.");
            }

            return IsArnText(d.SerialNumber)
                ? null
                : throw new MalformedIamDataException(
                    $"ListVirtualMFADevices returned SerialNumber '{Shown(d.SerialNumber)}', which is not printable ASCII.");
        }

        return new Core.Evaluation.VirtualMfaDevice(
            d.SerialNumber,
            userArn,
            d.EnableDate is { } date ? new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)) : null);
    }

    // IAM ARNs are printable ASCII without spaces (user names [\w+=,.@-], paths U+0021 to U+007E), at most 2048 long.
    private static bool IsArnText(string arn) =>
        arn.Length <= 2048 && arn.StartsWith("arn:", StringComparison.Ordinal) && arn.All(c => c is >= '!' and <= '~');

    // A malformed value is shown to say what was wrong, printable and short: it ends up in the finding.
    internal static string Shown(string value) =>
        new string([.. value.Take(64).Select(c => c is >= ' ' and <= '~' ? c : '?')]) + (value.Length > 64 ? "…" : "");
}
