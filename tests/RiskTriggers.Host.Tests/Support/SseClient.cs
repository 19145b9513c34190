using System.Text.Json;

namespace RiskTriggers.Host.Tests.Support;

/// <summary>A minimal Server-Sent Events reader for tests: every read has the bounded test timeout.</summary>
internal sealed class SseClient : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _reader = new StreamReader(stream);
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseClient> ConnectAsync(HttpClient client, string path = "/v1/alerts/stream", long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is { } id)
            request.Headers.Add("Last-Event-ID", id.ToString());
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseClient(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event that carries data: its id, event type and JSON data.</summary>
    public async Task<SseEvent> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TestHost.Timeout);
        long? id = null;
        string type = "message";
        string? data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("the stream ended");
            if (line.Length == 0)
            {
                if (data is not null)
                    return new SseEvent(id, type, JsonDocument.Parse(data).RootElement.Clone());
                continue;
            }
            if (line.StartsWith(':'))
                continue;
            var (field, value) = line.IndexOf(':') is var colon and >= 0 ? (line[..colon], line[(colon + 1)..].TrimStart()) : (line, "");
            switch (field)
            {
                case "id": id = long.Parse(value); break;
                case "event": type = value; break;
                case "data": data = data is null ? value : data + "\n" + value; break;
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}

internal sealed record SseEvent(long? Id, string Type, JsonElement Data)
{
    public string AlertId => Data.GetProperty("alert").GetProperty("alertId").GetString()!;
    public string Change => Data.GetProperty("change").GetString()!;
}
