using System.CommandLine;
using Microsoft.Extensions.Configuration;
using RiskTriggers.Host.Streams;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// <c>stream-publish FILE</c>: appends each JSON line, as it is, to the ingestion stream of its interaction
/// (valid or not: the workers dead-letter what they refuse). For trying the streams from a platform's side. Lines stay
/// UTF-8 bytes from the file to Redis, appends pipelined.
/// </summary>
internal static class StreamPublishCommand
{
    public static Command Create()
    {
        var redis = new RedisCliOptions();
        var file = new Argument<string>("file") { Description = "JSON-lines events, or - for stdin" };
        var command = new Command("stream-publish", "Publish JSON-lines events to the Redis ingestion streams rt:events:N") { file };
        foreach (var option in redis.All)
            command.Options.Add(option);
        command.SetAction((parse, _) => RunAsync(parse.GetValue(file)!, redis.ToConfiguration(parse)));
        return command;
    }

    private static async Task<int> RunAsync(string path, Dictionary<string, string?> overrides)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
        var options = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        if (!options.Enabled)
            return Fail("needs Redis: pass --redis HOST:PORT or set RiskTriggers__Redis__ConnectionString");
        if (!EventFile.TryOpen(path, out var input, out var error))
            return Fail(error);

        using (input)
        using (var redis = RedisStateServices.Connect(options))
        {
            if (!redis.IsConnected)
                return Fail($"cannot reach Redis at {options.ConnectionString}");
            var writer = new EventStreamWriter(redis, options);
            var count = await writer.PublishAllAsync(Lines(new Utf8Lines(input)));
            Console.Error.WriteLine($"stream-publish: {count} events to {options.KeyPrefix}events:0..{options.Shards - 1}");
        }
        return 0;
    }

    /// <summary>The file's lines as UTF-8, blank ones left out; each valid until the next is read (the writer copies it).</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Lines(Utf8Lines lines)
    {
        while (lines.TryRead(out var line))
        {
            if (line.Span.IndexOfAnyExcept(" \t\r\f\v"u8) >= 0)
                yield return line;
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"stream-publish: {message}");
        return 2;
    }
}
