using System.Reflection;
using System.Text.RegularExpressions;
using SecHubRootMfa.Core.Tests.Support;
using SecHubRootMfa.Function.Runtime;

namespace SecHubRootMfa.Function.Tests.Docs;

/// <summary>
/// The docs name settings and constants instead of restating their numbers; every name they give must exist, so a
/// renamed or removed setting cannot leave a README pointing at nothing. Also holds the function's XML-doc defaults.
/// </summary>
public sealed partial class DocNamesTests
{
    private static readonly string[] Docs = ["README.md", "infra-pulumi/README.md", "docs/benchmarks.md"];

    // The Pulumi program's constants the docs name without a member; dotted ones (WORK_QUEUE.maxReceiveCount) are found below.
    private static readonly string[] PulumiConstants = ["TARGET_RETRY", "WORK_QUEUE", "ALARM_SETTINGS", "SINGLE_ACCOUNT_RESERVED_CONCURRENCY"];

    [Fact]
    public void XmlDocs_EveryDocumentedDefault_IsTheValueTheSettingStartsWith()
    {
        XmlDocDefaults.AssertHold(typeof(LambdaRuntimeOptions).Assembly, "SecHubRootMfa.Function.Runtime.LambdaRuntimeOptions.MaxNextAttempts");
    }

    [Fact]
    public void Docs_EveryProductTypeMemberTheyName_Exists()
    {
        var types = ProductTypes().ToLookup(t => t.Name, StringComparer.Ordinal);
        var checkedNames = new List<string>();
        foreach (var doc in Docs)
        {
            foreach (Match m in CSharpMember().Matches(Read(doc)))
            {
                var (type, member) = (m.Groups["type"].Value, m.Groups["member"].Value);
                if (!types.Contains(type))
                {
                    continue; // an AWS API shape (ScalingConfig.MaximumConcurrency) or an ASFF field (Compliance.Status)
                }

                checkedNames.Add($"{type}.{member}");
                Assert.True(types[type].Any(t => t.GetMember(member, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance).Length > 0),
                    $"{doc} names `{type}.{member}`, which does not exist.");
            }
        }

        // The retry table and the prose that names settings instead of numbers are among what was checked.
        Assert.Contains("AwsRetryPolicy.MaxAttempts", checkedNames);
        Assert.Contains("CheckOptions.ConsistencyRetries", checkedNames);
        Assert.Contains("LambdaRuntimeOptions.MaxNextAttempts", checkedNames);
        Assert.Contains("OrgRunOptions.UnreachableAfterTransientFailuresFor", checkedNames);
    }

    [Fact]
    public void Docs_EveryPulumiConstantTheyName_IsExportedWithTheNamedKey()
    {
        var sources = Directory.GetFiles(Path.Combine(RepoPaths.Root, "infra-pulumi", "src"), "*.ts", SearchOption.AllDirectories)
            .ToDictionary(f => f, File.ReadAllText);
        var named = 0;
        foreach (var doc in Docs)
        {
            var text = Read(doc);
            foreach (Match m in PulumiMember().Matches(text))
            {
                var (constant, key) = (m.Groups["constant"].Value, m.Groups["key"].Value);
                if (!PulumiConstants.Contains(constant) && key.Length == 0)
                {
                    continue; // a reason code or an environment variable, not a constant of the program
                }

                named++;
                var home = sources.Where(s => Regex.IsMatch(s.Value, $@"export const {constant}\b")).Select(s => s.Value).SingleOrDefault();
                Assert.True(home is not null, $"{doc} names `{constant}`, which no file in infra-pulumi/src exports.");
                Assert.True(key.Length == 0 || Regex.IsMatch(home!, $@"\b{key}:"), $"{doc} names `{constant}.{key}`, which {constant} does not have.");
            }
        }

        Assert.True(named >= 4, $"Only {named} Pulumi constants named in the docs: the retry table names at least four.");
    }

    private static string Read(string doc) => File.ReadAllText(Path.Combine(RepoPaths.Root, doc));

    private static IEnumerable<Type> ProductTypes() =>
        new[] { "SecHubRootMfa.Core", "SecHubRootMfa.Aws", "SecHubRootMfa.Service", "SecHubRootMfa.Function" }
            .Select(Assembly.Load).SelectMany(a => a.GetExportedTypes());

    [GeneratedRegex(@"`(?<type>[A-Z][A-Za-z0-9]+)\.(?<member>[A-Z][A-Za-z0-9]+)`")]
    private static partial Regex CSharpMember();

    [GeneratedRegex(@"`(?<constant>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{2,}(?=\.))(?:\.(?<key>[a-z][A-Za-z0-9]*))?`")]
    private static partial Regex PulumiMember();
}
