using Telehealth.Audit;

namespace Telehealth.Clinic.Audit;

/// <summary>
/// Serves the audit log read-only in the C2SP tlog-tiles layout under <c>/audit/log/</c>, so monitors
/// and witnesses can follow it. The endpoints have no sign-in yet; reading will need the audit-read
/// permission once Telehealth.Identity lands.
/// </summary>
internal static class AuditLogEndpoints
{
    public const string Prefix = "/audit/log";

    public static void Map(WebApplication app) =>
        app.MapGet(Prefix + "/{**path}", async (string path, AuditLogTiles tiles, CancellationToken cancellationToken) =>
            await tiles.ReadAsync(path, cancellationToken) is { } resource
                ? Results.Bytes(resource.Content, resource.MediaType)
                : Results.NotFound());
}
