using System.Text;
using System.Text.Json;

namespace RiskTriggers.Engine.Events;

/// <summary>
/// The fast path of <see cref="EventReader"/> for UTF-8 input: one <see cref="Utf8JsonReader"/> pass straight
/// into an <see cref="InteractionEvent"/>, with ids and names taken from a <see cref="Utf8StringCache"/> (no
/// string per repeated id) and the common timestamp form parsed from the bytes. It only ever answers for an
/// event that is plainly valid; anything else — a syntax error, a value of the wrong type, an escaped name, a
/// field written twice, a missing field, an unusual timestamp — returns null and the caller takes the general
/// path (deserialise, then <see cref="EventValidator"/>), which names what is wrong. So both paths accept the
/// same events with the same values, and every rejection is the general path's.
/// </summary>
internal static class Utf8EventReader
{
    private const int EventIdBit = 1, TypeBit = 2, OccurredAtBit = 4, InteractionIdBit = 8, CustomerIdBit = 16,
        ChannelBit = 32, QueueBit = 64, AgentIdBit = 128, TierBit = 256, TopicBit = 512, TextBit = 1024;

    public static InteractionEvent? TryRead(ReadOnlySpan<byte> utf8, EventLimits limits, Utf8StringCache strings)
    {
        try
        {
            return Read(utf8, limits, strings);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException) // a string that is not UTF-8, a token of another type
        {
            return null;
        }
    }

    private static InteractionEvent? Read(ReadOnlySpan<byte> utf8, EventLimits limits, Utf8StringCache strings)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return null;
        string? eventId = null, interactionId = null, customerId = null, channel = null, queue = null, agentId = null,
            tier = null, topic = null, text = null;
        EventType? type = null;
        DateTimeOffset? occurredAt = null;
        var seen = 0;
        while (true)
        {
            if (!reader.Read())
                return null;
            if (reader.TokenType == JsonTokenType.EndObject)
                break;
            if (reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped)
                return null;
            var bit = Field(reader.ValueSpan);
            if (!reader.Read())
                return null;
            if (bit == 0)
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    reader.Skip();
                continue;
            }
            if ((seen & bit) != 0 || reader.TokenType != JsonTokenType.String)
                return null;
            seen |= bit;
            switch (bit)
            {
                case EventIdBit: eventId = reader.GetString(); break;
                case TypeBit:
                    if (reader.ValueIsEscaped || !TryType(reader.ValueSpan, out var t))
                        return null;
                    type = t;
                    break;
                case OccurredAtBit:
                    if (reader.ValueIsEscaped || !Utf8Timestamp.TryParse(reader.ValueSpan, out var at))
                        return null;
                    occurredAt = at;
                    break;
                case InteractionIdBit: interactionId = strings.Get(ref reader); break;
                case CustomerIdBit: customerId = strings.Get(ref reader); break;
                case ChannelBit: channel = strings.Get(ref reader); break;
                case QueueBit: queue = strings.Get(ref reader); break;
                case AgentIdBit: agentId = strings.Get(ref reader); break;
                case TierBit: tier = strings.Get(ref reader); break;
                case TopicBit: topic = strings.Get(ref reader); break;
                default: text = reader.GetString(); break;
            }
        }
        if (reader.Read()) // anything after the object is the general path's error
            return null;

        if (type is not { } kind || occurredAt is not { } when || !IsId(eventId, limits) || !IsId(interactionId, limits) ||
            !IsId(customerId, limits) || agentId is { Length: var agentLength } && agentLength > limits.MaxIdLength ||
            text is { Length: var textLength } && textLength > limits.MaxTextLength)
            return null;
        channel = Blank(channel)?.ToLowerInvariant();
        queue = Blank(queue);
        agentId = Blank(agentId);
        tier = Blank(tier)?.ToLowerInvariant();
        topic = Blank(topic);
        var complete = kind switch
        {
            EventType.Inquiry => topic is not null,
            EventType.CustomerMessage => text is not null,
            EventType.AgentAssigned or EventType.AgentMessage => agentId is not null,
            EventType.SatisfactionRated => false, // its score is a number: the general path reads and checks it
            _ => true,
        };
        return complete
            ? new InteractionEvent(eventId!, kind, when, interactionId!, customerId!, channel, queue, agentId, tier, topic, text)
            : null;
    }

    private static bool IsId(string? value, EventLimits limits) => Blank(value) is not null && value!.Length <= limits.MaxIdLength;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int Field(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when name.SequenceEqual("type"u8) => TypeBit,
        4 when name.SequenceEqual("text"u8) => TextBit,
        5 when name.SequenceEqual("queue"u8) => QueueBit,
        5 when name.SequenceEqual("topic"u8) => TopicBit,
        7 when name.SequenceEqual("eventId"u8) => EventIdBit,
        7 when name.SequenceEqual("channel"u8) => ChannelBit,
        7 when name.SequenceEqual("agentId"u8) => AgentIdBit,
        10 when name.SequenceEqual("occurredAt"u8) => OccurredAtBit,
        10 when name.SequenceEqual("customerId"u8) => CustomerIdBit,
        12 when name.SequenceEqual("customerTier"u8) => TierBit,
        13 when name.SequenceEqual("interactionId"u8) => InteractionIdBit,
        _ => 0,
    };

    private static bool TryType(ReadOnlySpan<byte> name, out EventType type)
    {
        type = default;
        foreach (var (wire, value) in WireTypes)
        {
            if (name.SequenceEqual(wire))
            {
                type = value;
                return true;
            }
        }
        return false;
    }

    private static readonly (byte[] Wire, EventType Type)[] WireTypes =
        [.. Enum.GetValues<EventType>().Select(t => (Encoding.UTF8.GetBytes(EventTypes.WireName(t)), t))];
}

/// <summary>
/// The timestamp form events are written in, <c>yyyy-MM-ddTHH:mm:ss[.fffffff](Z|±hh:mm)</c>, parsed from UTF-8
/// to the same UTC instant <see cref="EventValidator"/> gives; any other form is left to it (false). The last
/// value is remembered: consecutive events often share their second.
/// </summary>
internal static class Utf8Timestamp
{
    [ThreadStatic] private static byte[]? _lastBytes;
    [ThreadStatic] private static int _lastLength;
    [ThreadStatic] private static DateTimeOffset _lastValue;

    public static bool TryParse(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        if (_lastBytes is { } last && s.SequenceEqual(last.AsSpan(0, _lastLength)))
        {
            value = _lastValue;
            return true;
        }
        if (!TryParseCore(s, out value))
            return false;
        if (s.Length <= 40)
        {
            _lastBytes ??= new byte[40];
            s.CopyTo(_lastBytes);
            _lastLength = s.Length;
            _lastValue = value;
        }
        return true;
    }

    private static bool TryParseCore(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
            !Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day) ||
            !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
            return false;
        var i = 19;
        long fraction = 0;
        if (s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
                fraction = fraction * 10 + (s[i++] - '0');
            var digits = i - start;
            if (digits is 0 or > 7)
                return false;
            for (var d = digits; d < 7; d++)
                fraction *= 10;
        }
        long offsetTicks;
        if (i == s.Length - 1 && s[i] == 'Z')
            offsetTicks = 0;
        else if (i == s.Length - 6 && s[i] is (byte)'+' or (byte)'-' && s[i + 3] == ':' &&
                 Digits(s, i + 1, 2, out var oh) && Digits(s, i + 4, 2, out var om) && oh <= 14 && om <= 59 && oh * 60 + om <= 14 * 60)
            offsetTicks = (s[i] == '-' ? -1 : 1) * (oh * TimeSpan.TicksPerHour + om * TimeSpan.TicksPerMinute);
        else
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        var utc = new DateTime(year, month, day, hour, minute, second).Ticks + fraction - offsetTicks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
            return false;
        value = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int at, int count, out int value)
    {
        value = 0;
        for (var k = at; k < at + count; k++)
        {
            var d = (uint)(s[k] - '0');
            if (d > 9)
                return false;
            value = value * 10 + (int)d;
        }
        return true;
    }
}
