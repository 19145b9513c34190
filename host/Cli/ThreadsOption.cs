using System.CommandLine;

namespace RiskTriggers.Host.Cli;

/// <summary><c>--threads N</c>: partition workers of a replay (<c>replay</c>, <c>backtest</c>, <c>explain</c>); 1 replays on one thread.</summary>
internal static class ThreadsOption
{
    public static Option<int?> Create()
    {
        var option = new Option<int?>("--threads")
        {
            Description = "Partition workers replaying in parallel (default: one per core, at most one per partition; 1: one thread). The output is the same",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
                result.AddError("--threads must be at least 1");
        });
        return option;
    }
}
