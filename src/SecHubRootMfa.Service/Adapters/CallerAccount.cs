using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Adapters;

/// <summary>The account the credentials belong to, from sts:GetCallerIdentity (which needs no permission).</summary>
public static class CallerAccount
{
    /// <summary>The 12-digit account id; throws <see cref="AwsCallException"/> when STS fails or answers something else.</summary>
    public static async Task<string> ResolveAsync(IAmazonSecurityTokenService sts, string region, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sts);
        string account;
        try
        {
            account = (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false)).Account;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrors.Classify(ex, "sts:GetCallerIdentity", region);
        }

        return AccountIds.IsValid(account)
            ? account
            : throw new AwsCallException(AwsFailureKind.Permanent, $"sts:GetCallerIdentity returned '{AwsErrors.Plain(account, 64)}', which is not an account id.");
    }
}
