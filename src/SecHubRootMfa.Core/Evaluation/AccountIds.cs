namespace SecHubRootMfa.Core.Evaluation;

/// <summary>Validation of 12-digit AWS account ids and region names, for everything that arrives from outside.</summary>
public static class AccountIds
{
    /// <summary>True when <paramref name="value"/> is exactly 12 ASCII digits.</summary>
    public static bool IsValid(string? value) => value is { Length: 12 } && value.All(char.IsAsciiDigit);

    /// <summary>Returns <paramref name="value"/> when it is a valid account id; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static string Require(string? value) => IsValid(value)
        ? value!
        : throw new ArgumentException($"'{value}' is not an AWS account id (12 digits).", nameof(value));
}

/// <summary>Validation of AWS region names such as <c>eu-west-1</c> or <c>us-gov-west-1</c>.</summary>
public static class RegionName
{
    /// <summary>True for lower-case letters and digits in dash-separated parts, ending in a number.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 32)
        {
            return false;
        }

        var parts = value.Split('-');
        return parts.Length >= 3
            && parts.All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            && parts[^1].All(char.IsAsciiDigit);
    }
}
