using System.Globalization;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Core.Tests.Support;

/// <summary>The limits AWS documents for BatchImportFindings, asserted inside the repository (no tool beside it).</summary>
internal static class AsffLimitChecks
{
    public static void AssertWithin(AwsSecurityFinding f)
    {
        Assert.Equal("2018-10-08", f.SchemaVersion);
        foreach (var (name, value, max) in new (string, string?, int)[]
        {
            ("Id", f.Id, AsffLimits.Identifier), ("GeneratorId", f.GeneratorId, AsffLimits.Identifier), ("Title", f.Title, AsffLimits.Title),
            ("Description", f.Description, AsffLimits.Description), ("ProductArn", f.ProductArn, 2048), ("AwsAccountId", f.AwsAccountId, 12),
            ("Remediation.Recommendation.Text", f.Remediation?.Recommendation?.Text, AsffLimits.RecommendationText),
        })
        {
            Assert.False(string.IsNullOrWhiteSpace(value), $"{name} is blank");
            Assert.True(value!.Length <= max, $"{name} is {value.Length} characters; the limit is {max}");
        }

        foreach (var time in new[] { f.CreatedAt, f.UpdatedAt, f.FirstObservedAt, f.LastObservedAt })
        {
            Assert.True(DateTimeOffset.TryParseExact(time, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
                $"'{time}' is not an RFC 3339 UTC timestamp");
        }

        Assert.InRange(f.ProductFields!.Count, 1, AsffLimits.ProductFieldCount);
        Assert.All(f.ProductFields, kv =>
        {
            Assert.InRange(kv.Key.Length, 1, AsffLimits.ProductFieldKey);
            Assert.InRange(kv.Value.Length, 1, AsffLimits.ProductFieldValue);
            Assert.False(string.IsNullOrWhiteSpace(kv.Value), $"ProductFields[{kv.Key}] is blank");
        });
        Assert.All(f.Compliance!.StatusReasons!, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(s.ReasonCode));
            Assert.InRange(s.Description!.Length, 1, AsffLimits.StatusReasonDescription);
        });
        Assert.Contains(f.Severity!.Label, new[] { "INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL" });
        Assert.Contains(f.Compliance.Status, new[] { "PASSED", "WARNING", "FAILED", "NOT_AVAILABLE" });
        Assert.InRange(FindingJson.Utf8Size(f), 1, AsffLimits.FindingBytes);
    }
}
