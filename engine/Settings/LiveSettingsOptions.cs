using System.ComponentModel.DataAnnotations;

namespace RiskTriggers.Engine.Settings;

/// <summary>Options of <see cref="LiveSettings"/>.</summary>
public sealed class LiveSettingsOptions
{
    /// <summary>
    /// Besides reacting to change notifications, look at the store this often, in case a notification was missed
    /// (e.g. during a reconnect). Default 5s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
