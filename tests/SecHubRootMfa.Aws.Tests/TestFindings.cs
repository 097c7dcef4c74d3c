using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Aws.Tests;

/// <summary>Small valid ASFF findings for client tests.</summary>
internal static class TestFindings
{
    public static AwsSecurityFinding Create(string id, string account = "123456789012", string region = "us-east-1", string? padding = null) => new()
    {
        SchemaVersion = "2018-10-08",
        Id = id,
        ProductArn = $"arn:aws:securityhub:{region}:{account}:product/{account}/default",
        GeneratorId = "sechubrootmfa/iam.6",
        AwsAccountId = account,
        Types = ["Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"],
        CreatedAt = "2025-01-01T00:00:00.000Z",
        UpdatedAt = "2025-01-01T00:00:00.000Z",
        FirstObservedAt = "2025-01-01T00:00:00.000Z",
        Severity = new Severity { Label = "HIGH" },
        Title = "Hardware MFA should be enabled for the root user",
        Description = padding ?? "Root uses a virtual MFA device.",
        Resources = [new Resource { Type = "AwsAccount", Id = $"AWS::::Account:{account}", Partition = "aws", Region = region }],
        Compliance = new Compliance { Status = "FAILED" },
        RecordState = "ACTIVE",
    };
}
