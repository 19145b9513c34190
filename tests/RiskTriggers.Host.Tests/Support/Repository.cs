namespace RiskTriggers.Host.Tests.Support;

/// <summary>This checkout: the folder that holds RiskTriggers.sln, found from the test's output folder.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string File(string path) => Path.Combine(Root, path);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "RiskTriggers.sln")))
                return dir.FullName;
        }
        throw new FileNotFoundException($"no RiskTriggers.sln in {AppContext.BaseDirectory} or above");
    }
}
