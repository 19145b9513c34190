using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace RiskTriggers.Host.Cluster;

/// <summary>
/// Where each partition lives among the active silos: rendezvous (highest-random-weight) hashing with bounded loads.
/// Every (partition, silo) pair has a score, a hash of the partition number and the silo's identity (its address with
/// its generation); the pairs are taken best score first, and a pair is kept when its partition has no silo yet and
/// its silo has room. Room is the balance: every silo ends with ⌊P/S⌋ or ⌈P/S⌉ partitions (three hosts own eight
/// 3/3/2), the first P mod S silos to reach ⌊P/S⌋ + 1 being the ones allowed it. The answer depends on the membership
/// alone, so every silo computes the same.
/// A silo joining takes the partitions that score best on it, and a silo leaving hands its partitions to their next
/// best; the others stay, except where the bound makes a few shift (no rule that keeps loads within one can promise
/// none: see docs/operations.md; measured 0.4 extra moves per change for 8 partitions, against 2.8–3.4 for the
/// placement by position it replaces). A partition placed before its silo joined moves there
/// (<see cref="PartitionGrain"/> migrates).
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
internal sealed class PartitionPlacement : PlacementStrategy
{
    public static readonly PartitionPlacement Instance = new();

    private static readonly Lock Gate = new();
    private static (string Key, SiloAddress[] Owners)? _last;

    /// <summary>The silo partition <paramref name="partition"/> of <paramref name="partitions"/> belongs on among <paramref name="silos"/> (any order, at least one).</summary>
    public static SiloAddress SiloOf(int partition, int partitions, IEnumerable<SiloAddress> silos) => Owners(partitions, silos)[partition];

    /// <summary>Each partition's silo (index: the partition number); the last membership's answer is kept.</summary>
    public static SiloAddress[] Owners(int partitions, IEnumerable<SiloAddress> silos)
    {
        var members = silos.Select(s => (Id: s.ToParsableString(), Silo: s)).OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
        var key = $"{partitions}|{string.Join(",", members.Select(m => m.Id))}";
        lock (Gate)
        {
            if (_last is { } last && last.Key == key)
                return last.Owners;
        }
        var owners = Assign(partitions, members.Select(m => m.Id).ToArray()).Select(i => members[i].Silo).ToArray();
        lock (Gate)
            _last = (key, owners);
        return owners;
    }

    /// <summary>
    /// The pure rule over silo identities (at least one, distinct): for each partition, the index of its silo in
    /// <paramref name="silos"/>. The order of <paramref name="silos"/> does not matter.
    /// </summary>
    public static int[] Assign(int partitions, IReadOnlyList<string> silos)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos.Count, 1);
        var pairs = new (ulong Score, int Partition, int Silo)[partitions * silos.Count];
        for (var s = 0; s < silos.Count; s++)
        {
            var silo = Hash(silos[s]);
            for (var p = 0; p < partitions; p++)
                pairs[p * silos.Count + s] = (Mix(silo ^ Mix((ulong)p + 0x9E3779B97F4A7C15UL)), p, s);
        }
        // Best score first; a tie (never seen in practice) falls to the silo identity, so every silo still agrees.
        Array.Sort(pairs, (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score)
            : a.Partition != b.Partition ? a.Partition.CompareTo(b.Partition)
            : string.CompareOrdinal(silos[a.Silo], silos[b.Silo]));
        var least = partitions / silos.Count;
        var roomForOneMore = partitions % silos.Count;
        var loads = new int[silos.Count];
        var owners = new int[partitions];
        Array.Fill(owners, -1);
        var left = partitions;
        foreach (var (_, p, s) in pairs)
        {
            if (owners[p] >= 0 || loads[s] > least || (loads[s] == least && roomForOneMore == 0))
                continue;
            if (loads[s] == least)
                roomForOneMore--;
            owners[p] = s;
            loads[s]++;
            if (--left == 0)
                break;
        }
        return owners;
    }

    /// <summary>FNV-1a over the identity's characters, then mixed: the same on every silo and every run.</summary>
    private static ulong Hash(string id)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in id)
            hash = (hash ^ c) * 1099511628211UL;
        return Mix(hash);
    }

    /// <summary>SplitMix64's finaliser: spreads close inputs (partition 3 and 4) over the whole range.</summary>
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}

/// <summary>Places a partition grain by <see cref="PartitionPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class PartitionPlacementAttribute() : PlacementAttribute(PartitionPlacement.Instance);

internal sealed class PartitionPlacementDirector(PartitionEngines partitions) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context) =>
        Task.FromResult(PartitionPlacement.SiloOf((int)target.GrainIdentity.GetIntegerKey(), partitions.Count, context.GetCompatibleSilos(target)));
}
