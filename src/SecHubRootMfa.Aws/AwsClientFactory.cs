using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SQS;
using SecHubRootMfa.Aws.CloudTrail;
using SecHubRootMfa.Aws.EventBridge;
using SecHubRootMfa.Aws.IdentityManagement;
using SecHubRootMfa.Aws.Organizations;
using SecHubRootMfa.Aws.Runtime;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Aws;

/// <summary>Creates the AWS clients the product uses; mock this in callers' tests.</summary>
public interface IAwsClientFactory
{
    /// <summary>An IAM client (global endpoint of the configured region's partition).</summary>
    IAmazonIdentityManagementService CreateIdentityManagement();

    /// <summary>A Security Hub client for the configured region.</summary>
    IAmazonSecurityHub CreateSecurityHub();

    /// <summary>An EventBridge client for the configured region.</summary>
    IAmazonEventBridge CreateEventBridge();

    /// <summary>The official AWSSDK.SecurityToken client with the same region, endpoint, timeout and retry rules.</summary>
    IAmazonSecurityTokenService CreateSecurityTokenService();

    /// <summary>An AWS Organizations client (global endpoint of the configured region's partition).</summary>
    IAmazonOrganizations CreateOrganizations();

    /// <summary>A CloudTrail client for the configured region.</summary>
    IAmazonCloudTrail CreateCloudTrail();

    /// <summary>The official AWSSDK.SQS client with the same region, endpoint, timeout and retry rules.</summary>
    IAmazonSQS CreateSqs();
}

/// <summary>Builds clients from <see cref="AwsClientOptions"/>; each call returns a new client the caller disposes.</summary>
public sealed class AwsClientFactory : IAwsClientFactory
{
    private readonly AwsClientOptions _options;

    /// <summary>Validates the options (region name, timeouts, attempts) up front.</summary>
    public AwsClientFactory(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Region is { } region && !RegionName.IsValid(region))
        {
            throw new ArgumentException($"'{region}' is not an AWS region name (expected something like eu-west-1).", nameof(options));
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.AttemptTimeout > ClientConfig.MaxTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AttemptTimeout, "AttemptTimeout must be positive.");
        }

        if (options.OperationTimeout <= TimeSpan.Zero && options.OperationTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.OperationTimeout, "OperationTimeout must be positive or infinite.");
        }

        if (options.Retry is null || options.Retry.MaxAttempts is < 1 or > AwsRetryPolicy.MaxAttemptsLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Retry?.MaxAttempts, $"Retry.MaxAttempts must be between 1 and {AwsRetryPolicy.MaxAttemptsLimit}.");
        }

        foreach (var url in new[] { options.IamServiceUrl, options.SecurityHubServiceUrl, options.EventBridgeServiceUrl, options.StsServiceUrl, options.OrganizationsServiceUrl, options.CloudTrailServiceUrl, options.SqsServiceUrl })
        {
            if (url is not null && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
            {
                throw new ArgumentException($"Endpoint override '{url}' must be an absolute http(s) URL.", nameof(options));
            }
        }

        _options = options;
    }

    /// <inheritdoc />
    public IAmazonIdentityManagementService CreateIdentityManagement()
    {
        var config = Configure(new AmazonIdentityManagementServiceConfig(), _options.IamServiceUrl, "IAM");
        return _options.Credentials is { } c ? new AmazonIdentityManagementServiceClient(c, config) : new AmazonIdentityManagementServiceClient(config);
    }

    /// <inheritdoc />
    public IAmazonSecurityHub CreateSecurityHub()
    {
        var config = Configure(new AmazonSecurityHubConfig(), _options.SecurityHubServiceUrl, "SecurityHub");
        return _options.Credentials is { } c ? new AmazonSecurityHubClient(c, config) : new AmazonSecurityHubClient(config);
    }

    /// <inheritdoc />
    public IAmazonEventBridge CreateEventBridge()
    {
        var config = Configure(new AmazonEventBridgeConfig(), _options.EventBridgeServiceUrl, "EventBridge");
        return _options.Credentials is { } c ? new AmazonEventBridgeClient(c, config) : new AmazonEventBridgeClient(config);
    }

    /// <inheritdoc />
    public IAmazonSecurityTokenService CreateSecurityTokenService()
    {
        var config = Configure(new AmazonSecurityTokenServiceConfig(), _options.StsServiceUrl, "STS");
        return _options.Credentials is { } c ? new AmazonSecurityTokenServiceClient(c, config) : new AmazonSecurityTokenServiceClient(config);
    }

    /// <inheritdoc />
    public IAmazonOrganizations CreateOrganizations()
    {
        var config = Configure(new AmazonOrganizationsConfig(), _options.OrganizationsServiceUrl, "Organizations");
        return _options.Credentials is { } c ? new AmazonOrganizationsClient(c, config) : new AmazonOrganizationsClient(config);
    }

    /// <inheritdoc />
    public IAmazonCloudTrail CreateCloudTrail()
    {
        var config = Configure(new AmazonCloudTrailConfig(), _options.CloudTrailServiceUrl, "CloudTrail");
        return _options.Credentials is { } c ? new AmazonCloudTrailClient(c, config) : new AmazonCloudTrailClient(config);
    }

    /// <inheritdoc />
    public IAmazonSQS CreateSqs()
    {
        var config = Configure(new AmazonSQSConfig(), _options.SqsServiceUrl, "SQS");
        return _options.Credentials is { } c ? new AmazonSQSClient(c, config) : new AmazonSQSClient(config);
    }

    private T Configure<T>(T config, Uri? serviceUrl, string serviceId)
        where T : ClientConfig
    {
        if (_options.ProfileName is { } profile)
        {
            config.Profile = new Profile(profile);
        }

        if (_options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (serviceUrl is not null)
        {
            // ServiceURL and RegionEndpoint are exclusive in the SDK; keep the region for signing explicitly.
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = PartitionEndpoints.Resolve(serviceId, _options.Region, config.ServiceURL).SigningRegion;
        }

        _options.Retry.ApplyTo(config);
        config.Timeout = _options.AttemptTimeout;
        if (config is ServiceClientConfigBase ours)
        {
            ours.OperationTimeout = _options.OperationTimeout;
        }

        return config;
    }
}
