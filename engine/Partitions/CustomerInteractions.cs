using System.Diagnostics.CodeAnalysis;

namespace RiskTriggers.Engine.Partitions;

/// <summary>
/// A customer's interactions, in the order they were first seen. Nearly every customer has one at a time, so
/// that one is held in a field; a few are held in a small array searched in order, and only a customer with
/// many gets a dictionary by id beside it. A dictionary per customer was a fifth of the memory of an open
/// interaction, and one for every customer holding two or more (two in five at the generated day's peak)
/// ~200 bytes each. A struct held in a field of its customer and changed in place (never copy it): an object of
/// its own was 48 bytes of every customer held.
/// </summary>
internal struct CustomerInteractions
{
    // Past this many a linear search by id costs more than the dictionary's memory saves.
    private const int ScanLimit = 16;

    private OpenInteraction? _only;
    private OpenInteraction[]? _several;
    private int _count;
    private Dictionary<string, OpenInteraction>? _byId;

    public readonly int Count => _several is null ? (_only is null ? 0 : 1) : _count;

    /// <summary>All of them, oldest first (a view: do not add or remove while reading it).</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<OpenInteraction> All =>
        _several is not null ? _several.AsSpan(0, _count) : _only is null ? [] : new ReadOnlySpan<OpenInteraction>(in _only!);

    public readonly bool TryGetValue(string interactionId, out OpenInteraction interaction)
    {
        if (_byId is not null)
            return _byId.TryGetValue(interactionId, out interaction!);
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.InteractionId, interactionId, StringComparison.Ordinal))
            {
                interaction = candidate;
                return true;
            }
        }
        interaction = null!;
        return false;
    }

    public void Add(OpenInteraction interaction)
    {
        if (_several is null && _only is null)
        {
            _only = interaction;
            return;
        }
        if (_several is null)
        {
            _several = new OpenInteraction[2];
            _several[0] = _only!;
            _count = 1;
            _only = null;
        }
        if (_count == _several.Length)
            Array.Resize(ref _several, _count * 2);
        _several[_count++] = interaction;
        if (_byId is null && _count > ScanLimit)
        {
            _byId = new(_count * 2, StringComparer.Ordinal);
            foreach (var held in All)
                _byId.Add(held.InteractionId, held);
        }
        else
        {
            _byId?.Add(interaction.InteractionId, interaction);
        }
    }

    /// <summary>Lets go of the interaction (marked released, so timers queued for it are known stale).</summary>
    public bool Remove(string interactionId)
    {
        if (_several is null)
        {
            if (_only is null || !string.Equals(_only.InteractionId, interactionId, StringComparison.Ordinal))
                return false;
            _only.Released = true;
            _only = null;
            return true;
        }
        var index = IndexOf(interactionId);
        if (index < 0)
            return false;
        var removed = _several[index];
        removed.Released = true;
        _byId?.Remove(interactionId);
        Array.Copy(_several, index + 1, _several, index, _count - index - 1); // keeps the order
        _several[--_count] = null!;
        return true;
    }

    private readonly int IndexOf(string interactionId)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_several![i].InteractionId, interactionId, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }
}
