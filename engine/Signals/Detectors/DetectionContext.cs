using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Signals.Detectors;

/// <summary>What a detector sees for one event: the event, its interaction and the thresholds that apply to it.</summary>
public sealed record DetectionContext(InteractionEvent Event, InteractionState Interaction, Thresholds Thresholds);
