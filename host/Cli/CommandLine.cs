using System.CommandLine;
using RiskTriggers.Host.Cli.Demo;

namespace RiskTriggers.Host.Cli;

/// <summary>The verbs of the risktriggers executable.</summary>
internal static class CommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("RiskTriggers: early warnings for contact centers, before the customer complains.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(BacktestCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(SettingsCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(StreamPublishCommand.Create());
        return root;
    }
}
