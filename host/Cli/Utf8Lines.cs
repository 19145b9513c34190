namespace RiskTriggers.Host.Cli;

/// <summary>
/// Splits a UTF-8 stream into lines without decoding them: the intake parses the bytes, and only a line it
/// rejects is ever turned into a string (a day of events read as strings was half a gigabyte of garbage).
/// Lines end at LF or CRLF; a UTF-8 byte-order mark before the first line is skipped.
/// </summary>
internal sealed class Utf8Lines(Stream stream)
{
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _ended;
    private bool _first = true;

    /// <summary>The next line without its line break; valid until the next call. False at the end of the stream.</summary>
    public bool TryRead(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Cut(newline, newline + 1);
                return true;
            }
            if (_ended && _start == _end)
            {
                line = default;
                return false;
            }
            if (_ended)
            {
                line = Cut(_end - _start, _end - _start);
                return true;
            }
            Fill();
        }
    }

    private ReadOnlyMemory<byte> Cut(int length, int consumed)
    {
        var line = _buffer.AsMemory(_start, length);
        _start += consumed;
        if (line.Span.EndsWith((byte)'\r'))
            line = line[..^1];
        if (_first && line.Span.StartsWith(ByteOrderMark))
            line = line[ByteOrderMark.Length..];
        _first = false;
        return line;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
            Array.Resize(ref _buffer, _buffer.Length * 2); // a line longer than the buffer
        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
            _ended = true;
        _end += read;
    }
}
