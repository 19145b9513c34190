namespace RiskTriggers.Host.Cli;

/// <summary>
/// The addresses <c>serve</c> listens on (<c>--urls</c>, else the <c>urls</c> setting, e.g. from
/// <c>ASPNETCORE_URLS</c>), checked before the host starts so a typo is one line rather than a stack trace.
/// </summary>
internal static class ListenAddresses
{
    public const string Remedy = "pass --urls or set ASPNETCORE_URLS";

    /// <summary>Why <paramref name="urls"/> (';'-separated) cannot be listened on; null when it can.</summary>
    public static string? Problem(string? urls, string source)
    {
        foreach (var url in Split(urls))
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                return $"'{url}' (from {source}) is not an address to listen on; expected a URL such as http://127.0.0.1:5080 or http://0.0.0.0:8080";
            }
            if (address.Scheme is not ("http" or "https"))
                return $"'{url}' (from {source}) is not an http:// or https:// address";
            if (address.Port is < 0 or > 65535)
                return $"'{url}' (from {source}) has port {address.Port}; a port is 0 to 65535 (0 picks a free one)";
        }
        return null;
    }

    /// <summary>"port 8080 is in use (http://127.0.0.1:8080); …", for the address Kestrel names in its failure to bind.</summary>
    public static string InUse(string? urls, string message)
    {
        var named = Split(urls).FirstOrDefault(url => message.Contains(url.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)) ?? Split(urls).FirstOrDefault();
        return named is null ? $"the port is in use; {Remedy}" : $"port {BindingAddress.Parse(named).Port} is in use ({named}); {Remedy}";
    }

    private static IEnumerable<string> Split(string? urls) =>
        (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
