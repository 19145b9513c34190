namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>A <see cref="Conversation"/> in a snapshot: its counters and sums, in a fixed order.</summary>
internal static class ConversationBytes
{
    public static void Write(BinaryWriter w, in Conversation c)
    {
        w.Write(c.Messages);
        w.Write(c.Questions);
        w.Write(c.Exclamations);
        w.Write(c.ZhChars);
        w.Write(c.EnChars);
        w.Write(c.ZhCueSum);
        w.Write(c.ZhCues);
        w.Write(c.EnCueSum);
        w.Write(c.EnCues);
        w.Write(c.AgentCueSum);
        w.Write(c.AgentCues);
        w.Write(c.LatestCueSum);
        w.Write(c.LatestCues);
        // One byte, as the single "above" flag it replaced: stretch length, then whether it was signalled.
        w.Write((byte)(c.AboveFor << 1 | (c.Signalled ? 1 : 0)));
    }

    public static Conversation Read(BinaryReader r) => new Conversation
    {
        Messages = r.ReadInt32(),
        Questions = r.ReadInt32(),
        Exclamations = r.ReadInt32(),
        ZhChars = r.ReadInt32(),
        EnChars = r.ReadInt32(),
        ZhCueSum = r.ReadSingle(),
        ZhCues = r.ReadInt32(),
        EnCueSum = r.ReadSingle(),
        EnCues = r.ReadInt32(),
        AgentCueSum = r.ReadSingle(),
        AgentCues = r.ReadInt32(),
        LatestCueSum = r.ReadSingle(),
        LatestCues = r.ReadInt32(),
    }.WithStretch(r.ReadByte());

    private static Conversation WithStretch(this Conversation c, byte stretch)
    {
        c.AboveFor = (byte)(stretch >> 1);
        c.Signalled = (stretch & 1) != 0;
        return c;
    }
}
