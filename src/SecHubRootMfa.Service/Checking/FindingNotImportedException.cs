using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Checking;

/// <summary>
/// The check evaluated the account but Security Hub did not take the finding. Still an <see cref="AwsCallException"/>
/// (same kind and message), so callers that fail on it behave as before; <see cref="Result"/> keeps the verdict.
/// </summary>
public sealed class FindingNotImportedException : AwsCallException
{
    /// <summary>Wraps the import failure with the verdict that was not imported.</summary>
    public FindingNotImportedException(AwsCallException importFailure, CheckResult result)
        : base(importFailure?.Kind ?? AwsFailureKind.Permanent, importFailure?.Message ?? "The finding was not imported.", importFailure)
    {
        ArgumentNullException.ThrowIfNull(importFailure);
        Result = result ?? throw new ArgumentNullException(nameof(result));
    }

    /// <summary>Creates the exception without a verdict (for serializers and tests).</summary>
    public FindingNotImportedException()
    {
    }

    /// <summary>Creates the exception without a verdict.</summary>
    public FindingNotImportedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without a verdict.</summary>
    public FindingNotImportedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The evaluated verdict and the finding that was not imported; null only for the parameterless forms.</summary>
    public CheckResult? Result { get; }
}
