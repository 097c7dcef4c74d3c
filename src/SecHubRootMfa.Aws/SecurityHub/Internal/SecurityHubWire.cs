using System.Text.Json.Serialization;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Aws.SecurityHub.Internal;

internal sealed class BatchImportFindingsWire
{
    public int? FailedCount { get; set; }

    public int? SuccessCount { get; set; }

    public List<ImportFindingsErrorWire>? FailedFindings { get; set; }
}

internal sealed class ImportFindingsErrorWire
{
    public string? Id { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }
}

internal sealed class GetFindingsWire
{
    public List<AwsSecurityFinding>? Findings { get; set; }

    public string? NextToken { get; set; }
}

/// <summary>Source-generated JSON for Security Hub answers; the findings inside use ASFF's spelling as-is.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BatchImportFindingsWire))]
[JsonSerializable(typeof(GetFindingsWire))]
internal sealed partial class SecurityHubJsonContext : JsonSerializerContext;
