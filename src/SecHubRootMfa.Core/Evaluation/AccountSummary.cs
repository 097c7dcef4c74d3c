namespace SecHubRootMfa.Core.Evaluation;

/// <summary>
/// The root-user facts from IAM <c>GetAccountSummary</c>. Each flag is null when IAM did not return its key,
/// which the evaluator treats as unknown, never as absent.
/// </summary>
public sealed record AccountSummary(
    bool? AccountMfaEnabled,
    bool? AccountPasswordPresent,
    bool? AccountAccessKeysPresent,
    bool? AccountSigningCertificatesPresent)
{
    /// <summary>The SummaryMap key for root MFA.</summary>
    public const string MfaEnabledKey = "AccountMFAEnabled";

    /// <summary>The SummaryMap key for a root password.</summary>
    public const string PasswordPresentKey = "AccountPasswordPresent";

    /// <summary>The SummaryMap key for root access keys.</summary>
    public const string AccessKeysPresentKey = "AccountAccessKeysPresent";

    /// <summary>The SummaryMap key for root signing certificates.</summary>
    public const string SigningCertificatesPresentKey = "AccountSigningCertificatesPresent";

    /// <summary>
    /// Reads the four root keys from a SummaryMap: 0 is false, 1 is true, a missing key is null.
    /// Throws <see cref="MalformedIamDataException"/> for any other value.
    /// </summary>
    public static AccountSummary FromSummaryMap(IReadOnlyDictionary<string, int> summaryMap)
    {
        ArgumentNullException.ThrowIfNull(summaryMap);
        return new AccountSummary(
            Flag(summaryMap, MfaEnabledKey),
            Flag(summaryMap, PasswordPresentKey),
            Flag(summaryMap, AccessKeysPresentKey),
            Flag(summaryMap, SigningCertificatesPresentKey));
    }

    /// <summary>
    /// A flag as IAM spells it: <c>1</c>, <c>0</c>, or <see cref="Unknown"/> when IAM did not return the key (never
    /// "missing", which reads as "no password").
    /// </summary>
    public static string FlagText(bool? flag) => flag switch
    {
        true => "1",
        false => "0",
        null => Unknown,
    };

    /// <summary>The one word for a value nobody could read, the same in text, ProductFields and logs.</summary>
    public const string Unknown = "unknown";

    private static bool? Flag(IReadOnlyDictionary<string, int> map, string key)
    {
        if (!map.TryGetValue(key, out var value))
        {
            return null;
        }

        // IAM documents these keys as 0 or 1; anything else means we are not reading what we think we are.
        return value switch
        {
            0 => false,
            1 => true,
            _ => throw new MalformedIamDataException($"GetAccountSummary returned {key}={value}; expected 0 or 1."),
        };
    }
}

/// <summary>IAM answered, but with data that cannot be what IAM documents.</summary>
public sealed class MalformedIamDataException : Exception
{
    /// <summary>Creates the exception with a message that names the field and value.</summary>
    public MalformedIamDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the parse error behind it.</summary>
    public MalformedIamDataException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public MalformedIamDataException()
        : base("IAM returned malformed data.")
    {
    }
}
