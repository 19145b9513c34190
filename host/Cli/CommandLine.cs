using System.CommandLine;

namespace RiskTriggers.Host.Cli;

/// <summary>The verbs of the risktriggers executable.</summary>
internal static class CommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("RiskTriggers: early warnings for contact centers, before the customer complains.");
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(SettingsCommand.Create());
        return root;
    }
}
