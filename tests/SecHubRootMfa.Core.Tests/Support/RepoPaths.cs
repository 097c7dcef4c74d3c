namespace SecHubRootMfa.Core.Tests.Support;

/// <summary>Locates the repository from the test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string GoldenDir => Path.Combine(Root, "tests", "SecHubRootMfa.Core.Tests", "Golden");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecHubRootMfa.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SecHubRootMfa.sln not found above " + AppContext.BaseDirectory);
    }
}
