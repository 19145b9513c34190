using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// <c>settings get|set FILE|history|rollback N|shadow …</c>: the settings API of a running host. <c>get</c> prints the
/// effective document (every default filled in) to stdout, so <c>get</c> and <c>set</c> round-trip through a file,
/// and setting it back unchanged makes no new version; everything else goes to stderr. Exit 0 on
/// success, 1 when the host refused (each validation error on its own line), 2 when it could not be asked.
/// </summary>
internal static class SettingsCommand
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string KeyVariable = "RISKTRIGGERS_API_KEY";
    private const string ApiKeyHeader = "X-Api-Key";
    internal static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The host's base URL", DefaultValueFactory = _ => DefaultUrl, Recursive = true };
        var key = new Option<string?>("--key") { Description = $"API key with the admin role (default: ${KeyVariable})", Recursive = true };
        var comment = new Option<string?>("--comment") { Description = "Why, for the audit record" };

        var version = new Option<int?>("--version") { Description = "A stored version instead of the current one" };
        var get = new Command("get", "Print the effective settings document in force (or --version N), defaults included, on stdout") { version };
        get.SetAction((parse, ct) => RunAsync(parse, url, key, async (http, output, error) =>
        {
            var path = parse.GetValue(version) is { } v ? $"v1/settings/{v}" : "v1/settings";
            var response = await SendAsync(http, HttpMethod.Get, path, null, ct);
            if (await RefusedAsync(response, error, ct) is { } code)
                return code;
            var view = await ReadJsonAsync(response, ct);
            // The effective document (every default filled in): what is in force, and a complete file to edit.
            await output.WriteLineAsync(view["effective"]?.ToJsonString(Indented) ?? "{}");
            await error.WriteLineAsync(Describe(view));
            return 0;
        }));

        var file = new Argument<string>("file") { Description = "Settings document (JSON), or - for stdin" };
        var set = new Command("set", "Validate and save a settings document as the next version; one equal to the document in force makes none") { file, comment };
        set.SetAction((parse, ct) => RunAsync(parse, url, key, async (http, output, error) =>
        {
            if (await ReadDocumentAsync(parse.GetValue(file)!, error, ct) is not { } document)
                return 2;
            var response = await SendAsync(http, HttpMethod.Put, "v1/settings" + CommentQuery(parse.GetValue(comment)), document, ct);
            return await ReportSavedAsync(response, output, error, ct);
        }));

        var max = new Option<int>("--max") { Description = "How many versions, newest first", DefaultValueFactory = _ => 20 };
        var history = new Command("history", "List the versions with author, time, comment and what changed") { max };
        history.SetAction((parse, ct) => RunAsync(parse, url, key, async (http, output, error) =>
        {
            var response = await SendAsync(http, HttpMethod.Get, $"v1/settings/history?max={parse.GetValue(max)}", null, ct);
            if (await RefusedAsync(response, error, ct) is { } code)
                return code;
            var versions = (await ReadJsonAsync(response, ct)).AsArray();
            if (versions.Count == 0)
                await output.WriteLineAsync("no versions saved: the built-in defaults (v0) are in force");
            foreach (var view in versions)
            {
                await output.WriteLineAsync(Describe(view!));
                await WriteChangesAsync(output, view!);
            }
            return 0;
        }));

        var target = new Argument<int>("version") { Description = "The version whose document becomes current again (0: built-in defaults)" };
        var rollback = new Command("rollback", "Save an earlier version's document as the next version") { target, comment };
        rollback.SetAction((parse, ct) => RunAsync(parse, url, key, async (http, output, error) =>
        {
            var path = $"v1/settings/rollback/{parse.GetValue(target)}" + CommentQuery(parse.GetValue(comment));
            var response = await SendAsync(http, HttpMethod.Post, path, null, ct);
            return await ReportSavedAsync(response, output, error, ct);
        }));

        return new Command("settings", "Read and change the settings of a running host (admin API key)")
        {
            url, key, get, set, history, rollback, SettingsShadowCommand.Create(url, key),
        };
    }

    /// <summary>The document in a file, or stdin for "-"; null when it cannot be read, after saying why.</summary>
    internal static async Task<string?> ReadDocumentAsync(string path, TextWriter error, CancellationToken ct)
    {
        try
        {
            return path == "-" ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"settings: cannot read '{path}': {ex.Message}");
            return null;
        }
    }

    internal static async Task<int> RunAsync(
        ParseResult parse, Option<string> url, Option<string?> key, Func<HttpClient, TextWriter, TextWriter, Task<int>> run)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (!Uri.TryCreate(EnsureSlash(parse.GetValue(url)!), UriKind.Absolute, out var baseUri))
        {
            await error.WriteLineAsync($"settings: --url '{parse.GetValue(url)}' is not an absolute URL such as {DefaultUrl}");
            return 2;
        }
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        var apiKey = parse.GetValue(key) ?? Environment.GetEnvironmentVariable(KeyVariable);
        if (!string.IsNullOrEmpty(apiKey))
            http.DefaultRequestHeaders.Add(ApiKeyHeader, apiKey);
        try
        {
            return await run(http, output, error);
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"settings: cannot reach {baseUri}: {ex.Message}");
            return 2;
        }
        catch (TaskCanceledException)
        {
            await error.WriteLineAsync($"settings: {baseUri} did not answer in time");
            return 2;
        }
    }

    /// <summary>"saved v3 …" and the diff for a new version (201); "unchanged, version 2 …" when none was made (200).</summary>
    private static async Task<int> ReportSavedAsync(HttpResponseMessage response, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (await RefusedAsync(response, error, ct) is { } code)
            return code;
        var view = await ReadJsonAsync(response, ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            await output.WriteLineAsync($"unchanged, version {view["version"]}: the document equals the one in force; no version made");
            return 0;
        }
        await output.WriteLineAsync($"saved {Describe(view)}");
        await WriteChangesAsync(output, view);
        return 0;
    }

    internal static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? body, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        return http.SendAsync(request, ct);
    }

    /// <summary>Null if the host answered with success, else writes why not and returns the exit code.</summary>
    internal static async Task<int?> RefusedAsync(HttpResponseMessage response, TextWriter error, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return null;
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonNode? problem = null;
        try
        {
            problem = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (JsonException)
        {
        }
        var title = problem?["title"]?.GetValue<string>() ?? response.ReasonPhrase ?? "refused";
        await error.WriteLineAsync($"settings: {(int)response.StatusCode} {title}{Hint(response.StatusCode)}");
        if (problem?["errors"] is JsonArray errors)
        {
            foreach (var e in errors)
                await error.WriteLineAsync($"  {e}");
        }
        else if (problem?["detail"]?.GetValue<string>() is { } detail)
        {
            await error.WriteLineAsync($"  {detail}");
        }
        return 1;
    }

    private static string Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => $" (pass --key or set {KeyVariable})",
        HttpStatusCode.Forbidden => " (settings need a key with the admin role)",
        _ => "",
    };

    internal static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) ?? new JsonObject();

    /// <summary>"v3 by ana at 2026-11-24T10:00:00Z: faster replies"; "v0: built-in defaults" (nobody wrote it, at no time).</summary>
    private static string Describe(JsonNode view)
    {
        var comment = view["comment"]?.GetValue<string>();
        if (view["version"]?.GetValue<int>() == 0)
            return $"v0: {comment}";
        return $"v{view["version"]} by {view["author"]?.GetValue<string>()} at {view["at"]?.GetValue<string>()}" +
               (string.IsNullOrEmpty(comment) ? "" : $": {comment}");
    }

    private static async Task WriteChangesAsync(TextWriter output, JsonNode view)
    {
        foreach (var change in view["changes"]?.AsArray() ?? [])
            await output.WriteLineAsync($"  {change!["path"]}: {Value(change["old"])} -> {Value(change["new"])}");
    }

    private static string Value(JsonNode? value) => value?.ToJsonString(Indented).ReplaceLineEndings(" ") ?? "(none)";

    private static string CommentQuery(string? comment) =>
        string.IsNullOrWhiteSpace(comment) ? "" : "?comment=" + Uri.EscapeDataString(comment);

    private static string EnsureSlash(string url) => url.EndsWith('/') ? url : url + "/";
}
