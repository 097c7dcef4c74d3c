using System.Globalization;
using System.Security.Cryptography;

namespace SecHubRootMfa.Service.Organization;

/// <summary>
/// The id of one organization run, carried in every member's queue message, metric line and log line: its start time
/// (UTC, to the second) and 8 random hex digits, e.g. <c>20261205T010000Z-5f3a9c1e</c>. Sorts by start time.
/// </summary>
public static class OrgRunId
{
    /// <summary>An id of the documented form, for messages.</summary>
    public const string Example = "20261205T010000Z-5f3a9c1e";

    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>A new id for a run starting at <paramref name="clock"/>'s now.</summary>
    public static string New(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return $"{clock.GetUtcNow().UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }

    /// <summary>True when <paramref name="value"/> has the form of <see cref="New"/>.</summary>
    public static bool IsValid(string? value) =>
        value is { Length: 25 } && value[16] == '-'
        && DateTime.TryParseExact(value[..16], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        && value[17..].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
