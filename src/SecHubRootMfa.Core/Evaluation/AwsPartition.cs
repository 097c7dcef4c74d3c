namespace SecHubRootMfa.Core.Evaluation;

/// <summary>An AWS partition that Security Hub findings can name: <c>aws</c>, <c>aws-cn</c> or <c>aws-us-gov</c>.</summary>
public readonly record struct AwsPartition
{
    /// <summary>The commercial partition.</summary>
    public static readonly AwsPartition Aws = new("aws");

    /// <summary>The China partition.</summary>
    public static readonly AwsPartition China = new("aws-cn");

    /// <summary>The AWS GovCloud (US) partition.</summary>
    public static readonly AwsPartition GovCloud = new("aws-us-gov");

    private AwsPartition(string name) => Name = name;

    /// <summary>The partition's name as it appears in ARNs.</summary>
    public string Name { get; }

    /// <summary>True for <c>aws-us-gov</c>, where accounts have no usable root user.</summary>
    public bool IsGovCloud => Name == GovCloud.Name;

    /// <summary>Parses a partition name; throws <see cref="ArgumentException"/> for one ASFF cannot carry.</summary>
    public static AwsPartition Parse(string name) => name switch
    {
        "aws" => Aws,
        "aws-cn" => China,
        "aws-us-gov" => GovCloud,
        _ => throw new ArgumentException(
            $"Unsupported AWS partition '{name}': Security Hub findings support aws, aws-cn and aws-us-gov.", nameof(name)),
    };

    /// <summary>The partition a region belongs to (<c>cn-*</c> → aws-cn, <c>us-gov-*</c> → aws-us-gov, else aws).</summary>
    public static AwsPartition ForRegion(string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        if (!RegionName.IsValid(region))
        {
            throw new ArgumentException($"'{region}' is not an AWS region name (expected something like eu-west-1).", nameof(region));
        }

        if (region.StartsWith("cn-", StringComparison.Ordinal))
        {
            return China;
        }

        if (region.StartsWith("us-gov-", StringComparison.Ordinal))
        {
            return GovCloud;
        }

        if (region.StartsWith("us-iso", StringComparison.Ordinal) || region.StartsWith("eusc-", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Region '{region}' is in a partition Security Hub findings cannot name.", nameof(region));
        }

        return Aws;
    }

    /// <summary>
    /// The region where IAM and root sign-in events reach CloudTrail and EventBridge: us-east-1, cn-north-1 or
    /// us-gov-west-1, as infra-pulumi/contracts/partitions.json says (the stack deploys the rules there; a test holds both equal).
    /// </summary>
    public string GlobalEventsRegion => Name switch
    {
        "aws-cn" => "cn-north-1",
        "aws-us-gov" => "us-gov-west-1",
        _ => "us-east-1",
    };

    /// <summary>The ARN of the account's root user in this partition.</summary>
    public string RootUserArn(string accountId) => $"arn:{Name}:iam::{AccountIds.Require(accountId)}:root";

    /// <inheritdoc />
    public override string ToString() => Name;
}
