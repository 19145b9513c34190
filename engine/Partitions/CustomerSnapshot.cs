using RiskTriggers.Engine.Dissatisfaction;
using System.Text;

namespace RiskTriggers.Engine.Partitions;

/// <summary>
/// A customer's state as compact bytes, and back: what a host persists for the customers a batch changed,
/// and what a new owner of the partition resumes from. Timers are not stored: they follow from the state
/// and are queued again on restore.
/// </summary>
internal static class CustomerSnapshot
{
    private const byte FormatVersion = 2; // 2: the dissatisfaction model's conversation

    public static byte[] Write(CustomerState customer)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(FormatVersion);
            w.Write(customer.CustomerId);
            w.Write(customer.Interactions.Count);
            foreach (var interaction in customer.Interactions.All)
                WriteInteraction(w, interaction);
            w.Write(customer.Windows.Length);
            foreach (var window in customer.Windows)
            {
                w.Write(window.Topic);
                w.Write(window.Length.Ticks);
                w.Write(window.Count);
                foreach (var (at, eventId) in window.Entries)
                {
                    WriteTime(w, at);
                    w.Write(eventId);
                }
            }
            w.Write(customer.PendingAcksOrNone.Count);
            foreach (var ack in customer.PendingAcksOrNone)
            {
                w.Write(ack.AlertId);
                w.Write(ack.InteractionId);
                WriteTime(w, ack.EscalatesAt);
            }
        }
        return buffer.ToArray();
    }

    public static CustomerState Read(ReadOnlySpan<byte> bytes, StringPool pool)
    {
        using var r = new BinaryReader(new MemoryStream(bytes.ToArray()), Encoding.UTF8);
        var version = r.ReadByte();
        if (version != FormatVersion)
            throw new InvalidDataException($"customer snapshot format {version} is not supported (expected {FormatVersion})");
        var customer = new CustomerState(r.ReadString());
        for (var i = r.ReadInt32(); i > 0; i--)
        {
            var interaction = ReadInteraction(r, pool);
            customer.Interactions.Add(interaction);
        }
        for (var i = r.ReadInt32(); i > 0; i--)
        {
            var topic = pool.Intern(r.ReadString())!;
            var window = new InquiryWindow(topic) { Length = TimeSpan.FromTicks(r.ReadInt64()) };
            for (var j = r.ReadInt32(); j > 0; j--)
                window.Append(ReadTime(r), r.ReadString());
            customer.AddWindow(window);
        }
        for (var i = r.ReadInt32(); i > 0; i--)
            customer.PendingAcks.Add(new PendingAck(r.ReadString(), r.ReadString(), ReadTime(r)));
        return customer;
    }

    private static void WriteInteraction(BinaryWriter w, OpenInteraction interaction)
    {
        w.Write(interaction.InteractionId);
        WriteOptional(w, interaction.Channel);
        WriteOptional(w, interaction.Queue);
        WriteOptional(w, interaction.AgentId);
        WriteOptional(w, interaction.CustomerTier);
        WriteTime(w, interaction.LastEventAt);
        WriteOptionalTime(w, interaction.ClosedAt);
        w.Write(interaction.SeenEvents.Count);
        foreach (var hash in interaction.SeenEvents.Hashes)
            w.Write(hash);
        w.Write(interaction.SignalKinds.Count);
        foreach (var kind in interaction.SignalKinds)
            w.Write(kind);
        WriteAbsence(w, interaction.ReplyDue);
        WriteAbsence(w, interaction.QueueWaitDue);
        w.Write(interaction.Cooldowns.Length);
        foreach (var cooldown in interaction.Cooldowns)
        {
            w.Write(cooldown.Rule);
            WriteTime(w, cooldown.Until);
            w.Write(cooldown.OwnerAlertId);
        }
        ConversationBytes.Write(w, interaction.Conversation);
    }

    private static OpenInteraction ReadInteraction(BinaryReader r, StringPool pool)
    {
        var interaction = new OpenInteraction(r.ReadString());
        interaction.SetContext(pool, pool.Intern(ReadOptional(r)), pool.Intern(ReadOptional(r)), pool.Intern(ReadOptional(r)), pool.Intern(ReadOptional(r)));
        interaction.LastEventAt = ReadTime(r);
        interaction.ClosedAt = ReadOptionalTime(r);
        for (var i = r.ReadInt32(); i > 0; i--)
            interaction.SeenEvents.AddHash(r.ReadUInt64());
        for (var i = r.ReadInt32(); i > 0; i--)
            interaction.RecordSignal(string.Intern(r.ReadString()));
        interaction.ReplyDue = ReadAbsence(r);
        interaction.QueueWaitDue = ReadAbsence(r);
        for (var i = r.ReadInt32(); i > 0; i--)
            interaction.StartCooldown(new Cooldown(r.ReadString(), ReadTime(r), r.ReadString()));
        interaction.Conversation = ConversationBytes.Read(r);
        return interaction;
    }

    private static void WriteAbsence(BinaryWriter w, PendingAbsence? absence)
    {
        w.Write(absence is not null);
        if (absence is null)
            return;
        w.Write(absence.EventId);
        WriteTime(w, absence.StartedAt);
        WriteTime(w, absence.DueAt);
    }

    private static PendingAbsence? ReadAbsence(BinaryReader r) =>
        r.ReadBoolean() ? new PendingAbsence(r.ReadString(), ReadTime(r), ReadTime(r)) : null;

    private static void WriteOptional(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
            w.Write(value);
    }

    private static string? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    // The offset is kept too: alerts restored from a snapshot print their times as the events gave them.
    private static void WriteTime(BinaryWriter w, DateTimeOffset at)
    {
        w.Write(at.Ticks);
        w.Write((short)at.Offset.TotalMinutes);
    }

    private static DateTimeOffset ReadTime(BinaryReader r) => new(r.ReadInt64(), TimeSpan.FromMinutes(r.ReadInt16()));

    private static void WriteOptionalTime(BinaryWriter w, DateTimeOffset? at)
    {
        w.Write(at is not null);
        if (at is { } value)
            WriteTime(w, value);
    }

    private static DateTimeOffset? ReadOptionalTime(BinaryReader r) => r.ReadBoolean() ? ReadTime(r) : null;
}
