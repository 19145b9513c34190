namespace RiskTriggers.Engine.Settings;

/// <summary>Where the engine reads the settings in force; read per event so a change applies at once.</summary>
public interface ISettingsSource
{
    RiskSettings Current { get; }
}

/// <summary>Settings that never change: replay, backtest and tests.</summary>
public sealed class FixedSettings(RiskSettings settings) : ISettingsSource
{
    public RiskSettings Current => settings;
}
