using System.Globalization;
using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.Findings;

/// <summary>
/// The finding's own record of compliance changes whose event EventBridge has not accepted yet (ProductFields
/// <c>SecHubRootMfa/PendingChanges</c>). Keeping it in the finding lets the import go first and any later run deliver
/// what an earlier run could not: at least once, with a stable id per transition.
/// </summary>
public static class ChangeOutbox
{
    /// <summary>The most transitions kept; older ones are dropped (and counted) past it, as ProductFields values are bounded.</summary>
    public const int Capacity = 16;

    /// <summary>The word for "no finding yet" in the <c>From</c> position.</summary>
    public const string None = "NONE";

    private const char Separator = ';';

    /// <summary>
    /// The outbox after an evaluation: <paramref name="pending"/> plus the transition from <paramref name="previous"/> (stored
    /// with UpdatedAt <paramref name="since"/>) to the evaluation's status when they differ. Keeps the newest
    /// <see cref="Capacity"/> entries; <paramref name="dropped"/> says how many fell off.
    /// </summary>
    public static IReadOnlyList<PendingChange> Advance(
        IReadOnlyList<PendingChange> pending, ComplianceStatus? previous, DateTimeOffset? since, RootMfaEvaluation evaluation, out int dropped) =>
        Advance(pending, previous, null, since, evaluation, out dropped);

    /// <summary>
    /// The outbox after an evaluation: <paramref name="pending"/> plus the transition from the stored finding (status
    /// <paramref name="previous"/>, reason <paramref name="previousReason"/>, UpdatedAt <paramref name="since"/>) when the
    /// status or the reason (and with it the severity) changed. Keeps the newest entries that fit, at most
    /// <see cref="Capacity"/> and within one ProductFields value; <paramref name="dropped"/> says how many fell off.
    /// </summary>
    public static IReadOnlyList<PendingChange> Advance(
        IReadOnlyList<PendingChange> pending, ComplianceStatus? previous, ReasonCode? previousReason, DateTimeOffset? since,
        RootMfaEvaluation evaluation, out int dropped)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(evaluation);
        var next = new List<PendingChange>(pending);
        var escalated = previous == evaluation.Status && previousReason is { } before && before != evaluation.Reason;
        if (previous != evaluation.Status || escalated)
        {
            // The outbox stores milliseconds; the in-memory transition must equal its stored form, or its id would change.
            next.Add(new PendingChange(previous, evaluation.Status, evaluation.Reason, RootMfaFindingBuilder.ToMilliseconds(evaluation.ObservedAt),
                previous is null || since is not { } s ? null : RootMfaFindingBuilder.ToMilliseconds(s),
                previous is null ? null : previousReason));
        }

        dropped = Math.Max(0, next.Count - Capacity);
        var kept = dropped == 0 ? next : next.GetRange(dropped, Capacity);

        // Entries that name both reasons can be longer than the value limit allows 16 of: drop the oldest, counted, rather
        // than let the value be cut (a cut entry could not be read back).
        while (kept.Count > 1 && Encode(kept)!.Length > AsffLimits.ProductFieldValue)
        {
            kept = kept.GetRange(1, kept.Count - 1);
            dropped++;
        }

        return kept;
    }

    /// <summary>The ProductFields value for <paramref name="pending"/>; null when nothing is pending (the key is then omitted).</summary>
    public static string? Encode(IReadOnlyList<PendingChange> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        return pending.Count == 0 ? null : string.Join(Separator, pending.Select(p => p.Encode()));
    }

    /// <summary>
    /// Parses a stored outbox. An entry we cannot read is reported in <paramref name="unreadable"/> and left out, never
    /// guessed: the stored finding came from outside this process.
    /// </summary>
    public static IReadOnlyList<PendingChange> Parse(string? value, out int unreadable)
    {
        unreadable = 0;
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        var result = new List<PendingChange>();
        foreach (var entry in value.Split(Separator))
        {
            if (TryParseEntry(entry, out var change))
            {
                result.Add(change);
            }
            else
            {
                unreadable++;
            }
        }

        return result.Count > Capacity ? result.GetRange(result.Count - Capacity, Capacity) : result;
    }

    private static bool TryParseEntry(string entry, out PendingChange change)
    {
        change = null!;
        DateTimeOffset? since = null;
        var tilde = entry.IndexOf('~', StringComparison.Ordinal);
        if (tilde >= 0)
        {
            if (!TryTime(entry[(tilde + 1)..], out var s))
            {
                return false;
            }

            since = s;
            entry = entry[..tilde];
        }

        var arrow = entry.IndexOf('>', StringComparison.Ordinal);
        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        var at = entry.IndexOf('@', StringComparison.Ordinal);
        if (arrow <= 0 || colon <= arrow || at <= colon)
        {
            return false;
        }

        var fromText = entry[..arrow];
        ReasonCode? fromReason = null;
        var slash = fromText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            // The reason before, written since escalations are announced; entries without it are an older version's.
            fromReason = AsffNames.ParseReasonCode(fromText[(slash + 1)..]);
            fromText = fromText[..slash];
            if (fromReason is null || fromText == None)
            {
                return false;
            }
        }

        ComplianceStatus? from = fromText == None ? null : AsffNames.ParseComplianceStatus(fromText);
        var to = AsffNames.ParseComplianceStatus(entry[(arrow + 1)..colon]);
        var reason = AsffNames.ParseReasonCode(entry[(colon + 1)..at]);
        if ((from is null && fromText != None) || to is null || reason is null || !TryTime(entry[(at + 1)..], out var observed))
        {
            return false;
        }

        change = new PendingChange(from, to.Value, reason.Value, observed, since, fromReason);
        return true;
    }

    private static bool TryTime(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
