namespace RiskTriggers.Engine.Partitions;

/// <summary>
/// A customer's interactions by id. Nearly every customer has one at a time, so that one is held in a field
/// and a dictionary is made only for the second: a dictionary per customer was a fifth of the memory of an
/// open interaction.
/// </summary>
internal sealed class CustomerInteractions
{
    private OpenInteraction? _only;
    private Dictionary<string, OpenInteraction>? _many;

    public int Count => _many?.Count ?? (_only is null ? 0 : 1);

    public IEnumerable<OpenInteraction> Values => _many is not null ? _many.Values : _only is null ? [] : [_only];

    /// <summary>The only interaction when there is at most one (null if none); else null and <see cref="Many"/> holds them.</summary>
    public OpenInteraction? Only => _only;

    public Dictionary<string, OpenInteraction>? Many => _many;

    public bool TryGetValue(string interactionId, out OpenInteraction interaction)
    {
        if (_many is not null)
            return _many.TryGetValue(interactionId, out interaction!);
        interaction = _only!;
        return _only is not null && string.Equals(_only.InteractionId, interactionId, StringComparison.Ordinal);
    }

    public void Add(OpenInteraction interaction)
    {
        if (_many is null && _only is null)
        {
            _only = interaction;
            return;
        }
        if (_many is null)
        {
            _many = new(2, StringComparer.Ordinal) { [_only!.InteractionId] = _only };
            _only = null;
        }
        _many.Add(interaction.InteractionId, interaction);
    }

    /// <summary>Lets go of the interaction (marked released, so timers queued for it are known stale).</summary>
    public bool Remove(string interactionId)
    {
        if (_many is not null)
        {
            if (!_many.Remove(interactionId, out var removed))
                return false;
            removed.Released = true;
            return true;
        }
        if (_only is null || !string.Equals(_only.InteractionId, interactionId, StringComparison.Ordinal))
            return false;
        _only.Released = true;
        _only = null;
        return true;
    }
}
