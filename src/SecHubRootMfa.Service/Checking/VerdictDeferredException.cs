using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Checking;

/// <summary>
/// The run put its verdict off for a reason that says nothing about reaching the account: IAM does not show yet what a
/// fresh event implies, or the re-check that would confirm it could not be queued. Transient, so Lambda retries the event.
/// </summary>
public sealed class VerdictDeferredException : AwsCallException
{
    /// <summary>Creates the exception with its cause.</summary>
    public VerdictDeferredException(string message, Exception? inner)
        : base(AwsFailureKind.Transient, message, inner)
    {
    }

    /// <summary>Creates the exception (for serializers and tests).</summary>
    public VerdictDeferredException()
        : base(AwsFailureKind.Transient, "The verdict was put off.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public VerdictDeferredException(string message)
        : base(AwsFailureKind.Transient, message)
    {
    }
}
