using Microsoft.Extensions.Options;
using Telehealth.Clinic.Audit;
using Telehealth.Clinic.Compliance;
using Telehealth.Clinic.Https;
using Telehealth.Clinic.Pages;
using Telehealth.Clinic.Records;
using Telehealth.Compliance;
using Telehealth.Crypto;

namespace Telehealth.Clinic;

/// <summary>
/// Composes the clinic host: Telehealth.Audit, Telehealth.Crypto, Telehealth.Compliance and Telehealth.Compliance.Evidence
/// over one data directory, HTTPS on loopback with a development certificate, and the compliance report endpoints.
/// </summary>
internal static partial class ClinicHost
{
    /// <summary>Where the host listens unless <c>urls</c> or Kestrel endpoints are configured.</summary>
    public const string DefaultUrl = "https://127.0.0.1:5443";

    /// <summary>The <c>last-modified</c> of the exported catalog: the publication of the rule text it holds (the
    /// Omnibus Rule, 78 FR 5566), so the document is the same on every request.</summary>
    private static readonly DateTimeOffset CatalogLastModified = new(2013, 1, 25, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The name under which the host serves the OSCAL catalog, beside the assessment results that link it.</summary>
    private const string CatalogFileName = "catalog.json";

    /// <summary>Builds the host.</summary>
    /// <param name="args">Command-line arguments; standard ASP.NET Core configuration (<c>--urls</c>, <c>--Clinic:DataDirectory</c>).</param>
    /// <param name="configure">Further configuration before the host is built, for tests (for example a logger provider).</param>
    /// <returns>The application, not yet started.</returns>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        // The stores take their directories when they are registered, so the options are read and checked here too;
        // ValidateOnStart checks the same options again for whoever resolves them later.
        var section = builder.Configuration.GetSection(ClinicOptions.SectionName);
        var options = section.Get<ClinicOptions>() ?? new ClinicOptions();
        var validation = new ClinicOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ClinicOptions), validation.Failures);
        }

        LoopbackOnly.Check(builder.Configuration);
        if (!LoopbackOnly.HasConfiguredEndpoints(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var paths = ClinicPaths.Create(options.DataDirectory, builder.Environment.ContentRootPath);
        var masterKeyExisted = File.Exists(paths.MasterKeyFile);

        var services = builder.Services;
        services.AddSingleton(paths);
        services.AddOptionsWithValidateOnStart<ClinicOptions>().Bind(section);
        services.AddSingleton<IValidateOptions<ClinicOptions>, ClinicOptionsValidator>();
        services.AddSingleton(TimeProvider.System);

        services.AddTelehealthAudit(o => o.Origin = "clinic.localhost/audit").UseFileStore(paths.AuditDirectory);
        services.AddTelehealthCrypto(o =>
        {
            o.KeyDirectory = paths.KeyDirectory;
            o.MasterKeyFile = paths.MasterKeyFile; // development only; see the README
            o.CreateMasterKeyFileIfMissing = true;
        });
        services.AddSingleton(_ => new FileEnvelopeStore(paths.RecordsDirectory));
        services.AddSingleton<IEnvelopeStore>(sp => sp.GetRequiredService<FileEnvelopeStore>());
        services.AddTelehealthCompliance(o => o.StoreDirectory = paths.ComplianceDirectory);
        services.AddTelehealthComplianceEvidence();

        services.AddSingleton<ComplianceWorkspace>();
        services.AddHostedService<ComplianceStartup>();
        services.AddSingleton<DevelopmentCertificate>();
        services.AddHealthChecks();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ConfigureHttpsDefaults(https =>
            {
                var certificate = kestrel.ApplicationServices.GetRequiredService<DevelopmentCertificate>();
                certificate.GetCurrent(); // generated or renewed now, not at the first handshake
                https.ServerCertificateSelector = (_, _) => certificate.GetCurrent();
            });
        });

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClinicHost).FullName!);
        LogDataDirectory(logger, paths.DataDirectory);
        LogDevelopmentMasterKey(logger, paths.MasterKeyFile, masterKeyExisted ? "kept from an earlier run" : "generated on this first run");

        app.UseSecurityHeaders();
        MapEndpoints(app);
        return app;
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.MapGet("/", () => Results.Content(IndexPage.Render(), "text/html; charset=utf-8"));

        var compliance = app.MapGroup("/compliance");
        compliance.MapGet("/report", (ComplianceWorkspace workspace, CancellationToken cancellationToken) =>
            RenderAsync(workspace, new HtmlReportRenderer(), cancellationToken));
        compliance.MapGet("/report.md", (ComplianceWorkspace workspace, CancellationToken cancellationToken) =>
            RenderAsync(workspace, new MarkdownReportRenderer(), cancellationToken));
        compliance.MapGet("/report.json", (ComplianceWorkspace workspace, CancellationToken cancellationToken) =>
            RenderAsync(workspace, new JsonReportRenderer(), cancellationToken));
        // The assessment results link the catalog relative to their own address: /compliance/oscal/catalog.json.
        compliance.MapGet("/oscal/assessment-results.json", (ComplianceWorkspace workspace, CancellationToken cancellationToken) =>
            RenderAsync(workspace, new OscalAssessmentResultsRenderer(CatalogFileName), cancellationToken));
        compliance.MapGet("/oscal/poam.json", async (ComplianceWorkspace workspace, CancellationToken cancellationToken) =>
        {
            // OSCAL requires at least one item: a program without open findings has no plan to export.
            var assessment = await workspace.AssessAsync(cancellationToken);
            return assessment.Findings.Count == 0
                ? Results.NoContent()
                : Results.Content(new OscalPoamRenderer(CatalogFileName).Render(assessment), "application/json; charset=utf-8");
        });
        compliance.MapGet($"/oscal/{CatalogFileName}", (ComplianceWorkspace workspace) =>
            Results.Content(OscalCatalogExporter.Export(workspace.Catalog, CatalogLastModified), "application/json; charset=utf-8"));

        AuditLogEndpoints.Map(app);
        app.MapHealthChecks("/health");
    }

    private static async Task<IResult> RenderAsync(ComplianceWorkspace workspace, IComplianceReportRenderer renderer, CancellationToken cancellationToken)
    {
        var assessment = await workspace.AssessAsync(cancellationToken);
        return Results.Content(renderer.Render(assessment), renderer.MediaType + "; charset=utf-8");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Clinic data directory: {DataDirectory}. Delete it (with the host stopped) to start over with fresh demo data and new keys.")]
    private static partial void LogDataDirectory(ILogger logger, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development master key file {Path} ({State}): it protects the keyring and sits unencrypted beside the data. For development only; in production the master key comes from a secret manager or the keys live in an HSM.")]
    private static partial void LogDevelopmentMasterKey(ILogger logger, string path, string state);
}
