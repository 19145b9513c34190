using System.Security.Cryptography;
using System.Text;

namespace RiskTriggers.Engine.Alerts;

/// <summary>
/// Alert ids are derived from what raised them, so a replay gives the same ids and a redelivered event
/// cannot raise a second, different alert.
/// </summary>
public static class AlertIds
{
    public static string For(string rule, string interactionId, string signalKind, string eventId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{rule}\n{interactionId}\n{signalKind}\n{eventId}"), hash);
        return "al-" + Convert.ToHexStringLower(hash[..8]);
    }
}
