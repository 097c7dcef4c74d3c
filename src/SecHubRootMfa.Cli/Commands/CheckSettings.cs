using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>How the user wants the result.</summary>
public enum OutputFormat
{
    /// <summary>A short verdict with evidence and remediation, for people.</summary>
    Text,

    /// <summary>Exactly the ASFF finding, one JSON object on stdout.</summary>
    Json,

    /// <summary>The finding as one OCSF 1.6.0 Compliance Finding event, one JSON object on stdout.</summary>
    Ocsf,
}

/// <summary>The parsed options of <c>check</c>.</summary>
/// <param name="Import">Also import the finding into Security Hub.</param>
/// <param name="Output">text, json or ocsf.</param>
/// <param name="Level">The policy profile; null means Level 2.</param>
/// <param name="Region">The Security Hub region; null uses the standard AWS region resolution.</param>
/// <param name="Verbose">Print stack traces on errors.</param>
/// <param name="Mode">Level 2 policy mode; strict by default (any virtual device fails).</param>
public sealed record CheckSettings(
    bool Import, OutputFormat Output, PolicyProfile? Level, string? Region, bool Verbose, MfaPolicyMode Mode = MfaPolicyMode.Strict)
{
    /// <summary>The AWS config/credentials profile (<c>--profile</c>); null uses AWS_PROFILE or the default chain.</summary>
    public string? Profile { get; init; }

    /// <summary>
    /// The deployment's rule ARNs (<c>--event-rules</c>, the stack output <c>eventRules</c>) whose state the event-path
    /// line checks; null reports the rules as not checked.
    /// </summary>
    public IReadOnlyList<string>? EventRules { get; init; }
}

/// <summary>The CLI's exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Compliant (PASSED), or the control does not apply (GovCloud).</summary>
    public const int Compliant = 0;

    /// <summary>Not compliant (FAILED).</summary>
    public const int NonCompliant = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;

    /// <summary>The account could not be evaluated (credentials, access, network, Security Hub).</summary>
    public const int CouldNotEvaluate = 3;
}
