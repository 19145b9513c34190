namespace RiskTriggers.Engine.Pipeline;

/// <summary>
/// Puts slightly out-of-order events back in time order: an event is held until one at least
/// <c>lateness</c> newer has been seen. Anything later than that is passed on as it comes (and counted late).
/// </summary>
public static class Reordering
{
    public static IEnumerable<T> InTimeOrder<T>(this IEnumerable<T> items, Func<T, DateTimeOffset> timeOf, TimeSpan lateness)
    {
        var held = new PriorityQueue<T, (DateTimeOffset, long)>();
        var newest = DateTimeOffset.MinValue;
        long sequence = 0;
        foreach (var item in items)
        {
            var at = timeOf(item);
            if (at > newest)
                newest = at;
            held.Enqueue(item, (at, sequence++));
            while (held.TryPeek(out _, out var key) && key.Item1 <= newest - lateness)
                yield return held.Dequeue();
        }
        while (held.TryDequeue(out var item, out _))
            yield return item;
    }
}
