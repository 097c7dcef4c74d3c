using System.Globalization;
using System.Text.RegularExpressions;

namespace SecHubRootMfa.Core.Tests.Support.Asff;

/// <summary>
/// The timestamp rule of Security Hub ("Timestamps" in the Security Hub CSPM API Reference,
/// https://docs.aws.amazon.com/securityhub/1.0/APIReference/Welcome.html#timestamps, repeated on the
/// AWS::SecurityHub::AutomationRule DateFilter page of the CloudFormation reference): RFC 3339 date-time with "T",
/// fractional seconds of at most 9 digits, "Z" or an offset bounded by +/-18:00. AWS also accepts "+HHMM" and "+HH";
/// RFC 3339 section 5.6 does not, and neither does this rule: our findings are held to both.
/// </summary>
internal static partial class SecurityHubTimestamp
{
    /// <summary>Null when <paramref name="value"/> is a timestamp Security Hub accepts, else why not.</summary>
    public static string? Problem(string value)
    {
        var m = Shape().Match(value);
        if (!m.Success)
        {
            return "not an RFC 3339 date-time as Security Hub requires (YYYY-MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM))";
        }

        int Part(string name) => int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
        var (year, month, day) = (Part("y"), Part("mo"), Part("d"));
        var (hour, minute, second) = (Part("h"), Part("mi"), Part("s"));
        if (month is < 1 or > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return "not a calendar date";
        }

        // A leap second is written 23:59:60, as AWS's pattern allows.
        var leapSecond = (hour, minute, second) == (23, 59, 60);
        if (hour > 23 || minute > 59 || (second > 59 && !leapSecond))
        {
            return "not a time of day";
        }

        if (m.Groups["oh"].Success)
        {
            var (offsetHours, offsetMinutes) = (Part("oh"), Part("om"));
            if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 18 * 60)
            {
                return "UTC offset beyond +/-18:00";
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<mo>[0-9]{2})-(?<d>[0-9]{2})T(?<h>[0-9]{2}):(?<mi>[0-9]{2}):(?<s>[0-9]{2})(\.[0-9]{1,9})?(Z|[+-](?<oh>[0-9]{2}):(?<om>[0-9]{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
