using System.Security.Cryptography;
using System.Text;
using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.Findings;

/// <summary>
/// The change id of a compliance transition: the first 16 bytes of SHA-256 over the finding id, the statuses before and
/// after, the stored finding's UpdatedAt it departs from and, for a change within one status, the two reasons.
/// </summary>
public static class ChangeId
{
    /// <summary>The id of <paramref name="change"/> of <paramref name="findingId"/>, as 32 lowercase hex digits.</summary>
    public static string For(string findingId, PendingChange change)
    {
        ArgumentException.ThrowIfNullOrEmpty(findingId);
        ArgumentNullException.ThrowIfNull(change);
        var since = change.Since is { } s ? RootMfaFindingBuilder.Timestamp(s) : ChangeOutbox.None;
        // A status change keeps the id it had before reasons were recorded (an outbox stored by an older version is
        // redelivered under the same id); a change within one status is told apart by its two reasons.
        var reasons = change.From == change.To ? $"\n{change.FromReason?.ToAsff() ?? ChangeOutbox.None}>{change.Reason.ToAsff()}" : "";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{findingId}\n{change.From?.ToAsff() ?? ChangeOutbox.None}\n{change.To.ToAsff()}\n{since}{reasons}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
