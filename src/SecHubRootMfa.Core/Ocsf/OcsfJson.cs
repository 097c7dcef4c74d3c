using System.Text.Json;

namespace SecHubRootMfa.Core.Ocsf;

/// <summary>Serializes OCSF events with the source-generated context (no reflection, AOT-safe).</summary>
public static class OcsfJson
{
    /// <summary>Compact UTF-8 JSON with OCSF attribute names, absent attributes omitted.</summary>
    public static string Serialize(OcsfComplianceFinding finding) =>
        JsonSerializer.Serialize(finding, OcsfJsonContext.Default.OcsfComplianceFinding);

    /// <summary>Writes <paramref name="finding"/> to <paramref name="writer"/> (for documents that hold several events).</summary>
    public static void Write(Utf8JsonWriter writer, OcsfComplianceFinding finding) =>
        JsonSerializer.Serialize(writer, finding, OcsfJsonContext.Default.OcsfComplianceFinding);
}
