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
        GetAccountSummaryResponse summary;
        List<VirtualMFADevice> devices;
        try
        {
            summary = await iam.GetAccountSummaryAsync(new GetAccountSummaryRequest(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrors.Classify(ex, "iam:GetAccountSummary", accountId: accountId);
        }

        try
        {
            devices = await iam.ListAllVirtualMFADevicesAsync(AssignmentStatusType.Any, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrors.Classify(ex, "iam:ListVirtualMFADevices", accountId: accountId);
        }

        return new RootMfaObservation(
            accountId,
            partition,
            AccountSummary.FromSummaryMap(summary.SummaryMap ?? throw new MalformedIamDataException("GetAccountSummary returned no SummaryMap.")),
            devices.Select(ToDevice).ToArray(),
            clock.GetUtcNow());
    }

    private static Core.Evaluation.VirtualMfaDevice ToDevice(VirtualMFADevice d) =>
        string.IsNullOrWhiteSpace(d.SerialNumber)
            ? throw new MalformedIamDataException("ListVirtualMFADevices returned a device without a SerialNumber.")
            : new Core.Evaluation.VirtualMfaDevice(
                d.SerialNumber,
                string.IsNullOrEmpty(d.User?.Arn) ? null : d.User.Arn,
                d.EnableDate is { } date ? new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)) : null);
}
