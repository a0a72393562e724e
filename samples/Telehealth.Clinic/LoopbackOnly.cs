namespace Telehealth.Clinic;

/// <summary>
/// The sample serves its reports without sign-in, so it refuses to listen anywhere but the loopback interface, and only
/// over HTTPS.
/// </summary>
internal static class LoopbackOnly
{
    private static readonly string[] LoopbackHosts = ["127.0.0.1", "localhost", "[::1]"];

    /// <summary>Whether the configuration names endpoints (<c>urls</c> or <c>Kestrel:Endpoints</c>).</summary>
    /// <param name="configuration">The host configuration.</param>
    /// <returns><see langword="true"/> when endpoints are configured.</returns>
    public static bool HasConfiguredEndpoints(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey]) || configuration.GetSection("Kestrel:Endpoints").Exists();

    /// <summary>Throws when a configured endpoint is not an HTTPS address on loopback.</summary>
    /// <param name="configuration">The host configuration.</param>
    /// <exception cref="InvalidOperationException">An endpoint would listen elsewhere.</exception>
    public static void Check(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.IsNullOrWhiteSpace(configuration["http_ports"]) || !string.IsNullOrWhiteSpace(configuration["https_ports"]))
        {
            throw new InvalidOperationException("The clinic sample binds to loopback only: set urls (e.g. --urls https://127.0.0.1:5443) instead of HTTP_PORTS or HTTPS_PORTS, which listen on every interface.");
        }

        var urls = (configuration[WebHostDefaults.ServerUrlsKey] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? string.Empty));
        foreach (var url in urls)
        {
            if (!IsLoopbackHttps(url))
            {
                throw new InvalidOperationException($"The clinic sample serves its reports without sign-in and binds to loopback only, over HTTPS: '{url}' is not https://127.0.0.1, https://localhost or https://[::1].");
            }
        }
    }

    private static bool IsLoopbackHttps(string url)
    {
        const string scheme = "https://";
        if (!url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var authority = url[scheme.Length..].Split('/')[0];
        return LoopbackHosts.Any(h => authority.Equals(h, StringComparison.OrdinalIgnoreCase) || authority.StartsWith(h + ":", StringComparison.OrdinalIgnoreCase));
    }
}
