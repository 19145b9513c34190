namespace RiskTriggers.Engine.State.Memory;

/// <summary>Keeps the newest <c>capacity</c> items; the oldest fall off, like a capped Redis stream.</summary>
internal sealed class BoundedLog<T>(int capacity)
{
    private readonly LinkedList<T> _items = new();

    public void Add(T item)
    {
        _items.AddFirst(item);
        if (_items.Count > capacity)
            _items.RemoveLast();
    }

    public IReadOnlyList<T> Newest(int max) => _items.Take(max).ToArray();
}
