using System.Text;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Core.EventPath;

/// <summary>Whether root MFA events can reach the checker (the trail and the rules that re-run it on every change).</summary>
public enum EventPathStatus
{
    /// <summary>A logging trail records management write events in the events region and every rule of ours is enabled.</summary>
    Live,

    /// <summary>Something the events need is off: no such trail, a stopped or narrowed trail, a disabled or deleted rule.</summary>
    Blind,

    /// <summary>The check could not tell (a permission missing, an unreadable answer, a part not checked).</summary>
    Unknown,
}

/// <summary>How event-path statuses are written in findings, logs and metrics.</summary>
public static class EventPathStatuses
{
    /// <summary><c>live</c>, <c>blind</c> or <c>unknown</c>.</summary>
    public static string ToEvidence(this EventPathStatus status) => status switch
    {
        EventPathStatus.Live => "live",
        EventPathStatus.Blind => "blind",
        EventPathStatus.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Parses what <see cref="ToEvidence"/> writes; false for anything else.</summary>
    public static bool TryParse(string? text, out EventPathStatus status)
    {
        foreach (var candidate in Enum.GetValues<EventPathStatus>())
        {
            if (string.Equals(text, candidate.ToEvidence(), StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = EventPathStatus.Unknown;
        return false;
    }
}

/// <summary>The result of one event-path check: status, why (bounded, one plain line) and when it was checked.</summary>
public sealed record EventPathHealth
{
    /// <summary>The most characters a reason keeps.</summary>
    public const int MaxReasonLength = 400;

    private EventPathHealth(EventPathStatus status, string reason, DateTimeOffset checkedAt)
    {
        Status = status;
        Reason = reason;
        CheckedAt = checkedAt;
    }

    /// <summary>Live, blind or unknown.</summary>
    public EventPathStatus Status { get; }

    /// <summary>Why, in one plain line of at most <see cref="MaxReasonLength"/> characters.</summary>
    public string Reason { get; }

    /// <summary>When the check ran (UTC, milliseconds).</summary>
    public DateTimeOffset CheckedAt { get; }

    /// <summary>A health value; the reason is flattened to one line and bounded, the time cut to milliseconds.</summary>
    public static EventPathHealth Of(EventPathStatus status, string reason, DateTimeOffset checkedAt) =>
        new(status, OneLine(reason, MaxReasonLength), RootMfaFindingBuilder.ToMilliseconds(checkedAt));

    /// <summary>An unknown result with its cause.</summary>
    public static EventPathHealth Unknown(string cause, DateTimeOffset checkedAt) => Of(EventPathStatus.Unknown, cause, checkedAt);

    /// <summary>
    /// <paramref name="text"/> on one line (control characters and whitespace runs become one space) cut to
    /// <paramref name="max"/> characters with an ellipsis: values from outside stay bounded.
    /// </summary>
    public static string OneLine(string? text, int max)
    {
        var line = new StringBuilder();
        foreach (var c in text ?? "")
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (line.Length > 0 && line[^1] != ' ')
                {
                    line.Append(' ');
                }
            }
            else
            {
                line.Append(c);
            }
        }

        var value = line.ToString().Trim();
        return value.Length == 0 ? "no reason given" : AsffText.Fit(value, max);
    }
}
