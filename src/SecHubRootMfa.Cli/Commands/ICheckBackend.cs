using SecHubRootMfa.Service.Checking;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>Everything <c>check</c> needs from AWS, created from the settings (credentials, region, endpoints).</summary>
public interface ICheckBackendFactory
{
    /// <summary>
    /// Resolves the caller's account and region and builds the check service. Throws
    /// <see cref="Service.Ports.AwsCallException"/> when credentials or the region cannot be found.
    /// </summary>
    Task<CheckBackend> CreateAsync(CheckSettings settings, CancellationToken cancellationToken);
}

/// <summary>The check service bound to one account and region.</summary>
/// <param name="AccountId">The caller's account (from STS GetCallerIdentity).</param>
/// <param name="Region">The resolved Security Hub region.</param>
/// <param name="Service">The check service.</param>
public sealed record CheckBackend(string AccountId, string Region, RootMfaCheckService Service);
