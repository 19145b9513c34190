namespace RiskTriggers.Engine.Signals.Detectors;

/// <summary>Turns one event into zero or more signals, keeping whatever it must remember in the state store.</summary>
public interface ISignalDetector
{
    ValueTask<Signal?> DetectAsync(DetectionContext context, CancellationToken ct);
}
