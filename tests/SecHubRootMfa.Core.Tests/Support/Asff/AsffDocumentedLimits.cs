namespace SecHubRootMfa.Core.Tests.Support.Asff;

/// <summary>
/// Limits AWS documents for ASFF that botocore's model does not carry as constraints. Kept apart from the product's own
/// AsffLimits on purpose: an oracle that read the product's numbers would approve whatever the product does.
/// </summary>
internal static class AsffDocumentedLimits
{
    // Security Hub CSPM API Reference, AwsSecurityFinding
    // (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html): "Length Constraints:
    // Minimum length of 1. Maximum length of 512" for Id and GeneratorId, 256 for Title, 1024 for Description;
    // ProductFields "Can contain up to 50 key-value pairs. For each key-value pair, the key can contain up to 128
    // characters, and the value can contain up to 2048 characters."
    // Recommendation (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Recommendation.html): Text
    // "Maximum of 512 length".

    /// <summary>Maximum length in characters of a string at a path of the finding.</summary>
    public static readonly IReadOnlyList<(string[] Path, int MaxLength)> StringLengths =
    [
        (["Id"], 512),
        (["GeneratorId"], 512),
        (["Title"], 256),
        (["Description"], 1024),
        (["Remediation", "Recommendation", "Text"], 512),
    ];

    public const int ProductFieldsMaxEntries = 50;
    public const int ProductFieldsMaxKeyLength = 128;
    public const int ProductFieldsMaxValueLength = 2048;

    // Security Hub CSPM Partner Guide, "Guidelines for using the BatchImportFindings API"
    // (https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html): "up to 240 KB
    // per finding"; the BatchImportFindings API reference: "An error is returned for any finding larger than 240 Kb."

    /// <summary>Maximum size of one finding, in bytes of its JSON.</summary>
    public const int FindingMaxBytes = 240 * 1024;

    // Security Hub CSPM User Guide, "Required top-level ASFF attributes"
    // (https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html) and the API reference's
    // AwsSecurityFinding: "The value is 2018-10-08."

    /// <summary>The only SchemaVersion Security Hub accepts.</summary>
    public const string SchemaVersion = "2018-10-08";
}
