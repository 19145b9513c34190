namespace RiskTriggers.Host.Streams;

/// <summary>Where an event came from: an entry of ingestion stream <see cref="Shard"/>.</summary>
internal readonly record struct StreamEntryRef(int Shard, string Id);
