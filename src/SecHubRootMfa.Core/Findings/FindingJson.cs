using System.Text.Json;

namespace SecHubRootMfa.Core.Findings;

/// <summary>Serializes and parses ASFF findings with the source-generated context (no reflection, AOT-safe).</summary>
public static class FindingJson
{
    /// <summary>Compact UTF-8 JSON with ASFF property names, nulls omitted; byte-identical for equal findings.</summary>
    public static string Serialize(AwsSecurityFinding finding) =>
        JsonSerializer.Serialize(finding, AsffJsonContext.Default.AwsSecurityFinding);

    /// <summary>The compact JSON's size in UTF-8 bytes, as Security Hub counts it against its 240 KB limit.</summary>
    public static int Utf8Size(AwsSecurityFinding finding) =>
        JsonSerializer.SerializeToUtf8Bytes(finding, AsffJsonContext.Default.AwsSecurityFinding).Length;

    /// <summary>Parses one finding; throws <see cref="JsonException"/> for malformed JSON.</summary>
    public static AwsSecurityFinding Deserialize(string json) =>
        JsonSerializer.Deserialize(json, AsffJsonContext.Default.AwsSecurityFinding)
        ?? throw new JsonException("A finding was expected, got null.");
}
