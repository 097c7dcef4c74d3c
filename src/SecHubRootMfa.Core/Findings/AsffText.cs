namespace SecHubRootMfa.Core.Findings;

/// <summary>The ASFF limits AWS documents for <c>BatchImportFindings</c>, in characters unless stated.</summary>
public static class AsffLimits
{
    /// <summary>Title.</summary>
    public const int Title = 256;

    /// <summary>Description.</summary>
    public const int Description = 1024;

    /// <summary>Remediation.Recommendation.Text.</summary>
    public const int RecommendationText = 512;

    /// <summary>Id and GeneratorId.</summary>
    public const int Identifier = 512;

    /// <summary>Number of ProductFields keys.</summary>
    public const int ProductFieldCount = 50;

    /// <summary>ProductFields key length.</summary>
    public const int ProductFieldKey = 128;

    /// <summary>ProductFields value length.</summary>
    public const int ProductFieldValue = 2048;

    /// <summary>Compliance.StatusReasons[].Description.</summary>
    public const int StatusReasonDescription = 2048;

    /// <summary>A whole finding, in bytes of JSON.</summary>
    public const int FindingBytes = 240 * 1024;
}

/// <summary>Fits text into ASFF limits so that any cut is visible.</summary>
public static class AsffText
{
    /// <summary>The mark left where text was cut.</summary>
    public const char Ellipsis = '…';

    /// <summary>
    /// Returns <paramref name="value"/> when it fits in <paramref name="max"/> characters, otherwise its start and an ellipsis,
    /// never splitting a surrogate pair.
    /// </summary>
    public static string Fit(string value, int max)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (value.Length <= max)
        {
            return value;
        }

        var keep = max - 1;
        if (keep > 0 && char.IsHighSurrogate(value[keep - 1]))
        {
            keep--;
        }

        return string.Concat(value.AsSpan(0, keep), Ellipsis.ToString());
    }

    /// <summary>
    /// Joins a fixed head (the decisive evidence) and a variable tail, cutting only the tail to fit <paramref name="max"/>.
    /// Throws when the head alone does not fit, which is a programming error, not input.
    /// </summary>
    public static string FitTail(string head, string tail, int max)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(tail);
        if (head.Length > max)
        {
            throw new InvalidOperationException($"Decisive evidence is {head.Length} characters; the limit is {max}.");
        }

        return tail.Length == 0 ? head : head + Fit(tail, max - head.Length);
    }
}
