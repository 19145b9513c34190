using System.CommandLine;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// What <c>serve</c> takes besides its own options: configuration, as ASP.NET Core reads it from a command line
/// (<c>--Section:Key=value</c>, <c>--Section:Key value</c>, and the host's own keys such as <c>--environment</c>).
/// Anything else is a mistake, named with the nearest option, so that <c>--simulat</c> is not silently taken for
/// a setting nobody reads.
/// </summary>
internal static class ServeArguments
{
    // Settings the host reads from the command line without a section.
    private static readonly string[] HostKeys = ["environment", "contentRoot", "applicationName", "http_ports", "https_ports", "AllowedHosts"];

    private const string Hint = "see risktriggers serve --help (settings go as --Section:Key=value, e.g. --RiskTriggers:MaxBatchSize=500)";

    /// <summary>Why the tokens System.CommandLine did not match are not configuration; null when they all are.</summary>
    public static string? Mistake(IReadOnlyList<string> tokens, Command command)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var key = token.TrimStart('-', '/').Split('=')[0];
            var isSwitch = token.StartsWith("--", StringComparison.Ordinal) || token.StartsWith('/');
            if (!isSwitch && !token.Contains('='))
                return $"unexpected argument '{token}'; {Hint}";
            if (!key.Contains(':') && !HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
                return $"unknown option '{token}'; {Suggestion(key, command) ?? Hint}";
            if (isSwitch && !token.Contains('=') && ++i == tokens.Count)
                return $"'{token}' needs a value, e.g. {token}=500 or {token} 500";
        }
        return null;
    }

    private static string? Suggestion(string key, Command command)
    {
        var names = command.Options.SelectMany(o => o.Aliases.Append(o.Name)).Select(n => n.TrimStart('-'))
            .Concat(HostKeys).Where(n => n.Length > 1);
        var (nearest, distance) = names.Select(n => (n, Distance(key.ToLowerInvariant(), n.ToLowerInvariant()))).MinBy(p => p.Item2);
        return distance <= Math.Max(2, key.Length / 3) ? $"did you mean --{nearest}?" : null;
    }

    /// <summary>Edits (insert, delete, replace one character) that turn one word into the other.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
