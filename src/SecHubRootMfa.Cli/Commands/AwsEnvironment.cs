using Amazon.Runtime.CredentialManagement;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.Runtime;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>
/// The AWS CLI's conventions for both <c>check</c> and <c>check --org</c>: region from <c>--region</c>, <c>AWS_REGION</c>,
/// <c>AWS_DEFAULT_REGION</c>, then the profile (<c>--profile</c> or <c>AWS_PROFILE</c>); credentials from that profile or
/// the standard chain; retries from <c>AWS_MAX_ATTEMPTS</c> and <c>AWS_RETRY_MODE</c>.
/// </summary>
public static class AwsEnvironment
{
    /// <summary>
    /// The client options for a run. Throws <see cref="AwsCallException"/> when no region is found or the named profile does
    /// not exist, and <see cref="ArgumentException"/> for an invalid retry variable.
    /// </summary>
    public static AwsClientOptions ClientOptions(string? region, string? profile, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var retry = AwsRetryPolicy.FromEnvironment(getEnvironmentVariable);
        CredentialProfile? named = null;
        if (profile is not null && !new CredentialProfileStoreChain().TryGetProfile(profile, out named))
        {
            throw new AwsCallException(AwsFailureKind.Permanent,
                $"The profile '{profile}' is not in your AWS config or credentials file (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, ~/.aws/).");
        }

        var resolved = region
            ?? NonEmpty(getEnvironmentVariable("AWS_REGION"))
            ?? NonEmpty(getEnvironmentVariable("AWS_DEFAULT_REGION"))
            ?? (named is not null ? named.Region?.SystemName : DefaultProfileRegion())
            ?? throw new AwsCallException(AwsFailureKind.Permanent,
                "No AWS region: pass --region, set AWS_REGION, or set a region in your AWS profile.");
        return new AwsClientOptions { Region = resolved, ProfileName = profile, Retry = retry };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // AWS_PROFILE or "default", the SDK's own way.
    private static string? DefaultProfileRegion()
    {
        try
        {
            return Amazon.Runtime.FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (Amazon.Runtime.AmazonClientException)
        {
            return null;
        }
    }
}
