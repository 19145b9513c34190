namespace RiskTriggers.Engine.Pipeline;

/// <summary>How the Rx pipeline wakes for deadlines.</summary>
public sealed record PipelineOptions
{
    /// <summary>
    /// Also look for due deadlines this often, to fire deadlines that other hosts registered. Null: wake only
    /// for deadlines this pipeline registered (replay, a single host). Live default: 1s.
    /// </summary>
    public TimeSpan? PollInterval { get; init; }

    public static PipelineOptions Replay { get; } = new();

    public static PipelineOptions Live { get; } = new() { PollInterval = TimeSpan.FromSeconds(1) };
}
