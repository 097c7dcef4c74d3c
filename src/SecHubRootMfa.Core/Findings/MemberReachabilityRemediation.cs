namespace SecHubRootMfa.Core.Findings;

/// <summary>What the administrator does about a member the check cannot reach, per failed step (each at most 512 characters).</summary>
public static class MemberReachabilityRemediation
{
    /// <summary>The steps for <paramref name="r"/>; <paramref name="homeRegion"/> is where findings are imported.</summary>
    public static string TextFor(MemberReachability r, string homeRegion)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentException.ThrowIfNullOrWhiteSpace(homeRegion);
        if (r.State != MemberReachState.Unreachable)
        {
            return r.Failure is null
                ? "None required: the root MFA check reaches this member. If it stops, this finding turns FAILED with the cause and the steps to take."
                : "None yet: transient failures (throttling, timeouts) usually clear by the next attempt. If they go on past the time this finding "
                    + "names, it turns FAILED with the steps to take.";
        }

        return r.Failure?.Stage switch
        {
            MemberFailureStage.EnterAccount =>
                "In the management or delegated administrator account, check that this account has a current instance of the SecHubRootMfa "
                + "member StackSet in us-east-1 (the account must be in a target OU; update or redeploy the instance). Then check the member "
                + "audit role named in the cause: its trust policy must name the checker function's role and require the configured external "
                + "id (orgExternalId). The next run updates this finding.",
            MemberFailureStage.ReadFinding =>
                $"Enable Security Hub CSPM in this member account in {homeRegion} (central configuration from the Security Hub delegated "
                + "administrator, or aws securityhub enable-security-hub as the member). If it is enabled, update the member's StackSet "
                + "instance so its audit role may call securityhub:GetFindings. The next run updates this finding.",
            MemberFailureStage.ImportFinding =>
                "Security Hub in the member refused the root MFA finding. AccessDenied: update the member's StackSet instance (its audit "
                + $"role imports only into the member's default product in {homeRegion}). InvalidInput or FindingTooLarge: report the cause "
                + "as a SecHubRootMfa defect. The member's previous finding was kept and may be out of date.",
            _ =>
                "The account was entered but its check did not finish (see the cause: IAM throttling, a timeout, an unexpected answer). "
                + $"Read the checker function's log lines (event account.failed) for this account and AWS Health for {homeRegion}; the "
                + "next run updates this finding.",
        };
    }
}
