using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SecHubRootMfa.Core.Tests.Support;

/// <summary>
/// Holds "Default N unit" in a property's XML doc to the value the property really starts with, so a default changed in
/// code cannot leave its doc comment behind. Reads the XML documentation file the build writes beside the assembly.
/// </summary>
internal static partial class XmlDocDefaults
{
    /// <summary>One documented default: the property, the text after "Default", and what the code starts with.</summary>
    public sealed record Claim(string Member, string Documented, object? Actual);

    /// <summary>
    /// Every public instance property of <paramref name="assembly"/> whose summary says "Default X" with X a number
    /// (with an optional unit), true/false or one lower-case word (an enum value), with the value a new instance holds.
    /// </summary>
    public static IReadOnlyList<Claim> Claims(Assembly assembly)
    {
        var xmlPath = Path.ChangeExtension(assembly.Location, ".xml");
        Assert.True(File.Exists(xmlPath), $"{xmlPath} is missing: the build writes it (GenerateDocumentationFile) and copies it beside the tests.");
        var types = assembly.GetExportedTypes().ToDictionary(t => t.FullName!.Replace('+', '.'), StringComparer.Ordinal);
        var claims = new List<Claim>();
        foreach (var member in XDocument.Load(xmlPath).Descendants("member"))
        {
            var name = (string?)member.Attribute("name");
            var summary = member.Element("summary");
            if (name is null || !name.StartsWith("P:", StringComparison.Ordinal) || summary is null)
            {
                continue;
            }

            var text = Whitespace().Replace(string.Concat(summary.DescendantNodes().OfType<XText>().Select(t => t.Value)), " ");
            if (DefaultValue().Match(text) is not { Success: true } match)
            {
                continue;
            }

            var dot = name.LastIndexOf('.');
            var type = types[name[2..dot]];
            var property = type.GetProperty(name[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{name} is documented but is no public instance property.");
            // An abstract base's default is read from a concrete type of the same assembly that inherits it.
            var concrete = type.IsAbstract
                ? types.Values.FirstOrDefault(t => !t.IsAbstract && t.IsSubclassOf(type) && t.GetConstructor(Type.EmptyTypes) is not null)
                : type;
            var instance = concrete is null ? null : Activator.CreateInstance(concrete)
                ?? throw new InvalidOperationException($"{type} cannot be created to read the default of {name}.");
            if (instance is null)
            {
                throw new InvalidOperationException($"No concrete type of {type} can be created to read the default of {name}.");
            }

            claims.Add(new Claim(name[2..], match.Groups["value"].Value.Trim(), property.GetValue(instance)));
        }

        return claims;
    }

    /// <summary>Asserts that every documented default of <paramref name="assembly"/> holds, and that the named ones are among them.</summary>
    public static void AssertHold(Assembly assembly, params string[] mustInclude)
    {
        var claims = Claims(assembly);
        Assert.All(mustInclude, m => Assert.Contains(claims, c => c.Member == m));
        Assert.All(claims, c => Assert.True(Matches(c), $"{c.Member}: the doc says 'Default {c.Documented}', the code starts with {c.Actual}."));
    }

    /// <summary>True when the documented text means the value the code starts with.</summary>
    public static bool Matches(Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var documented = claim.Documented;
        return claim.Actual switch
        {
            bool b => string.Equals(documented, b ? "true" : "false", StringComparison.Ordinal),
            Enum e => string.Equals(documented, e.ToString(), StringComparison.OrdinalIgnoreCase),
            TimeSpan t => Duration(documented) == t,
            int i => Number(documented) switch
            {
                (var n, "") => n == i,
                (var n, "MiB") => n * 1024 * 1024 == i,
                _ => false,
            },
            _ => false,
        };
    }

    private static TimeSpan? Duration(string text) => Number(text) switch
    {
        (var n, "ms") => TimeSpan.FromMilliseconds(n),
        (var n, "s" or "second" or "seconds") => TimeSpan.FromSeconds(n),
        (var n, "minute" or "minutes") => TimeSpan.FromMinutes(n),
        (var n, "hour" or "hours") => TimeSpan.FromHours(n),
        _ => null,
    };

    private static (double Value, string Unit)? Number(string text)
    {
        var m = NumberWithUnit().Match(text);
        return m.Success ? (double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture), m.Groups["unit"].Value) : null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // "Default 4.", "Default 2 seconds.", "Default 1 hour: why", "Default strict (why)", "Default false." — not "Default: see X".
    [GeneratedRegex(@"\bDefault (?<value>\d+(?:\.\d+)? ?(?:ms|s|seconds?|minutes?|hours?|MiB)?|true|false|[a-z]+)\b")]
    private static partial Regex DefaultValue();

    [GeneratedRegex(@"^(?<n>\d+(?:\.\d+)?) ?(?<unit>[A-Za-z]*)$")]
    private static partial Regex NumberWithUnit();
}
