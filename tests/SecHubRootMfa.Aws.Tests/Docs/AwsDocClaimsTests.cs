using System.Globalization;
using System.Text.RegularExpressions;
using SecHubRootMfa.Aws.Runtime;
using SecHubRootMfa.Core.Tests.Support;

namespace SecHubRootMfa.Aws.Tests.Docs;

/// <summary>What the README and the XML docs say about the AWS client layer's settings holds for the code.</summary>
public sealed class AwsDocClaimsTests
{
    [Fact]
    public void XmlDocs_EveryDocumentedDefault_IsTheValueTheSettingStartsWith()
    {
        XmlDocDefaults.AssertHold(typeof(AwsRetryPolicy).Assembly, "SecHubRootMfa.Aws.Runtime.AwsRetryPolicy.MaxAttempts");
    }

    [Fact]
    public void Readme_AwsMaxAttemptsRow_StatesTheDefaultAndRangeTheRetryPolicyEnforces()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var row = Regex.Match(readme, @"^\| `AWS_MAX_ATTEMPTS` \| `(?<default>\d+)` \| attempts per AWS request, the first included \((?<min>\d+)–(?<max>\d+)\)",
            RegexOptions.Multiline);

        Assert.True(row.Success, "README.md's Configuration table has no AWS_MAX_ATTEMPTS row in the expected shape.");
        Assert.Equal(AwsRetryPolicy.Default.MaxAttempts.ToString(CultureInfo.InvariantCulture), row.Groups["default"].Value);
        Assert.Equal(AwsRetryPolicy.MaxAttemptsLimit.ToString(CultureInfo.InvariantCulture), row.Groups["max"].Value);
        Assert.Equal("1", row.Groups["min"].Value);
        // The range the row states is the range FromEnvironment accepts.
        Assert.Equal(AwsRetryPolicy.MaxAttemptsLimit, AwsRetryPolicy.FromEnvironment(Attempts(row.Groups["max"].Value)).MaxAttempts);
        Assert.Throws<ArgumentException>(() => AwsRetryPolicy.FromEnvironment(Attempts((AwsRetryPolicy.MaxAttemptsLimit + 1).ToString(CultureInfo.InvariantCulture))));
        Assert.Throws<ArgumentException>(() => AwsRetryPolicy.FromEnvironment(Attempts("0")));
    }

    private static Func<string, string?> Attempts(string value) => name => name == AwsRetryPolicy.MaxAttemptsVariable ? value : null;
}
