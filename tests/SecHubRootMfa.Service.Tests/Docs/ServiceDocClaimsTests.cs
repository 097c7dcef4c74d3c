using System.Globalization;
using System.Text.RegularExpressions;
using SecHubRootMfa.Core.Tests.Support;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Organization;

namespace SecHubRootMfa.Service.Tests.Docs;

/// <summary>What the README and the XML docs say about the check's settings holds for the code.</summary>
public sealed class ServiceDocClaimsTests
{
    [Fact]
    public void XmlDocs_EveryDocumentedDefault_IsTheValueTheSettingStartsWith()
    {
        XmlDocDefaults.AssertHold(typeof(CheckOptions).Assembly,
            "SecHubRootMfa.Service.Checking.CheckOptions.ConsistencyRetries",
            "SecHubRootMfa.Service.Organization.OrgRunOptions.UnreachableAfterTransientFailuresFor");
    }

    [Fact]
    public void Readme_TwoScheduledRunsInARowReportAMember_BecauseTheDefaultScheduleOutlastsTheTransientWindow()
    {
        // README "Organization mode": with the default schedule a member failing transiently on two scheduled runs in a
        // row is reported. That holds while the schedule's interval (Pulumi.yaml) is at least the transient window.
        var pulumi = File.ReadAllText(Path.Combine(RepoPaths.Root, "Pulumi.yaml"));
        var schedule = Regex.Match(pulumi, @"^  schedule:\s*\n\s+type: string\s*\n\s+default: rate\((?<n>\d+) (?<unit>hours?|minutes?|days?)\)", RegexOptions.Multiline);
        Assert.True(schedule.Success, "Pulumi.yaml declares no rate(...) default for schedule.");
        var n = int.Parse(schedule.Groups["n"].Value, CultureInfo.InvariantCulture);
        var interval = schedule.Groups["unit"].Value[0] switch { 'h' => TimeSpan.FromHours(n), 'm' => TimeSpan.FromMinutes(n), _ => TimeSpan.FromDays(n) };

        Assert.True(interval >= new OrgRunOptions { HomeRegion = "eu-west-1" }.UnreachableAfterTransientFailuresFor,
            $"The default schedule ({interval}) is shorter than OrgRunOptions.UnreachableAfterTransientFailuresFor: the README's 'two scheduled runs in a row' is false.");
    }

    [Fact]
    public void Readme_NamesTheCheckSettingsInsteadOfRestatingTheirDefaults()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));

        foreach (var setting in new[] { "ConsistencyRetries", "ConsistencyDelay", "EventSettleTime", "MaxWriteAttempts", "MaxClockSkew", "EventPathGrace" })
        {
            Assert.Contains($"`CheckOptions.{setting}`", readme, StringComparison.Ordinal);
        }

        // The old prose restated them as numbers and drifted; none of those phrasings may come back.
        foreach (var restated in new[] { "up to 3 more times", "2/4/8 s", "less than **5 minutes**", "at most 3 times", "more than 5 minutes ahead" })
        {
            Assert.DoesNotContain(restated, readme, StringComparison.Ordinal);
        }
    }
}
