using Microsoft.Extensions.DependencyInjection;

namespace Telehealth.Audit;

/// <summary>Chained configuration returned by <c>services.AddTelehealthAudit(...)</c>: choose the store and signing key.</summary>
public sealed class TelehealthAuditBuilder
{
    internal TelehealthAuditBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the service collection, for extension packages that add stores.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Uses the given store factory. The store is created once and disposed with the container.</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    public TelehealthAuditBuilder UseStore(Func<IServiceProvider, IAuditStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddSingleton(factory);
        return this;
    }
}
